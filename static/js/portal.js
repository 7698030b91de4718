// Move keyboard and screen reader focus to what the page came back to say: the error
// summary when a form has errors, or else the message after a redirect ("Your needs are
// saved."), so the person hears it first rather than the page from the top.
document.addEventListener("DOMContentLoaded", () => {
  const target =
    document.querySelector("[data-error-summary]") || document.querySelector("[data-messages]");
  if (target) {
    target.focus();
  }
});
