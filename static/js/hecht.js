/* Progressive enhancement shared by every page; each part also works without it.
 *
 * - Marks the document as scripted at once (loaded blocking in <head>), so the mobile
 *   menu starts folded without a flash. Without JavaScript the menu simply stays open.
 * - The mobile menu button (aria-expanded) folds the header tools and the main menu.
 * - After a rejected submit, focus moves to the error summary (WCAG 3.3.1); its links
 *   focus the field in error.
 */
(function () {
  "use strict";
  document.documentElement.classList.add("hecht-js");

  function setUpMenu() {
    var toggle = document.querySelector(".hecht-menu-toggle");
    var header = toggle && toggle.closest(".hecht-header");
    if (!header) {
      return;
    }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      header.classList.toggle("hecht-header--open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("hecht-header--open")) {
        toggle.setAttribute("aria-expanded", "false");
        header.classList.remove("hecht-header--open");
        toggle.focus();
      }
    });
  }

  function setUpErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      // Show the field with its label (or legend) above it, then focus it.
      var group = field.closest("fieldset, .utrecht-form-field") || field;
      group.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUpErrorSummary();
  });
})();
