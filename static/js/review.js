// Flashcards: Space (or "Show answer") flips the card, Space again rates it Good (as in Anki),
// 1-4 rate it, and in cram mode the arrow keys move between cards. Flipping moves focus to the
// answer (read by screen readers; Space there means Good, never Again); a new card puts focus
// on "Show answer". The rating form records how long the card took.
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
    if (form) form.hidden = false;
    if (!back.hasAttribute("tabindex")) back.setAttribute("tabindex", "-1");
    back.focus({ preventScroll: true });
    return true;
  }

  // After a swap: the reason a change was refused, else "Show answer", else the answer.
  function focusArea() {
    var root = area();
    if (!root) return;
    var target = root.querySelector("[data-messages]");
    if (!target) {
      var flipButton = root.querySelector("[data-flip]");
      if (flipButton && !flipButton.hidden) target = flipButton;
    }
    if (!target) target = root.querySelector("[data-card-back]:not([hidden])");
    if (!target) target = root.querySelector("h2, [data-next]");
    if (!target) return;
    if (!/^(A|BUTTON)$/.test(target.tagName) && !target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
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
      if (flip()) { event.preventDefault(); return; }
      var good = isFlipped(root) && root.querySelector('[data-rate-form] button[value="3"]');
      if (good && !event.repeat) { event.preventDefault(); good.click(); }
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

  document.addEventListener("htmx:afterSettle", function (event) {
    shownAt = performance.now();
    var root = area();
    if (!root || event.target !== root) return;
    // The empty queue checks every 30 s for cards that became due (an "Again" card comes back
    // in the same sitting); it takes the focus only when a card arrives and nothing has it.
    var polled = event.detail && event.detail.requestConfig &&
      event.detail.requestConfig.elt && event.detail.requestConfig.elt.hasAttribute &&
      event.detail.requestConfig.elt.hasAttribute("data-review-poll");
    if (polled && (!root.querySelector("[data-flashcard]") ||
        (document.activeElement && document.activeElement !== document.body))) return;
    focusArea();
  });
  // On arrival the focus goes to a card waiting for review; an empty queue ("All done", "Your
  // deck is empty") leaves the focus where any page starts (a heading with a focus ring on
  // arrival looked like something to press).
  document.addEventListener("DOMContentLoaded", function () {
    var root = area();
    if (root && root.querySelector("[data-flashcard]") &&
        (document.activeElement === document.body || !document.activeElement)) {
      focusArea();
    }
  });
})();
