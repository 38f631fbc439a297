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

// The week board: a trainee added from a session's « + stagiaire » is put on
// it without leaving the board. The form is posted in the background and the
// board (and its message) replaced by the new one. A refusal or a warning to
// confirm opens the add page as the form would without JavaScript (nothing
// was saved, so posting it again is safe).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches(".add-form") || form.dataset.plain) return;
  var board = document.querySelector(".board");
  if (!board || !window.fetch || !window.DOMParser) return;
  event.preventDefault();
  var scroll = board.scrollLeft;
  fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
    .then(function (response) {
      var onBoard = response.ok && response.redirected && new URL(response.url).pathname === window.location.pathname;
      return response.text().then(function (html) { return onBoard ? html : null; });
    })
    .then(function (html) {
      if (html === null) { form.dataset.plain = "1"; form.submit(); return; }
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.querySelector(".board");
      if (!fresh) { form.dataset.plain = "1"; form.submit(); return; }
      board.innerHTML = fresh.innerHTML;
      board.scrollLeft = scroll;
      var messages = page.querySelector(".messages");
      var old = document.querySelector(".messages");
      if (old) old.remove();
      if (messages) document.querySelector("main").prepend(document.adoptNode(messages));
    })
    .catch(function () { form.dataset.plain = "1"; form.submit(); });
});
