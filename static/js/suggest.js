// Suggestions as you type, for fields with data-suggest-url (an affiliation, a chair, an
// organisation from the directory): the browser's own <datalist> shows them, so they work
// with the keyboard and screen readers. Listening on the document, so fields added to the
// page later (a recording page's new entries) get them too.
(function () {
  "use strict";

  const timers = new WeakMap();

  function listFor(input) {
    let list = document.getElementById(`${input.id}-suggestions`);
    if (!list) {
      list = document.createElement("datalist");
      list.id = `${input.id}-suggestions`;
      input.after(list);
      input.setAttribute("list", list.id);
    }
    return list;
  }

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.suggestUrl) return;
    const list = listFor(input);
    clearTimeout(timers.get(input));
    const query = input.value.trim();
    if (query.length < 2) return;
    timers.set(input, setTimeout(async () => {
      try {
        const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(query)}`;
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        const { suggestions } = await response.json();
        list.replaceChildren(...suggestions.map((text) => {
          const option = document.createElement("option");
          option.value = text;
          return option;
        }));
      } catch (error) {
        // Offline: no suggestions this time; the typed name is kept all the same.
      }
    }, 200));
  });
})();
