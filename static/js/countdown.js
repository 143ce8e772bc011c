// Shared countdown for practice pages. The server sends the seconds left; the page only
// measures elapsed time locally (performance.now), so a wrong client clock cannot change it.
(function () {
  "use strict";

  // Interface strings come from Django's JavaScript catalogue (/jsi18n/); English without it.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\(\w+\)s/g, function (match) { return String(values[match.slice(2, -2)]); });
  };

  function formatTime(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" : "") + s;
  }

  // Starts the countdown in `clock` ([data-remaining] seconds, a [data-countdown-display]
  // child). Calls onExpire once at zero. Returns a function that stops it.
  function start(clock, onExpire) {
    var display = clock.querySelector("[data-countdown-display]");
    var remaining = parseInt(clock.getAttribute("data-remaining"), 10) || 0;
    var startedAt = performance.now();
    var fired = false;
    // Warnings at 60 s and 10 s left, in a polite live region (the ticking clock stays silent).
    var warning = clock.parentNode.querySelector("[data-countdown-warning]");
    if (!warning) {
      warning = document.createElement("p");
      warning.className = "countdown-warning";
      warning.setAttribute("role", "status");
      warning.setAttribute("data-countdown-warning", "");
      clock.parentNode.insertBefore(warning, clock.nextSibling);
    }
    var warnings = [[60, gettext("1 minute left.")], [10, gettext("10 seconds left.")]].filter(function (w) {
      return remaining > w[0];
    });
    function tick() {
      var elapsed = (performance.now() - startedAt) / 1000;
      var left = Math.max(0, Math.ceil(remaining - elapsed));
      display.textContent = formatTime(left);
      while (warnings.length && left <= warnings[0][0] && left > 0) {
        warning.textContent = warnings.shift()[1];
      }
      clock.classList.toggle("low", left <= 30);
      if (left === 0 && !fired) {
        fired = true;
        clock.classList.add("expired");
        display.textContent = gettext("Time is up");
        warning.textContent = gettext("Time is up: submitting your answer.");
        if (onExpire) onExpire();
      }
    }
    tick();
    var timer = setInterval(tick, 250);
    return function () { clearInterval(timer); };
  }

  function submitForm(form) {
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  }

  window.PracticeClock = { start: start, submitForm: submitForm, formatTime: formatTime };
})();
