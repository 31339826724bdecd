// Wide tables scroll inside their own box on a phone instead of widening the page. A box that
// scrolls must be reachable by keyboard (WCAG 2.1.1; axe "scrollable-region-focusable"): each
// data table gets a wrapper that becomes a focusable, named region only while it overflows.
(function () {
  "use strict";

  function regionName(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var heading = table.closest("section, article, main");
    heading = heading && heading.querySelector("h2, h3, h1");
    return heading ? heading.textContent.trim() : "Bảng";
  }

  function wrap(table) {
    var box = table.parentElement;
    if (!box.classList.contains("table-scroll")) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    table.classList.add("wrapped");
    if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", regionName(table));
    return box;
  }

  // The words under a wide table's caption telling a phone reader the table goes on to the right
  // (the page's language: the English pages have lang="en").
  function hintText() {
    var english = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
    return english ? "Swipe sideways to see more columns →" : "Vuốt ngang để xem thêm cột →";
  }

  function addHint(box) {
    if (box.querySelector(".swipe-hint")) return;
    var hint = document.createElement("p");
    hint.className = "swipe-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = hintText();
    box.insertBefore(hint, box.firstChild);
  }

  function update(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.classList.add("overflows");
      addHint(box);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.classList.remove("overflows");
    }
  }

  function setUp() {
    // Tables already in a scroll box of their page's own (open data's .od-scroll) are left alone.
    var tables = Array.prototype.filter.call(document.querySelectorAll("table.data"), function (t) {
      return !t.closest(".od-scroll");
    });
    var boxes = tables.map(wrap);
    boxes.forEach(update);
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(function () { boxes.forEach(update); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
