// Flashcards: Space (or "Show answer") flips the card, 1-4 rate it, and in cram mode the
// arrow keys move between cards. The rating form records how long the card took.
(function () {
  "use strict";

  var shownAt = performance.now();

  function area() {
    return document.getElementById("review-area") || document.getElementById("cram-area");
  }

  function flip() {
    var root = area();
    if (!root) return false;
    var back = root.querySelector("[data-card-back]");
    if (!back || !back.hidden) return false;
    back.hidden = false;
    root.querySelector("[data-flashcard]").classList.add("flipped");
    var button = root.querySelector("[data-flip]");
    if (button) button.hidden = true;
    var form = root.querySelector("[data-rate-form]");
    if (form) {
      form.hidden = false;
      var first = form.querySelector("button");
      if (first) first.focus({ preventScroll: true });
    }
    return true;
  }

  function isFlipped(root) {
    var back = root && root.querySelector("[data-card-back]");
    return back && !back.hidden;
  }

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest && event.target.closest("[data-flip]");
    if (trigger && flip()) event.preventDefault();
  });

  document.addEventListener("submit", function (event) {
    var field = event.target.querySelector && event.target.querySelector("[data-duration]");
    if (field) field.value = String(Math.round(performance.now() - shownAt));
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    // Space on a focused button or link presses it, as everywhere else.
    var onControl = tag === "BUTTON" || tag === "A" || (target && target.getAttribute && target.getAttribute("role") === "button");
    var root = area();
    if (!root) return;
    if (event.key === " " || event.key === "Spacebar") {
      if (onControl && isFlipped(root)) return;
      if (flip()) event.preventDefault();
      return;
    }
    if (/^[1-4]$/.test(event.key) && isFlipped(root)) {
      var button = root.querySelector('[data-rate-form] button[value="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
      return;
    }
    if (root.hasAttribute("data-cram")) {
      var target = null;
      if (event.key === "ArrowRight" || event.key === "n") target = root.querySelector("[data-next]");
      if (event.key === "ArrowLeft" || event.key === "p") target = root.querySelector("[data-previous]");
      if (target) { event.preventDefault(); target.click(); }
    }
  });

  document.addEventListener("htmx:afterSettle", function () { shownAt = performance.now(); });
})();
