/* Idle-timeout warning (WCAG 2.2.1 Timing Adjustable).
 *
 * The server logs an idle session out (hecht.middleware.SessionTimeoutMiddleware); this
 * script only warns in time and offers "Stay logged in". It asks the server how much
 * time is left (that request does not count as activity, so activity in another tab
 * is seen and polling keeps nothing alive) and opens a modal dialog before the end.
 * Without JavaScript nothing is shown; the timeout applies all the same.
 */
(function () {
  "use strict";
  var dialog = document.getElementById("hecht-session-dialog");
  if (!dialog || !window.fetch || typeof dialog.showModal !== "function") {
    return;
  }
  var statusUrl = dialog.dataset.statusUrl;
  var loginUrl = dialog.dataset.loginUrl;
  var warnSeconds = Number(dialog.dataset.warnSeconds) || 120;
  var form = dialog.querySelector("[data-session-keepalive]");
  var countdown = dialog.querySelector("[data-session-countdown]");
  var idleText = dialog.querySelector("[data-session-idle]");
  var absoluteText = dialog.querySelector("[data-session-absolute]");
  var checkTimer = null;
  var tickTimer = null;
  var endsAt = 0;

  function schedule(seconds) {
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, Math.max(1, seconds) * 1000);
  }

  function leave() {
    var next = window.location.pathname + window.location.search;
    window.location.assign(loginUrl + "?next=" + encodeURIComponent(next));
  }

  function format(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var rest = s % 60;
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var left = (endsAt - Date.now()) / 1000;
    countdown.textContent = format(left);
    if (left <= 0) {
      window.clearInterval(tickTimer);
      check();
    }
  }

  function open(remaining, absolute) {
    endsAt = Date.now() + remaining * 1000;
    idleText.hidden = absolute;
    absoluteText.hidden = !absolute;
    form.hidden = absolute;  // "stay logged in" cannot extend the maximum length
    tick();
    if (!dialog.open) {
      dialog.showModal();
      window.clearInterval(tickTimer);
      tickTimer = window.setInterval(tick, 1000);
    }
  }

  function close() {
    window.clearInterval(tickTimer);
    if (dialog.open) {
      dialog.close();
    }
  }

  function apply(data) {
    if (!data.authenticated) {
      leave();
      return;
    }
    var absolute = data.absolute_remaining < data.idle_remaining;
    var remaining = Math.min(data.idle_remaining, data.absolute_remaining);
    if (remaining <= 0) {
      schedule(1);  // the server logs the session out on its next look; then leave
    } else if (remaining > warnSeconds) {
      close();
      schedule(remaining - warnSeconds);
    } else {
      open(remaining, absolute);
      // Look again now and then: activity in another tab may have renewed the session.
      schedule(Math.min(remaining + 1, 10));
    }
  }

  function check() {
    fetch(statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(apply)
      .catch(function () { schedule(15); });
  }

  function stay(event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: new FormData(form)
    })
      .then(function (response) { return response.json(); })
      .then(apply)
      .catch(function () { form.submit(); });
  }

  form.addEventListener("submit", stay);
  // Escape closes a modal dialog: take it as "stay logged in", the choice that loses nothing.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    form.requestSubmit();
  });
  // The first look just before a warning could be due: this page view was activity, but
  // the server records activity only every 1/30 of the timeout.
  var idleSeconds = Number(dialog.dataset.idleSeconds) || 1800;
  schedule(idleSeconds - warnSeconds - idleSeconds / 30);
})();
