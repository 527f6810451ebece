/* newsgraph: hover details, highlight toggles, links from the facts to their words, bar widths.
   Text from the page is only ever set with textContent. */
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var KIND_LABEL = { entity: "entity", event: "event", quote: "quote", figure: "figure", date: "date" };

  function tipLines(el) {
    // the hovered mark and every mark around it (an entity inside a quote shows both), innermost first
    var lines = [];
    var text = document.getElementById("doc-text");
    for (var node = el; node && node !== document.body; node = node.parentElement) {
      if (node.dataset && node.dataset.tip) {
        var kind = node.dataset.kind || "info";
        if (!(text && text.classList.contains("off-" + kind))) lines.push([kind, node.dataset.tip]);
      }
      if (node === text) break;
    }
    return lines;
  }

  function showTip(lines, x, y) {
    if (!tip) return;
    tip.textContent = "";
    lines.forEach(function (pair) {
      pair[1].split("\n").forEach(function (line, i) {
        var row = document.createElement("div");
        if (i === 0 && KIND_LABEL[pair[0]]) {
          var k = document.createElement("span");
          k.className = "k k-" + pair[0];
          k.textContent = KIND_LABEL[pair[0]];
          row.appendChild(k);
        }
        row.appendChild(document.createTextNode(line));
        tip.appendChild(row);
      });
    });
    tip.hidden = false;
    moveTip(x, y);
  }

  function moveTip(x, y) {
    if (!tip || tip.hidden) return;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8);
    var top = y + 18 + h > window.innerHeight ? y - h - 12 : y + 18;
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }

  document.addEventListener("mouseover", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-tip]") : null;
    if (!el) { if (tip) tip.hidden = true; return; }
    var lines = tipLines(el);
    if (lines.length) showTip(lines, ev.clientX, ev.clientY); else tip.hidden = true;
  });
  document.addEventListener("mousemove", function (ev) { moveTip(ev.clientX, ev.clientY); });
  document.addEventListener("scroll", function () { if (tip) tip.hidden = true; }, { passive: true });

  // switch each kind of highlight on and off
  var text = document.getElementById("doc-text");
  document.querySelectorAll("#kind-toggles input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      if (text) text.classList.toggle("off-" + box.dataset.kind, !box.checked);
    });
  });

  // the sidebar lights up the words of the fact under the pointer, and a click flashes them
  function marksFor(link) {
    if (!text) return [];
    var kind = link.classList.contains("ev-link") ? "event" : link.classList.contains("q-link") ? "quote"
      : link.classList.contains("n-link") ? "figure" : link.classList.contains("k-date") ? "date" : "entity";
    var ref = link.dataset.ref;
    return Array.prototype.filter.call(text.querySelectorAll("mark.hl-" + kind), function (m) {
      return m.dataset.ref === ref;
    });
  }
  document.querySelectorAll(".doc-side a[data-ref]").forEach(function (link) {
    link.addEventListener("mouseenter", function () { marksFor(link).forEach(function (m) { m.classList.add("lit"); }); });
    link.addEventListener("mouseleave", function () { marksFor(link).forEach(function (m) { m.classList.remove("lit"); }); });
    link.addEventListener("click", function (ev) {
      var marks = marksFor(link);
      if (!marks.length || link.getAttribute("href").charAt(0) !== "#") return;
      ev.preventDefault();
      history.replaceState(null, "", link.getAttribute("href"));
      flash(marks);
    });
  });

  function flash(marks) {
    if (!marks.length) return;
    marks[0].scrollIntoView({ behavior: "smooth", block: "center" });
    marks.forEach(function (m) {
      m.classList.remove("flash");
      void m.offsetWidth;
      m.classList.add("flash");
    });
  }

  // arriving with #t-v3 (from the events table): centre and flash those words
  if (location.hash && text) {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.matches("mark.hl")) {
      var ref = target.dataset.ref, kind = target.dataset.kind;
      var all = Array.prototype.filter.call(text.querySelectorAll("mark.hl-" + kind), function (m) {
        return m.dataset.ref === ref;
      });
      window.setTimeout(function () { flash(all); }, 60);
    }
  }

  // bar lengths carried as data (the page allows no inline styles)
  document.querySelectorAll(".bar[data-w], .split [data-w]").forEach(function (b) { b.style.width = b.dataset.w + "%"; });
  document.querySelectorAll(".role-bar[data-x]").forEach(function (b) {
    b.style.left = b.dataset.x + "%";
    b.style.width = b.dataset.w + "%";
  });
})();
