// The one refusal shape: a change the server refuses answers 409 (or 400 when it could not read
// the request) with the step re-rendered and the reason in its messages list, the same partial
// as every flashed message. htmx leaves 4xx answers unswapped by default; refusals are swapped
// like any other answer (HX-Retarget names the step), so the page shows the state the server
// holds and why the change was not applied.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
