// Django admin: the search box of an autocomplete field (select2) gets the field's label as its
// accessible name; select2 creates it without one.
(function () {
  "use strict";
  function label() {
    document.querySelectorAll(".select2-container").forEach(function (container) {
      var select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      var text = select.getAttribute("aria-label");
      var own = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (own) text = own.textContent.replace(/:\s*$/, "").trim();
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        if (text && !field.getAttribute("aria-label")) field.setAttribute("aria-label", text);
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    label();
    new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  });
})();
