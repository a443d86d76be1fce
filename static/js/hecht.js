/* Progressive enhancement shared by every page; each part also works without it.
 *
 * - Marks the document as scripted at once (loaded blocking in <head>), so the mobile
 *   menu starts folded without a flash. Without JavaScript the menu simply stays open.
 * - The mobile menu button (aria-expanded) folds the header tools and the main menu.
 * - After a rejected submit, focus moves to the error summary (WCAG 3.3.1); its links
 *   focus the field in error.
 * - A table that scrolls sideways inside its wrapper (narrow screens, WCAG 1.4.10) and has
 *   nothing focusable in it becomes a named, focusable region, so the keyboard can scroll it.
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

  function regionName(region) {
    var table = region.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var labelledBy = table && table.getAttribute("aria-labelledby");
    var label = labelledBy && document.getElementById(labelledBy);
    if (label) {
      return label.textContent.trim();
    }
    return document.body.dataset.tableLabel || "";
  }

  function setUpScrollRegions() {
    var regions = Array.prototype.slice.call(document.querySelectorAll(".hecht-table-scroll"));
    if (!regions.length) {
      return;
    }
    function update() {
      regions.forEach(function (region) {
        var scrolls = region.scrollWidth > region.clientWidth;
        var focusable = region.querySelector("a[href], button, input, select, textarea, [tabindex]");
        if (scrolls && !focusable) {
          region.setAttribute("tabindex", "0");
          region.setAttribute("role", "region");
          region.setAttribute("aria-label", regionName(region));
          region.dataset.hechtScrollRegion = "true";
        } else if (region.dataset.hechtScrollRegion) {
          ["tabindex", "role", "aria-label", "data-hecht-scroll-region"].forEach(function (name) {
            region.removeAttribute(name);
          });
        }
      });
    }
    update();
    window.addEventListener("resize", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    setUpErrorSummary();
    setUpScrollRegions();
  });
})();
