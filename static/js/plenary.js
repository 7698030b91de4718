// The plenary screen fetches its groups again every 10 seconds, so recommendations appear as
// facilitators mark their groups ready. Without this script the page can be reloaded.
(function () {
  "use strict";

  const live = document.getElementById("plenary-live");
  if (!live || !window.fetch) {
    return;
  }
  async function refresh() {
    try {
      const response = await window.fetch(live.dataset.plenaryUrl, { credentials: "same-origin" });
      if (response.ok) {
        live.innerHTML = await response.text();
      }
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
  }
  window.setInterval(refresh, 10000);
})();
