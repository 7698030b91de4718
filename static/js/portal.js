// Move keyboard and screen reader focus to the error summary when a form comes back with
// errors, so the person hears what went wrong first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
