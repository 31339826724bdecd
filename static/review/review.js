/* The review workspace (registry/review): records beside their source lines.
   No inline script (CSP): everything is wired here from data attributes. */
(function () {
  "use strict";

  // Forms that remove or settle something ask first.
  document.querySelectorAll("form.confirm-delete").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm || "?")) { event.preventDefault(); }
    });
  });

  // "Chọn tất cả" ticks or clears every box of its list (the checklist's indicator names).
  document.querySelectorAll("input[data-check-all]").forEach(function (all) {
    // Shown only where this script runs: without it the boxes are ticked one by one.
    var holder = all.closest("[hidden]");
    if (holder) { holder.hidden = false; }
    all.addEventListener("change", function () {
      var list = document.getElementById(all.dataset.checkAll);
      if (!list) { return; }
      list.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });

  var source = document.getElementById("source");
  if (!source) { return; }
  var from = document.getElementById("span-from");
  var to = document.getElementById("span-to");
  var panel = document.getElementById("line-records");
  var records = Array.prototype.slice.call(document.querySelectorAll("[data-rec]"));
  var total = source.querySelectorAll("li[data-line]").length;
  var anchor = null;
  var active = null;

  function line(n) { return document.getElementById("L" + n); }

  function clear(cls) {
    source.querySelectorAll("." + cls).forEach(function (el) {
      el.classList.remove(cls);
      if (cls === "sel") { el.setAttribute("aria-selected", "false"); }
    });
  }

  function mark(a, b, cls) {
    for (var i = a; i <= b; i++) {
      var el = line(i);
      if (!el) { continue; }
      el.classList.add(cls);
      if (cls === "sel") { el.setAttribute("aria-selected", "true"); }
    }
  }

  function scrollToLine(n) {
    var el = line(n);
    if (!el) { return; }
    source.scrollTop = el.offsetTop - source.offsetTop - 48;
  }

  function setActive(n) {
    if (n < 1 || n > total) { return; }
    if (active) { var old = line(active); if (old) { old.classList.remove("active"); } }
    active = n;
    var el = line(n);
    el.classList.add("active");
    source.setAttribute("aria-activedescendant", "L" + n);
    var top = el.offsetTop - source.offsetTop;
    if (top < source.scrollTop || top > source.scrollTop + source.clientHeight - 30) {
      scrollToLine(n);
    }
  }

  function showRecords(lo, hi) {
    var hits = records.filter(function (r) {
      var a = +r.dataset.first, b = +r.dataset.last;
      return a > 0 && a <= hi && b >= lo;
    });
    panel.textContent = "";
    var head = document.createElement("p");
    // The words come from the page (translated there); these are their Vietnamese defaults.
    var words = panel.dataset;
    var name = words.line || "Dòng";
    var where = lo === hi ? name + " " + lo : name + " " + lo + "–" + hi;
    head.textContent = hits.length
      ? where + ": " + hits.length + " " + (words.some || "bản ghi lấy từ đây")
      : where + ": " + (words.none || "chưa có bản ghi nào lấy từ đây.");
    panel.appendChild(head);
    if (!hits.length) { return; }
    var list = document.createElement("ul");
    hits.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + r.id;
      link.textContent = r.dataset.label;
      link.addEventListener("click", function () { focusRecord(r); });
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  function select(a, b) {
    var lo = Math.min(a, b), hi = Math.max(a, b);
    clear("sel");
    mark(lo, hi, "sel");
    if (from) { from.value = lo; to.value = hi; }
    showRecords(lo, hi);
  }

  // One column (a tablet, a phone): the text is below all the records, thousands of pixels
  // down; after a jump to it, a link leads back to the record the reader came from.
  var back = document.getElementById("back-to-record");
  var backLink = back ? back.querySelector("a") : null;

  function offerWayBack(rec) {
    if (!back) { return; }
    backLink.href = "#" + rec.id;
    backLink.textContent = backLink.dataset.label + ": " + rec.dataset.label;
    back.hidden = false;
  }

  if (backLink) {
    backLink.addEventListener("click", function (event) {
      var rec = document.getElementById(backLink.getAttribute("href").slice(1));
      if (!rec) { return; }
      event.preventDefault();
      rec.scrollIntoView({ block: "start" });
      var focusable = rec.querySelector("button, a");
      if (focusable) { focusable.focus({ preventScroll: true }); }
      back.hidden = true;
    });
  }

  function focusRecord(rec) {
    records.forEach(function (r) { r.classList.remove("current"); });
    rec.classList.add("current");
    var a = +rec.dataset.first, b = +rec.dataset.last;
    if (a > 0) {
      clear("hl");
      mark(a, b, "hl");
      setActive(a);
      scrollToLine(a);
      if (window.matchMedia("(max-width: 1000px)").matches) {
        offerWayBack(rec);
        source.scrollIntoView({ block: "center" });
      }
    }
  }

  document.querySelectorAll("button.show-lines").forEach(function (button) {
    button.addEventListener("click", function () {
      focusRecord(button.closest("[data-rec]"));
    });
  });

  document.querySelectorAll("a.goto-line").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var n = +link.dataset.first;
      clear("hl");
      mark(n, n, "hl");
      setActive(n);
      scrollToLine(n);
      anchor = n;
      select(n, n);
    });
  });

  source.addEventListener("click", function (event) {
    var li = event.target.closest("li[data-line]");
    if (!li) { return; }
    var n = +li.dataset.line;
    if (event.shiftKey && anchor) { select(anchor, n); } else { anchor = n; select(n, n); }
    setActive(n);
  });

  source.addEventListener("keydown", function (event) {
    var n = active || 1;
    var step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[event.key];
    if (step) {
      event.preventDefault();
      var next = Math.max(1, Math.min(total, n + step));
      setActive(next);
      if (event.shiftKey) { if (!anchor) { anchor = n; } select(anchor, next); }
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      setActive(event.key === "Home" ? 1 : total);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      anchor = n;
      select(n, n);
    }
  });

  source.addEventListener("focus", function () { if (!active) { setActive(1); } });

  // Opened at #goal-…, #task-… or #L…: show that place.
  var hash = window.location.hash.slice(1);
  if (/^L\d+$/.test(hash)) {
    var n = +hash.slice(1);
    mark(n, n, "hl");
    setActive(n);
    scrollToLine(n);
  } else if (hash) {
    var rec = document.getElementById(hash);
    if (rec && rec.hasAttribute("data-rec")) { focusRecord(rec); }
  }
})();
