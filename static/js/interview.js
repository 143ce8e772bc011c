// Mock interview page: countdown, autosave and keyboard shortcuts.
// The server owns the clock: the countdown starts from the server's remaining seconds and only
// measures elapsed time locally, so a wrong client clock does not change it.
(function () {
  "use strict";

  // Interface strings come from Django's JavaScript catalogue (/jsi18n/); English without it.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\(\w+\)s/g, function (match) { return String(values[match.slice(2, -2)]); });
  };

  var SAVE_EVERY_MS = 3000;   // at most one autosave every few seconds
  var DEBOUNCE_MS = 1200;     // wait for a pause in typing
  var RETRY_MS = 3000;
  var RETRY_MAX_MS = 30000;   // autosave retries back off from RETRY_MS up to this
  var current = null;         // teardown of the step currently on the page
  var expired = false;        // the clock of the current question reached zero

  function startCountdown(step, form, cleanups) {
    var clock = step.querySelector("[data-countdown]");
    if (!clock) return;
    cleanups.push(window.PracticeClock.start(clock, function () {
      expired = true;
      window.PracticeClock.submitForm(form);
    }));
  }

  // Autosave tells the truth: "Saved" only when the server answered that it holds this text.
  // Each draft names the saved revision it was typed on (`base`); the server refuses a draft or
  // a submit typed on an older revision than it holds (another tab, or a save that landed after
  // a reload). Text not yet saved when the page is left is kept in this tab's sessionStorage and
  // put back after a reload if the server still holds the revision it was typed on.
  function startAutosave(form, timers) {
    var url = form.getAttribute("data-autosave-url");
    var textarea = form.querySelector("[data-answer]");
    var revision = form.querySelector("[data-revision]");
    var base = form.querySelector("[data-base]");
    var state = form.querySelector("[data-save-state]");
    var key = form.getAttribute("data-draft-key");
    if (!url || !textarea || !revision) return;
    var dirty = false, inFlight = false, again = false, closed = false;
    var lastSent = 0, timer = null, failures = 0;

    function show(text, kind) {
      if (state.textContent === text) return;  // announced once, not on every keystroke
      state.textContent = text;
      state.className = "save-state" + (kind ? " " + kind : "");
    }
    function schedule(delay) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; save(); }, delay);
      timers.push(timer);
    }
    function payload() {
      var data = new FormData(form);
      var rev = parseInt(revision.value, 10) || 1;
      data.set("revision", String(rev));
      revision.value = String(rev + 1);  // a later save or the submit always wins
      return data;
    }
    function remember() {
      if (!key || !base) return;
      try {
        window.sessionStorage.setItem("draft:" + key, JSON.stringify({
          base: base.value, text: textarea.value
        }));
      } catch (e) { /* storage full or disabled: the beacon is the only copy */ }
    }
    function forget() {
      if (!key) return;
      try { window.sessionStorage.removeItem("draft:" + key); } catch (e) { /* ignore */ }
    }
    function restore() {
      if (!key || !base || textarea.hasAttribute("data-code-editor")) return;
      var kept = null;
      try { kept = JSON.parse(window.sessionStorage.getItem("draft:" + key) || "null"); }
      catch (e) { kept = null; }
      forget();
      if (!kept || kept.base !== base.value || kept.text === textarea.value) return;
      textarea.value = kept.text;
      dirty = true;
      show(gettext("Not saved yet"), "pending");
      schedule(0);
    }
    // After a failed save: the server's Retry-After (a 503 while it restarts) when it gives one,
    // else an exponential backoff with jitter, so that many candidates do not retry in step.
    function retryDelay(retryAfter) {
      failures += 1;
      var seconds = parseInt(retryAfter, 10);
      if (seconds > 0) return Math.min(seconds * 1000, RETRY_MAX_MS);
      var wait = Math.min(RETRY_MS * Math.pow(2, failures - 1), RETRY_MAX_MS);
      return Math.round(wait * (0.75 + Math.random() * 0.5));
    }
    function save() {
      if (!dirty || closed) return;
      if (inFlight) { again = true; return; }
      var wait = lastSent + SAVE_EVERY_MS - Date.now();
      if (wait > 0) { schedule(wait); return; }
      inFlight = true; dirty = false; lastSent = Date.now();
      var sentText = textarea.value;
      show(gettext("Saving…"), "pending");
      fetch(url, {
        method: "POST", body: payload(), credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok) failures = 0;
          if (response.ok && body.status === "saved") {
            if (base && body.revision !== undefined) base.value = String(body.revision);
            if (textarea.value === sentText) {
              show(body.saved_at ? interpolate(gettext("Saved at %(time)s"), { time: body.saved_at }, true) : gettext("Saved"), "saved");
            } else {
              show(gettext("Not saved yet"), "pending");
            }
          } else if (response.ok) {
            // A newer draft from this page is already saved; this one was not.
            dirty = true;
            show(body.message || gettext("Not saved."), "error");
          } else if (response.status === 409) {
            closed = true;
            show(body.message || gettext("This question is finished."), "error");
          } else if (response.status === 401) {
            dirty = true;
            show(body.message || gettext("You are logged out; not saved."), "error");
            schedule(RETRY_MS * 3);
          } else {
            var error = new Error("HTTP " + response.status);
            error.retryAfter = response.headers.get("Retry-After");
            throw error;
          }
        });
      }).catch(function (error) {
        dirty = true;
        show(gettext("Not saved, retrying…"), "error");
        schedule(retryDelay(error && error.retryAfter));
      }).then(function () {
        inFlight = false;
        if (again) { again = false; schedule(0); }
      });
    }
    function onInput() {
      dirty = true;
      if (!closed) show(gettext("Not saved yet"), "pending");
      schedule(DEBOUNCE_MS);
    }
    function onBlur() { if (dirty) save(); }
    function onPageHide() {
      if ((dirty || inFlight) && !closed) {
        remember();
        if (navigator.sendBeacon) navigator.sendBeacon(url, payload());
      }
    }
    function onKey(event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        window.PracticeClock.submitForm(form);
      }
    }
    function onSubmit() { closed = true; forget(); if (timer) clearTimeout(timer); }
    textarea.addEventListener("input", onInput);
    textarea.addEventListener("blur", onBlur);
    textarea.addEventListener("keydown", onKey);
    form.addEventListener("submit", onSubmit, true);
    window.addEventListener("pagehide", onPageHide);
    // A submit that did not reach the server: keep saving drafts, and retry an automatic
    // submit (the clock ran out) a little later.
    function onSubmitFailed(event) {
      if (event.detail.elt !== form) return;
      closed = false; dirty = true;
      if (expired) setTimeout(function () { window.PracticeClock.submitForm(form); }, RETRY_MS);
    }
    document.addEventListener("htmx:responseError", onSubmitFailed);
    document.addEventListener("htmx:sendError", onSubmitFailed);
    restore();
    // Text typed before this script ran (a slow page load) sent no input event we heard: it
    // differs from what the server rendered, so it is saved like any other edit.
    if (!dirty && !textarea.hasAttribute("data-code-editor") &&
        textarea.value !== textarea.defaultValue) onInput();
    return function () {
      window.removeEventListener("pagehide", onPageHide);
      document.removeEventListener("htmx:responseError", onSubmitFailed);
      document.removeEventListener("htmx:sendError", onSubmitFailed);
    };
  }

  function ratingKeys(step) {
    var form = step.querySelector(".rating-form");
    if (!form) return null;
    function onKey(event) {
      if (event.target.closest && event.target.closest("textarea, input, select")) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var button = form.querySelector('button[name="rating"][value="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
    }
    document.addEventListener("keydown", onKey);
    return function () { document.removeEventListener("keydown", onKey); };
  }

  // Where the keyboard goes when a step appears: the reason a change was refused, else the
  // answer box (caret after the saved text), else the feedback heading.
  function focusStep(step) {
    var target = step.querySelector("[data-messages]") ||
      step.querySelector("[data-answer]:not([data-code-editor])") ||
      step.querySelector("#feedback-heading") || step.querySelector("h1, h2");
    if (!target) return;
    if (target.tagName !== "TEXTAREA" && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
    if (target.tagName === "TEXTAREA") {
      var end = target.value.length;
      target.setSelectionRange(end, end);
    }
  }

  function init() {
    if (current) current();
    expired = false;
    var step = document.getElementById("interview-step");
    if (!step) { current = null; return; }
    if (step.getAttribute("data-title")) document.title = step.getAttribute("data-title");
    var timers = [];
    var cleanups = [];
    var form = step.querySelector(".answer-form");
    startCountdown(step, form, cleanups);
    if (form) cleanups.push(startAutosave(form, timers));
    cleanups.push(ratingKeys(step));
    if (document.activeElement === document.body || !document.activeElement) focusStep(step);
    current = function () {
      timers.forEach(function (t) { clearInterval(t); clearTimeout(t); });
      cleanups.forEach(function (fn) { if (fn) fn(); });
    };
  }

  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "interview-step") init();
  });
  document.addEventListener("htmx:responseError", function (event) {
    var step = document.getElementById("interview-step");
    if (!step) return;
    var note = step.querySelector("[data-save-state]") || step;
    var status = event.detail.xhr.status;
    note.textContent = status === 401
      ? gettext("You are logged out. Log in again in another tab, then submit: your text is still here.")
      : interpolate(gettext("The server could not take that request (%(status)s). Your text is still here; try again."), { status: status }, true);
    note.className = "save-state error";
  });
})();
