// Suggestions as you type, for fields with data-suggest-url (an affiliation, a chair, an
// organisation from the directory). The field becomes an ARIA combobox with its own list of
// suggestions under it (not the browser's <datalist>, whose pop-up some browsers and screen
// readers cannot reach): Down and Up move through the list, Enter picks the one shown as
// chosen (and does not send the form), Escape closes the list; a click picks too. Whatever
// is typed is kept when nothing is picked. Listening on the document, so fields added to the
// page later (a recording page's new entries) get them too. A field with
// data-suggest-separator="," holds several names (the registration form's networks): what
// is suggested is for the name being typed after the last comma, and picking one puts it
// there, the names before kept.
(function () {
  "use strict";

  const timers = new WeakMap();
  const asked = new WeakMap();
  let announcer = null;

  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      document.body.append(announcer);
    }
    announcer.textContent = text;
  }

  function listFor(input) {
    let list = document.getElementById(`${input.id}-suggestions`);
    if (!list) {
      list = document.createElement("ul");
      list.id = `${input.id}-suggestions`;
      list.className = "list-group suggest-list mt-1";
      list.setAttribute("role", "listbox");
      const label = input.labels && input.labels[0];
      const name = label ? label.textContent.replace("*", "").trim() : "";
      list.setAttribute("aria-label", name ? `Suggestions: ${name}` : "Suggestions");
      list.hidden = true;
      input.after(list);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-controls", list.id);
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("autocomplete", "off");
    }
    return list;
  }

  function options(list) {
    return Array.from(list.querySelectorAll("[role=option]"));
  }

  function close(input) {
    const list = document.getElementById(`${input.id}-suggestions`);
    if (!list) return;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(input, option) {
    const list = listFor(input);
    for (const other of options(list)) {
      const chosen = other === option;
      other.setAttribute("aria-selected", chosen ? "true" : "false");
      other.classList.toggle("active", chosen);
    }
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  // The name being typed: the whole value, or in a field of several names what follows the
  // last separator.
  function typedName(input) {
    const separator = input.dataset.suggestSeparator;
    return separator ? input.value.split(separator).pop() : input.value;
  }

  // The value with `chosen` in place of the name being typed. A chosen name may hold the
  // separator itself ("Race, Faith and Belief"): the pieces typed of it are replaced too.
  function withChosen(input, chosen) {
    const separator = input.dataset.suggestSeparator;
    if (!separator) return chosen;
    const pieces = input.value.split(separator);
    const start = chosen.toLowerCase();
    let kept = pieces.length - 1;
    for (let count = chosen.split(separator).length; count > 1; count -= 1) {
      const typed = pieces.slice(-count).join(separator).trim().toLowerCase();
      if (pieces.length >= count && typed && start.startsWith(typed)) {
        kept = pieces.length - count;
        break;
      }
    }
    const before = pieces.slice(0, kept).map((piece) => piece.trim()).filter(Boolean);
    return [...before, chosen].join(`${separator} `);
  }

  function pick(input, option) {
    input.value = withChosen(input, option.dataset.value);
    close(input);
    // "change", not "input": a recording form saves on it, and no new suggestions are asked.
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function show(input, suggestions) {
    const list = listFor(input);
    const typed = typedName(input).trim().toLowerCase();
    // Nothing to offer, or only what is typed already.
    if (!suggestions.length || (suggestions.length === 1 && suggestions[0].toLowerCase() === typed)) {
      close(input);
      return;
    }
    list.replaceChildren(...suggestions.map((text, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${index}`;
      option.className = "list-group-item list-group-item-action";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.value = text;
      option.textContent = text;
      return option;
    }));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    input.removeAttribute("aria-activedescendant");
    announce(suggestions.length === 1 ? "1 suggestion" : `${suggestions.length} suggestions`);
  }

  function isSuggestField(target) {
    return target instanceof HTMLInputElement && Boolean(target.dataset.suggestUrl);
  }

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!isSuggestField(input)) return;
    listFor(input);
    clearTimeout(timers.get(input));
    const query = typedName(input).trim();
    if (query.length < 2) {
      close(input);
      return;
    }
    timers.set(input, setTimeout(async () => {
      asked.set(input, query);
      try {
        const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(query)}`;
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        const { suggestions } = await response.json();
        // A slower answer to an earlier question is not shown over a newer one.
        if (asked.get(input) === query && document.activeElement === input) {
          show(input, suggestions);
        }
      } catch (error) {
        // Offline: no suggestions this time; the typed name is kept all the same.
      }
    }, 200));
  });

  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!isSuggestField(input)) return;
    const list = document.getElementById(`${input.id}-suggestions`);
    if (!list || list.hidden) return;
    const all = options(list);
    const current = all.findIndex((option) => option.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      const next = current === -1 ? (step === 1 ? 0 : all.length - 1)
        : (current + step + all.length) % all.length;
      choose(input, all[next]);
    } else if (event.key === "Enter" && current !== -1) {
      event.preventDefault();
      pick(input, all[current]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(input);
    }
  });

  // Pressed, not clicked: the field keeps the focus, so the list is still there to pick from.
  document.addEventListener("mousedown", (event) => {
    const option = event.target instanceof Element && event.target.closest(".suggest-list [role=option]");
    if (!option) return;
    event.preventDefault();
    const input = document.querySelector(`[aria-controls="${option.parentElement.id}"]`);
    if (input) pick(input, option);
  });

  document.addEventListener("focusout", (event) => {
    if (isSuggestField(event.target)) close(event.target);
  });
})();
