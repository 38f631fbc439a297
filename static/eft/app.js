// Behaviour every page shares, without inline scripts (the Content-Security-Policy
// allows only the application's own files).
document.addEventListener("change", function (event) {
  // A select that applies at once (the language switch): submit its form.
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});
