// While a worker builds a long report's PDF, this page asks every 2 seconds how far it has
// got, shows it, and opens the PDF once it is ready. Without this script the "Try again now"
// link does the same.
(function () {
  "use strict";

  const box = document.getElementById("pdf-progress");
  if (!box || !window.fetch) {
    return;
  }
  const bar = document.getElementById("pdf-progress-bar");
  const text = document.getElementById("pdf-progress-text");

  async function check() {
    try {
      const response = await window.fetch(box.dataset.progressUrl, { credentials: "same-origin" });
      if (!response.ok) {
        return;
      }
      const progress = await response.json();
      if (!progress.building) {
        window.location.assign(box.dataset.pdfUrl);
        return;
      }
      bar.value = progress.percent;
      bar.textContent = progress.percent + "%";
      text.textContent = `Step ${progress.step} of ${progress.steps}: ${progress.doing}.`;
    } catch (error) {
      // Offline for a moment: the next round tries again.
    }
    window.setTimeout(check, 2000);
  }
  window.setTimeout(check, 2000);
})();
