/* Admin: the search box select2 puts inside a multiple-choice autocomplete field has no name for screen
   readers (Django's widget leaves it unlabelled). Give it the name of the field it belongs to. */
(function () {
  "use strict";

  function benoemen() {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (veld) {
      var container = veld.closest(".select2");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector("label[for='" + select.id + "']");
      if (label) veld.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    benoemen();
    new MutationObserver(benoemen).observe(document.body, { childList: true, subtree: true });
  });
})();
