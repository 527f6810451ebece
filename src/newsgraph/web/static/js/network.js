/* newsgraph: the network of actors one actor deals with, as SVG. A small force layout written here:
   every node pushes the others away, every edge pulls its ends together, a weak pull keeps the graph
   centred; the actor itself sits fixed in the middle. Deterministic: it starts from a circle. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function el(tag, attrs, parent) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  function labelWidth(n) { return Math.min(String(n.name).length * 6.6, 190); }

  // the box of a node's label: on the outer side of the node (below it for the actor itself)
  function box(n, cx) {
    var w = labelWidth(n);
    if (n.ego) return [n.x - w / 2, n.y + 10, n.x + w / 2, n.y + 28];
    return n.x >= cx ? [n.x - 10, n.y - 10, n.x + 16 + w, n.y + 10] : [n.x - 16 - w, n.y - 10, n.x + 10, n.y + 10];
  }

  function layout(nodes, edges, W, H) {
    var cx = W / 2, cy = H / 2, R = Math.min(W, H) * 0.4;
    var others = nodes.length - 1;
    nodes.forEach(function (n, i) {
      if (n.ego) { n.x = cx; n.y = cy; return; }
      var a = (2 * Math.PI * (i - 1)) / Math.max(others, 1) - Math.PI / 2;
      n.x = cx + R * Math.cos(a);
      n.y = cy + R * Math.sin(a);
    });
    var byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    var links = edges.map(function (e) { return [byId[e.a], byId[e.b], e]; }).filter(function (l) { return l[0] && l[1]; });
    var ideal = R * 1.05;
    var repel = ideal * ideal * 1.6;
    for (var step = 0; step < 320; step++) {
      var cool = 1 - step / 320;
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y;
          var d2 = Math.max(dx * dx + dy * dy, 25), d = Math.sqrt(d2);
          var f = repel / d2;
          a.dx += (dx / d) * f; a.dy += (dy / d) * f;
          b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
        }
      }
      links.forEach(function (l) {
        var a = l[0], b = l[1];
        var dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
        var f = (d - ideal) * 0.08;
        a.dx += (dx / d) * f; a.dy += (dy / d) * f;
        b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
      });
      // labels that would overlap push their nodes apart vertically
      for (var p = 0; p < nodes.length; p++) {
        for (var q = p + 1; q < nodes.length; q++) {
          var u = box(nodes[p], cx), v = box(nodes[q], cx);
          var ox = Math.min(u[2], v[2]) - Math.max(u[0], v[0]);
          var oy = Math.min(u[3], v[3]) - Math.max(u[1], v[1]);
          if (ox > 0 && oy > 0) {
            var push = (oy / 2 + 1) * 0.5 * (nodes[p].y <= nodes[q].y ? -1 : 1);
            nodes[p].dy += push; nodes[q].dy -= push;
          }
        }
      }
      nodes.forEach(function (n) {
        if (n.ego) return;
        n.dx += (cx - n.x) * 0.02; n.dy += (cy - n.y) * 0.02;
        var len = Math.sqrt(n.dx * n.dx + n.dy * n.dy), cap = 24 * cool + 1;
        if (len > cap) { n.dx *= cap / len; n.dy *= cap / len; }
        // keep the node and its label (drawn on the outer side) inside the picture
        var label = labelWidth(n) + 26;
        var x = n.x + n.dx;
        x = x >= cx ? Math.min(x, W - label) : Math.max(x, label);
        n.x = Math.min(W - 20, Math.max(20, x));
        n.y = Math.min(H - 20, Math.max(20, n.y + n.dy));
      });
    }
    return links;
  }

  function draw(box) {
    var source = document.getElementById(box.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var nodes = (data.nodes || []).map(function (n) { return Object.assign({}, n); });
    box.textContent = "";
    if (nodes.length < 2) return;
    var W = Math.max(box.clientWidth || 640, 320), H = Math.max(360, Math.min(520, W * 0.62));
    var links = layout(nodes, data.edges || [], W, H);
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, "class": "network-svg" }, box);
    var g = el("g", {}, svg);
    var names = {};
    nodes.forEach(function (n) { names[n.id] = n.name; });
    links.forEach(function (l) {
      var e = l[2];
      var kind = e.coop > e.conflict ? "coop" : e.conflict > e.coop ? "conflict" : "mixed";
      var line = el("line", {
        x1: l[0].x, y1: l[0].y, x2: l[1].x, y2: l[1].y,
        "class": "edge " + kind, "stroke-width": Math.min(1.5 + 1.6 * Math.log2(e.n + 1), 9)
      }, g);
      line.setAttribute("data-kind", "info");
      line.setAttribute("data-tip", names[e.a] + " – " + names[e.b] + ": " + e.n + " event" + (e.n === 1 ? "" : "s") +
        "\n" + e.coop + " cooperation, " + e.conflict + " conflict");
    });
    var cx = W / 2;
    nodes.forEach(function (n) {
      var r = n.ego ? 15 : Math.min(6 + 2.2 * Math.sqrt(n.documents || 1), 16);
      var node = el("g", { "class": "node" + (n.ego ? " ego" : ""), transform: "translate(" + n.x + "," + n.y + ")" }, svg);
      node.setAttribute("data-kind", "info");
      node.setAttribute("data-tip", n.name + " · " + n.type + (n.country ? " · " + n.country : "") +
        "\n" + (n.documents || 0) + " article" + (n.documents === 1 ? "" : "s"));
      el("circle", { r: r }, node);
      var t = el("text", {}, node);
      t.textContent = n.name;
      if (n.ego) {
        t.setAttribute("y", r + 15); t.setAttribute("text-anchor", "middle");
      } else {
        var right = n.x >= cx;
        t.setAttribute("x", right ? r + 5 : -r - 5);
        t.setAttribute("y", 4);
        t.setAttribute("text-anchor", right ? "start" : "end");
      }
      if (n.href && !n.ego) {
        node.setAttribute("role", "link");
        node.setAttribute("tabindex", "0");
        var go = function () { window.location.href = n.href; };
        node.addEventListener("click", go);
        node.addEventListener("keydown", function (ev) { if (ev.key === "Enter") go(); });
      }
    });
    box.setAttribute("data-nodes", nodes.length);
    box.setAttribute("data-edges", links.length);
  }

  function drawAll() { document.querySelectorAll("[data-chart=network]").forEach(draw); }
  drawAll();
  var pending;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(drawAll, 150); });
})();
