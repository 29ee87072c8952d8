// The public site's only script (D55): shows the print button of an article and prints. No
// third-party code; the page works without it.
document.querySelectorAll('[data-print]').forEach((b) => {
  b.hidden = false;
  b.addEventListener('click', () => window.print());
});
