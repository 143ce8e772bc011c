// Confirmation before a change that cannot be undone (finishing a quiz with questions not
// answered or flagged, ending an interview early). A form names its <dialog> in
// data-confirm-dialog; htmx waits (htmx:confirm) until "yes" is pressed. A form with
// data-confirm-if-open asks only when the navigator shows unanswered or flagged questions. When
// the clock has run out the change goes ahead without asking.
(function () {
  "use strict";

  // From the navigator; the question on screen counts as answered as soon as an option is
  // chosen, even while that choice is still being saved.
  function counts() {
    var unanswered = document.querySelectorAll(".quiz-navigator a.unanswered").length;
    var here = document.querySelector('.quiz-navigator a.unanswered[aria-current="step"]');
    if (here && document.querySelector(".selection-form input[name=selected]:checked")) {
      unanswered -= 1;
    }
    return {
      unanswered: unanswered,
      flagged: document.querySelectorAll(".quiz-navigator a.flagged").length
    };
  }

  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    var form = elt && elt.closest && elt.closest("[data-confirm-dialog]");
    if (!form) return;
    if (document.querySelector("[data-countdown].expired")) return;
    var dialog = document.getElementById(form.getAttribute("data-confirm-dialog"));
    if (!dialog || typeof dialog.showModal !== "function") return;
    var found = counts();
    if (form.hasAttribute("data-confirm-if-open") && !found.unanswered && !found.flagged) return;
    event.preventDefault();
    dialog.querySelectorAll("[data-count]").forEach(function (node) {
      node.textContent = String(found[node.getAttribute("data-count")] || 0);
    });
    dialog.querySelectorAll("[data-when]").forEach(function (node) {
      node.hidden = !found[node.getAttribute("data-when")];
    });
    var yes = dialog.querySelector("[data-confirm-yes]");
    var no = dialog.querySelector("[data-confirm-no]");
    yes.onclick = function () { dialog.close(); event.detail.issueRequest(true); };
    no.onclick = function () { dialog.close(); };
    dialog.showModal();
    no.focus();
  });
})();
