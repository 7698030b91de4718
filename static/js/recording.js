// A breakout group's recording page: every part saves by itself about a second after typing
// stops, when a field loses focus and when the page is hidden. What has not reached the
// server is kept in this browser's storage (so a closed tab or a dropped connection loses
// nothing) and sent when the connection comes back. A part someone else saved meanwhile is
// not overwritten: both texts are shown to merge. Without this script every part still has
// its own Save button.
(function () {
  "use strict";

  const status = document.getElementById("save-status");
  if (!status || !window.fetch) {
    return;
  }
  const words = status.dataset;
  const storeKey = "breakouts:" + words.group + ":pending";
  const DELAY = 1000;
  const RETRY = 5000;
  const timers = new Map();
  const inflight = new Set();
  let pending = load();

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey)) || {};
    } catch (error) {
      return {};
    }
  }

  function store() {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(pending));
    } catch (error) {
      // Storage full or refused: the page still saves, it only cannot keep a queue.
    }
  }

  function say(text) {
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  function clock() {
    const now = new Date();
    return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
  }

  function field(form, name) {
    return form.querySelector('input[name="' + name + '"]');
  }

  function partOf(form) {
    return field(form, "part").value;
  }

  function formFor(part) {
    return Array.from(document.querySelectorAll("form[data-autosave]")).find(
      (form) => partOf(form) === part,
    );
  }

  function isNew(part) {
    return part.indexOf(":new:") !== -1;
  }

  function isBlank(form) {
    const text = form.querySelector('[name="text"]');
    const organisation = form.querySelector('[name="organisation"]');
    return !(text && text.value.trim()) && !(organisation && organisation.value);
  }

  function newKey() {
    if (window.crypto && window.crypto.getRandomValues) {
      const bytes = window.crypto.getRandomValues(new Uint8Array(16));
      return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    }
    return String(Date.now()) + String(Math.random()).slice(2);
  }

  function remember(form) {
    const fields = Array.from(new FormData(form).entries()).filter(
      ([name]) => name !== "csrfmiddlewaretoken",
    );
    const part = partOf(form);
    const held = pending[part];
    pending[part] = { fields: fields, action: form.action, conflict: held ? held.conflict : false };
    store();
  }

  function schedule(form) {
    const part = partOf(form);
    if (isNew(part) && isBlank(form)) {
      return;
    }
    remember(form);
    if (pending[part].conflict) {
      return; // waits for the person to merge and press Save
    }
    say(words.waiting);
    window.clearTimeout(timers.get(part));
    timers.set(part, window.setTimeout(() => send(part), DELAY));
  }

  function csrfToken() {
    const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function setField(fields, name, value) {
    const kept = fields.filter(([key]) => key !== name);
    kept.push([name, String(value)]);
    return kept;
  }

  async function send(part, { keepalive = false } = {}) {
    window.clearTimeout(timers.get(part));
    const entry = pending[part];
    if (!entry || entry.conflict || entry.invalid) {
      return;
    }
    if (inflight.has(part)) {
      timers.set(part, window.setTimeout(() => send(part), DELAY / 2));
      return;
    }
    inflight.add(part);
    say(words.saving);
    const body = new URLSearchParams(entry.fields);
    body.set("csrfmiddlewaretoken", csrfToken());
    let response;
    try {
      response = await window.fetch(entry.action, {
        method: "POST",
        body: body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        keepalive: keepalive,
      });
    } catch (error) {
      inflight.delete(part);
      say(words.offline);
      return;
    }
    inflight.delete(part);
    if (response.ok) {
      saved(part, entry, await response.json());
    } else if (response.status === 409) {
      conflicted(part, (await response.json()).conflict);
    } else if (response.status === 400) {
      invalid(part, (await response.json()).errors);
    } else if (response.status === 403 || response.redirected) {
      say(words.signedOut);
    } else {
      say(words.offline);
    }
    settle();
  }

  function saved(part, entry, answer) {
    const form = formFor(part);
    const changed = pending[part] !== entry;
    if (changed && pending[part]) {
      // Typed while this save was on its way: send that too, from the new version.
      let fields = setField(pending[part].fields, "version", answer.version);
      fields = setField(fields, "part", answer.part);
      delete pending[part];
      pending[answer.part] = { fields: fields, action: entry.action, conflict: false };
      timers.set(answer.part, window.setTimeout(() => send(answer.part), DELAY));
    } else {
      delete pending[part];
    }
    store();
    if (!form) {
      return; // from a visit before: the page is reloaded once the queue is empty
    }
    field(form, "version").value = answer.version;
    field(form, "part").value = answer.part;
    clearMessages(form);
    const meta = form.querySelector("[data-part-meta]");
    if (meta) {
      meta.textContent = words.saved.replace("%s", answer.saved_at);
    }
    if (isNew(part)) {
      becameSaved(form);
    }
  }

  function becameSaved(form) {
    form.classList.remove("record-part-new");
    const button = form.querySelector("[data-save-button]");
    if (button) {
      button.textContent = words.saveLabel;
    }
    const list = form.closest("[data-list]");
    const template = list && list.querySelector("template[data-new-part]");
    if (template) {
      const html = template.innerHTML.split("__KEY__").join(newKey());
      list.querySelector("[data-parts]").insertAdjacentHTML("beforeend", html);
      watch(list.querySelector("[data-parts]").lastElementChild);
    }
  }

  function clearMessages(form) {
    form.querySelectorAll("[data-part-error], .conflict").forEach((node) => node.remove());
  }

  function conflicted(part, conflict) {
    const form = formFor(part);
    const entry = pending[part];
    if (!entry) {
      return;
    }
    entry.conflict = true;
    entry.fields = setField(entry.fields, "version", conflict.version);
    store();
    say(words.conflict);
    if (!form) {
      return;
    }
    field(form, "version").value = conflict.version;
    clearMessages(form);
    const panel = document.createElement("div");
    panel.className = "conflict";
    panel.setAttribute("role", "alert");
    const message = document.createElement("p");
    message.textContent = conflict.message;
    const columns = document.createElement("div");
    columns.className = "conflict-columns";
    const mine = form.querySelector('[name="text"]');
    columns.append(
      column(words.savedMeanwhile, conflict.theirs.text || ""),
      column(words.yours, mine ? mine.value : ""),
    );
    const hint = document.createElement("p");
    hint.textContent = words.merge;
    panel.append(message, columns, hint);
    if (mine) {
      const useTheirs = document.createElement("button");
      useTheirs.type = "button";
      useTheirs.className = "btn btn-outline-primary btn-sm mb-2";
      useTheirs.textContent = words.useTheirs;
      useTheirs.addEventListener("click", () => {
        mine.value = conflict.theirs.text || "";
        mine.focus();
      });
      panel.append(useTheirs);
    }
    form.prepend(panel);
  }

  function column(title, text) {
    const box = document.createElement("div");
    const heading = document.createElement("h3");
    heading.className = "h6";
    heading.textContent = title;
    const body = document.createElement("div");
    body.className = "conflict-text";
    body.textContent = text;
    box.append(heading, body);
    return box;
  }

  function invalid(part, errors) {
    const form = formFor(part);
    if (pending[part]) {
      pending[part].invalid = true; // sent again once the person changes it
    }
    say(words.invalid);
    if (!form) {
      delete pending[part]; // cannot be shown or corrected any more
      store();
      return;
    }
    clearMessages(form);
    Object.entries(errors).forEach(([name, list]) => {
      const input = form.querySelector('[name="' + name + '"]');
      const note = document.createElement("p");
      note.className = "invalid-feedback d-block";
      note.setAttribute("data-part-error", "");
      note.id = form.id + "-" + name + "-error";
      note.textContent = list.map((error) => error.message).join(" ");
      if (input) {
        input.setAttribute("aria-describedby", note.id);
        input.insertAdjacentElement("afterend", note);
      } else {
        form.prepend(note);
      }
    });
  }

  function settle() {
    const waiting = Object.keys(pending);
    if (waiting.some((part) => pending[part].conflict)) {
      say(words.conflict);
    } else if (!waiting.length && !inflight.size) {
      say(words.saved.replace("%s", clock()));
      if (reloadWhenDone) {
        window.location.reload();
      }
    }
  }

  function flush(options) {
    Object.keys(pending).forEach((part) => {
      if (!inflight.has(part)) {
        send(part, options);
      }
    });
  }

  function watch(form) {
    form.addEventListener("input", () => schedule(form));
    form.addEventListener("change", () => schedule(form));
    form.addEventListener("focusout", () => {
      const part = partOf(form);
      if (pending[part] && timers.has(part)) {
        send(part);
      }
    });
    form.addEventListener("submit", (event) => {
      if (event.submitter && event.submitter.hasAttribute("data-delete-button")) {
        delete pending[partOf(form)];
        store();
        return; // deleting goes as an ordinary form
      }
      event.preventDefault();
      const part = partOf(form);
      if (isNew(part) && isBlank(form)) {
        return;
      }
      remember(form);
      pending[part].conflict = false;
      clearMessages(form);
      send(part);
    });
  }

  // What a visit before left unsent: shown in its form again, and sent.
  let reloadWhenDone = false;
  Object.entries(pending).forEach(([part, entry]) => {
    const form = formFor(part);
    if (!form) {
      reloadWhenDone = true;
      return;
    }
    entry.fields.forEach(([name, value]) => {
      const input = form.elements[name];
      if (input && input.type !== "checkbox" && !(input instanceof RadioNodeList)) {
        input.value = value;
      }
    });
    const ticked = entry.fields.filter(([name]) => name === "contributions").map(([, v]) => v);
    form.querySelectorAll('input[name="contributions"]').forEach((box) => {
      box.checked = ticked.indexOf(box.value) !== -1;
    });
  });

  document.querySelectorAll("form[data-autosave]").forEach(watch);
  window.addEventListener("online", () => flush());
  window.addEventListener("offline", () => say(words.offline));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      flush({ keepalive: true });
    }
  });
  window.addEventListener("pagehide", () => flush({ keepalive: true }));
  window.setInterval(() => {
    if (navigator.onLine && Object.keys(pending).length) {
      flush();
    }
  }, RETRY);
  if (Object.keys(pending).length) {
    flush();
  }
})();
