// Quiz page: the whole-quiz countdown, revision numbers on saved selections, error messages.
(function () {
  "use strict";

  // Interface strings come from Django's JavaScript catalogue (/jsi18n/); English without it.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\(\w+\)s/g, function (match) { return String(values[match.slice(2, -2)]); });
  };

  var stopClock = null;
  var revision = 0;  // highest revision this page has sent; later requests always win

  // Where the keyboard goes after a step is swapped in: the reason a change was refused, the
  // flag button after flagging, the verdict after Check, else the options (the chosen one).
  function focusStep(step, trigger) {
    var target = step.querySelector("[data-messages]");
    if (!target && trigger && trigger.hasAttribute && trigger.hasAttribute("data-flag-form")) {
      target = step.querySelector("[data-flag-form] button");
    }
    if (!target) target = step.querySelector("[data-result]");
    if (!target) {
      target = step.querySelector(".selection-form input[name=selected]:checked") ||
        step.querySelector(".selection-form input[name=selected]:not(:disabled)") ||
        step.querySelector(".selection-form input[name=blanks]:not(:disabled)") ||
        step.querySelector("h1");
    }
    if (!target) return;
    if (!/^(A|BUTTON|INPUT)$/.test(target.tagName) && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }

  function init(trigger) {
    if (stopClock) { stopClock(); stopClock = null; }
    var step = document.getElementById("quiz-step");
    if (!step) return;
    if (step.getAttribute("data-title")) document.title = step.getAttribute("data-title");
    if (trigger) focusStep(step, trigger);
    var clock = step.querySelector("[data-countdown]");
    if (clock) {
      stopClock = window.PracticeClock.start(clock, function () {
        window.PracticeClock.submitForm(step.querySelector("[data-finish-form]"));
      });
    }
  }

  // Every selection request carries a revision higher than any sent before, so a slow
  // request that arrives late can never overwrite a newer choice.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    var field = form && form.querySelector("[data-revision]");
    if (!field) return;
    revision = Math.max(revision + 1, parseInt(field.value, 10) || 1);
    var params = event.detail.parameters;
    if (params && typeof params.set === "function") params.set("revision", String(revision));
    else if (params) params.revision = String(revision);
  });

  document.addEventListener("htmx:responseError", function (event) {
    var state = document.getElementById("selection-state");
    if (!state) return;
    var xhr = event.detail.xhr;
    var text = (xhr.responseText || "").trim();
    if (xhr.status === 401) {
      text = gettext("You are logged out. Log in again in another tab; your choices so far are saved.");
    }
    state.textContent = text.length && text.length < 300 ? text : interpolate(gettext("Not saved (%(status)s). Try again."), { status: xhr.status }, true);
    state.className = "save-state error";
  });

  document.addEventListener("htmx:sendError", function () {
    var state = document.getElementById("selection-state");
    if (state) {
      state.textContent = gettext("Not saved: the server cannot be reached. Change your choice again to retry.");
      state.className = "save-state error";
    }
  });

  document.addEventListener("DOMContentLoaded", function () { init(null); });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "quiz-step") {
      var config = event.detail && event.detail.requestConfig;
      init((config && config.elt) || event.target);
    }
  });
})();
