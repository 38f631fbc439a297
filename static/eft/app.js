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

// The week board: a session's « + stagiaire », opened, reads the trainees one
// may add to it (who is busy then is marked) and shows them in place. Without
// JavaScript, its link opens the add page.
document.addEventListener("toggle", function (event) {
  var popover = event.target;
  if (!popover.matches || !popover.matches("details[data-choices]") || !popover.open) return;
  if (popover.dataset.loaded) return;
  popover.dataset.loaded = "1";
  var slot = popover.querySelector(".add-slot");
  fetch(popover.getAttribute("data-choices"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok || response.redirected) throw new Error("not offered");
      return response.text();
    })
    .then(function (html) {
      slot.innerHTML = html;
      var choice = slot.querySelector("select");
      if (choice) choice.focus();
    })
    .catch(function () { delete popover.dataset.loaded; });
}, true);

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
    .catch(function () {
      // No answer at all (offline): nothing was saved, the plain form may try.
      // An answer that could not be read: show the board again as it now is.
      if (!navigator.onLine) { form.dataset.plain = "1"; form.submit(); } else { window.location.reload(); }
    });
});

// A table wider than the screen scrolls sideways inside its frame: the frame
// takes the keyboard's focus then, so that the arrow keys scroll it too.
function focusableScrollers() {
  document.querySelectorAll(".table-wrap, .kanban").forEach(function (frame) {
    if (frame.scrollWidth > frame.clientWidth + 1) {
      frame.setAttribute("tabindex", "0");
      if (!frame.hasAttribute("aria-label")) {
        var heading = frame.closest("section, .card, main");
        var title = heading && heading.querySelector("h1, h2");
        if (title) frame.setAttribute("aria-label", title.textContent.trim());
      }
    } else if (frame.getAttribute("tabindex") === "0") {
      frame.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", focusableScrollers);
window.addEventListener("resize", focusableScrollers);

// The session form: each person's day beside their name follows the date,
// period and times as they are typed (read from the server; without
// JavaScript, the page shows it for the date it opened with, and after saving).
(function () {
  var form = document.querySelector("form[data-availability]");
  if (!form || !window.fetch) return;
  var names = ["date", "period", "start_time", "end_time", "break_minutes"];
  var refresh = function () {
    var query = new URLSearchParams();
    names.forEach(function (name) {
      var input = form.elements[name];
      if (input && input.value) query.set(name, input.value);
    });
    var url = form.getAttribute("data-availability");
    fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + query.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok && !response.redirected ? response.json() : null; })
      .then(function (found) {
        if (!found) return;
        form.querySelectorAll("[data-person]").forEach(function (badge) {
          var parts = badge.getAttribute("data-person").split("-");
          var day = (found[parts[0]] || {})[parts[1]];
          badge.textContent = day ? day.text : "";
          badge.className = "availability" + (day ? " " + day.state : "");
        });
      })
      .catch(function () {});
  };
  form.addEventListener("change", function (event) {
    if (names.indexOf(event.target.name) >= 0) refresh();
  });
})();

// Dates and hours typed the Belgian way whatever the browser's language: the
// inputs are text (dd/mm/yyyy, hh:mm), completed as they are left (3/2/26 →
// 03/02/2026, 8h30 → 08:30), with a button that opens the browser's calendar.
// Without JavaScript the server reads the same spellings.
(function () {
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var toDate = function (text) {
    var t = text.trim(), m;
    if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) return [+m[3], +m[2], +m[1]];
    if ((m = /^(\d{1,2})\D(\d{1,2})\D(\d{2}|\d{4})$/.exec(t))) return [+m[1], +m[2], +m[3] < 100 ? 2000 + +m[3] : +m[3]];
    if ((m = /^(\d{2})(\d{2})(\d{2}|\d{4})$/.exec(t))) return [+m[1], +m[2], +m[3] < 100 ? 2000 + +m[3] : +m[3]];
    return null;
  };
  var toTime = function (text) {
    var m = /^(\d{1,2})(?:\s*[:hH.]\s*(\d{2})?|(\d{2}))?$/.exec(text.trim());
    if (!m) return null;
    var h = +m[1], min = +(m[2] || m[3] || 0);
    return h < 24 && min < 60 ? pad(h) + ":" + pad(min) : null;
  };
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.hasAttribute && input.hasAttribute("data-date")) {
      var d = toDate(input.value);
      if (d && d[1] >= 1 && d[1] <= 12 && d[0] >= 1 && d[0] <= 31) input.value = pad(d[0]) + "/" + pad(d[1]) + "/" + d[2];
    } else if (input.hasAttribute && input.hasAttribute("data-time")) {
      var t = toTime(input.value);
      if (t) input.value = t;
    }
  }, true);
  var picker = document.createElement("input");
  if (!("showPicker" in picker)) return;
  document.querySelectorAll("input[data-date]").forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "calendar";
    button.innerHTML = '<svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" stroke-width="1.5"/></svg>';
    button.title = input.getAttribute("data-calendar-label") || "";
    button.setAttribute("aria-label", button.title);
    var hidden = document.createElement("input");
    hidden.type = "date";
    hidden.className = "calendar-picker";
    hidden.tabIndex = -1;
    hidden.setAttribute("aria-hidden", "true");
    button.addEventListener("click", function () {
      var d = toDate(input.value);
      hidden.value = d ? d[2] + "-" + pad(d[1]) + "-" + pad(d[0]) : "";
      try { hidden.showPicker(); } catch (error) { input.focus(); }
    });
    hidden.addEventListener("change", function () {
      var d = toDate(hidden.value);
      if (!d) return;
      input.value = pad(d[0]) + "/" + pad(d[1]) + "/" + d[2];
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
    var wrap = document.createElement("span");
    wrap.className = "date-field";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(hidden);
  });
})();

// A list's bulk actions: a box in the heading ticks every row of the page
// (without JavaScript, each row is ticked one by one).
document.querySelectorAll("th[data-select-all]").forEach(function (heading) {
  var table = heading.closest("table");
  var all = document.createElement("input");
  all.type = "checkbox";
  all.setAttribute("aria-label", heading.getAttribute("data-select-all"));
  heading.textContent = "";
  heading.appendChild(all);
  all.addEventListener("change", function () {
    table.querySelectorAll('td.select input[type="checkbox"]').forEach(function (box) { box.checked = all.checked; });
  });
});
