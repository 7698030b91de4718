// Suggestions as you type, for fields with data-suggest-url (an affiliation, a chair): the
// browser's own <datalist> shows them, so they work with the keyboard and screen readers.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[data-suggest-url]").forEach((input) => {
    const list = document.createElement("datalist");
    list.id = `${input.id}-suggestions`;
    input.after(list);
    input.setAttribute("list", list.id);
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (query.length < 2) return;
      timer = setTimeout(async () => {
        const url = `${input.dataset.suggestUrl}?q=${encodeURIComponent(query)}`;
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        const { suggestions } = await response.json();
        list.replaceChildren(...suggestions.map((text) => {
          const option = document.createElement("option");
          option.value = text;
          return option;
        }));
      }, 200);
    });
  });
});
