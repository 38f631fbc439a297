// Behaviour every page shares, without inline scripts (the Content-Security-Policy
// allows only the application's own files).
document.addEventListener("change", function (event) {
  // A select that applies at once (the language switch): submit its form.
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) window.print();
});

// An export being prepared (« Mes exports »): follow its progress without
// reloading, and show the page again once it is finished. Without JavaScript,
// the page refreshes itself (a <noscript> refresh).
function followExport(element) {
  var url = element.getAttribute("data-export-status");
  var poll = function () {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        // Logged out meanwhile (sent to the login page), or gone: show the page again.
        if (response.redirected || !response.ok) { window.location.reload(); return null; }
        return response.json();
      })
      .then(function (state) {
        if (!state) return;
        if (state.finished) { window.location.reload(); return; }
        var bar = element.querySelector("progress");
        var percent = element.querySelector("[data-testid=export-percent]");
        var badge = document.querySelector("[data-testid=export-status]");
        if (bar) bar.value = state.percent;
        if (percent) percent.textContent = state.percent + "\u00a0%";
        if (badge && element.matches("[data-testid=export]")) {
          badge.textContent = state.label;
          badge.className = "badge " + state.status;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  };
  window.setTimeout(poll, 1000);
}
document.querySelectorAll("[data-export-status]").forEach(followExport);
