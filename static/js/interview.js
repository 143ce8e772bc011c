// Mock interview page: countdown, autosave and keyboard shortcuts.
// The server owns the clock: the countdown starts from the server's remaining seconds and only
// measures elapsed time locally, so a wrong client clock does not change it.
(function () {
  "use strict";

  var SAVE_EVERY_MS = 3000;   // at most one autosave every few seconds
  var DEBOUNCE_MS = 1200;     // wait for a pause in typing
  var RETRY_MS = 3000;
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

  function startAutosave(form, timers) {
    var url = form.getAttribute("data-autosave-url");
    var textarea = form.querySelector("[data-answer]");
    var revision = form.querySelector("[data-revision]");
    var state = form.querySelector("[data-save-state]");
    if (!url || !textarea || !revision) return;
    var dirty = false, inFlight = false, again = false, closed = false;
    var lastSent = 0, timer = null;

    function show(text, kind) {
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
    function save() {
      if (!dirty || closed) return;
      if (inFlight) { again = true; return; }
      var wait = lastSent + SAVE_EVERY_MS - Date.now();
      if (wait > 0) { schedule(wait); return; }
      inFlight = true; dirty = false; lastSent = Date.now();
      show("Saving…", "pending");
      fetch(url, {
        method: "POST", body: payload(), credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok) {
            if (body.status === "saved") show("Saved at " + body.saved_at, "saved");
            else show(body.saved_at ? "Saved at " + body.saved_at : "Saved", "saved");
          } else if (response.status === 409) {
            closed = true;
            show(body.message || "This question is finished.", "error");
          } else if (response.status === 401) {
            dirty = true;
            show(body.message || "You are logged out; not saved.", "error");
            schedule(RETRY_MS * 3);
          } else {
            throw new Error("HTTP " + response.status);
          }
        });
      }).catch(function () {
        dirty = true;
        show("Not saved, retrying…", "error");
        schedule(RETRY_MS);
      }).then(function () {
        inFlight = false;
        if (again) { again = false; schedule(0); }
      });
    }
    function onInput() { dirty = true; schedule(DEBOUNCE_MS); }
    function onBlur() { if (dirty) save(); }
    function onPageHide() {
      if (dirty && !closed && navigator.sendBeacon) navigator.sendBeacon(url, payload());
    }
    function onKey(event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        window.PracticeClock.submitForm(form);
      }
    }
    function onSubmit() { closed = true; if (timer) clearTimeout(timer); }
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

  function init() {
    if (current) current();
    expired = false;
    var step = document.getElementById("interview-step");
    if (!step) { current = null; return; }
    var timers = [];
    var cleanups = [];
    var form = step.querySelector(".answer-form");
    startCountdown(step, form, cleanups);
    if (form) cleanups.push(startAutosave(form, timers));
    cleanups.push(ratingKeys(step));
    var focusTarget = step.querySelector("[data-answer]");
    if (focusTarget && document.activeElement === document.body) focusTarget.focus();
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
      ? "You are logged out. Log in again in another tab, then submit: your text is still here."
      : "The server could not take that request (" + status + "). Your text is still here; try again.";
    note.className = "save-state error";
  });
})();
