// After the answer form of a question's page is swapped for its feedback (or back), focus
// moves to the new section's heading, so keyboard and screen-reader users land on the result.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var section = event.target;
    if (!section || section.id !== "practice-answer") return;
    var heading = section.querySelector("[data-focus-after-swap]") || section.querySelector("h2");
    if (heading) heading.focus();
  });
})();
