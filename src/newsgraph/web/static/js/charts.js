/* newsgraph: the cooperation/conflict timeline, drawn as SVG from the JSON beside it.
   Cooperation (quad classes 1, 2) stacks above the zero line, conflict (3, 4) below it. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var KEYS = [
    ["verbal_coop", "q1", "verbal cooperation"],
    ["material_coop", "q2", "material cooperation"],
    ["verbal_conflict", "q3", "verbal conflict"],
    ["material_conflict", "q4", "material conflict"]
  ];
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  function label(period, by) {
    if (by !== "month") return period;
    var m = parseInt(period.slice(5, 7), 10);
    return MONTHS[m - 1] + " " + period.slice(0, 4);
  }

  function draw(box) {
    var source = document.getElementById(box.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var periods = data.periods || [];
    box.textContent = "";
    if (!periods.length) return;
    var W = Math.max(box.clientWidth || 800, 320), H = 230;
    var m = { left: 34, right: 8, top: 12, bottom: 30 };
    var plotW = W - m.left - m.right, plotH = H - m.top - m.bottom;
    var up = 0, down = 0;
    periods.forEach(function (p) {
      up = Math.max(up, p.verbal_coop + p.material_coop);
      down = Math.max(down, p.verbal_conflict + p.material_conflict);
    });
    if (up + down === 0) { up = 1; down = 1; }
    var unit = plotH / (up + down);
    var zero = m.top + up * unit;
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, "class": "timeline-svg" }, box);
    var bw = plotW / periods.length;
    var gap = Math.min(Math.max(bw * 0.18, 1), 8);

    // y labels: the largest cooperation and conflict counts
    var axis = el("g", { "class": "axis" }, svg);
    if (up) { var t1 = el("text", { x: m.left - 6, y: m.top + 9, "text-anchor": "end", "class": "ylabel" }, axis); t1.textContent = up; }
    if (down) { var t2 = el("text", { x: m.left - 6, y: H - m.bottom, "text-anchor": "end", "class": "ylabel" }, axis); t2.textContent = down; }
    el("line", { x1: m.left, x2: W - m.right, y1: m.top, y2: m.top, "stroke-dasharray": "2 4" }, axis);
    el("line", { x1: m.left, x2: W - m.right, y1: H - m.bottom, y2: H - m.bottom, "stroke-dasharray": "2 4" }, axis);

    var bars = el("g", {}, svg);
    periods.forEach(function (p, i) {
      var w = Math.min(Math.max(bw - gap, 1), 42), x = m.left + i * bw + (bw - w) / 2;
      // cooperation upwards: verbal next to the line, material beyond; conflict downwards likewise
      var y = zero;
      [[p.verbal_coop, "q1"], [p.material_coop, "q2"]].forEach(function (s) {
        if (!s[0]) return;
        var h = s[0] * unit; y -= h;
        el("rect", { x: x, y: y, width: w, height: h, "class": s[1], rx: Math.min(2, w / 4) }, bars);
      });
      y = zero;
      [[p.verbal_conflict, "q3"], [p.material_conflict, "q4"]].forEach(function (s) {
        if (!s[0]) return;
        var h = s[0] * unit;
        el("rect", { x: x, y: y, width: w, height: h, "class": s[1], rx: Math.min(2, w / 4) }, bars);
        y += h;
      });
      var lines = [label(p.period, data.by)];
      KEYS.forEach(function (k) { if (p[k[0]]) lines.push(p[k[0]] + " " + k[2]); });
      if (lines.length === 1) lines.push("no events");
      var hit = el("rect", { x: m.left + i * bw, y: m.top, width: bw, height: plotH, fill: "transparent" }, svg);
      hit.setAttribute("data-tip", lines.join("\n"));
      hit.setAttribute("data-kind", "info");
    });
    el("line", { x1: m.left, x2: W - m.right, y1: zero, y2: zero, "class": "zero" }, svg);

    // x labels: as many as fit
    var every = Math.max(1, Math.ceil(64 / bw));
    var xaxis = el("g", { "class": "axis" }, svg);
    periods.forEach(function (p, i) {
      if (i % every !== 0) return;
      var cx = m.left + i * bw + bw / 2;
      el("line", { x1: cx, x2: cx, y1: H - m.bottom, y2: H - m.bottom + 4 }, xaxis);
      var t = el("text", { x: cx, y: H - m.bottom + 16, "text-anchor": "middle" }, xaxis);
      t.textContent = label(p.period, data.by);
    });
  }

  function drawAll() { document.querySelectorAll("[data-chart=timeline]").forEach(draw); }
  drawAll();
  var pending;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(drawAll, 150); });
})();
