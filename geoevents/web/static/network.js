// geoevents actor network: a small deterministic force layout drawn as SVG. No libraries, no network access
// beyond this server's own /api/events. Data comes from the page (<script type="application/json" id="network-data">).
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var W = 800, H = 560, PAD_X = 70, PAD_Y = 30;
  var svg = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!svg || !source) { return; }
  var data = JSON.parse(source.textContent);
  var nodes = data.nodes || [], edges = data.edges || [];
  if (!nodes.length) { return; }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  // Colour from cooperation (blue) through mixed (grey) to conflict (red).
  var BLUE = [33, 113, 181], GREY = [158, 158, 158], RED = [203, 24, 29];
  function mix(a, b, t) { return a.map(function (v, i) { return Math.round(v + (b[i] - v) * t); }); }
  function edgeColour(e) {
    var coded = (e.cooperation || 0) + (e.conflict || 0);
    if (!coded) { return "rgb(158,158,158)"; }
    var share = (e.conflict - e.cooperation) / coded; // -1 all cooperation .. +1 all conflict
    var rgb = share < 0 ? mix(GREY, BLUE, -share) : mix(GREY, RED, share);
    return "rgb(" + rgb.join(",") + ")";
  }
  function edgeWidth(e) { return Math.min(14, 1.5 + 2.2 * Math.sqrt(e.events)); }
  function radius(n) { return Math.min(30, 7 + 3 * Math.sqrt(n.count)); }

  // Deterministic layout: start on a circle in the server's order, then Fruchterman-Reingold iterations.
  var index = {};
  nodes.forEach(function (n, i) {
    index[n.code] = i;
    var angle = 2 * Math.PI * i / nodes.length;
    n.x = W / 2 + (W / 3) * Math.cos(angle);
    n.y = H / 2 + (H / 3) * Math.sin(angle);
  });
  var links = edges.filter(function (e) { return e.source in index && e.target in index; });
  var k = Math.sqrt(W * H / nodes.length) * 0.6;
  for (var it = 0, temp = W / 6; it < 400; it++, temp *= 0.985) {
    nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
    for (var i = 0; i < nodes.length; i++) {
      for (var j = i + 1; j < nodes.length; j++) {
        var a = nodes[i], b = nodes[j];
        var dx = a.x - b.x, dy = a.y - b.y, d = Math.max(1, Math.hypot(dx, dy));
        var f = k * k / d;
        a.dx += dx / d * f; a.dy += dy / d * f; b.dx -= dx / d * f; b.dy -= dy / d * f;
      }
    }
    links.forEach(function (e) {
      var a = nodes[index[e.source]], b = nodes[index[e.target]];
      var dx = a.x - b.x, dy = a.y - b.y, d = Math.max(1, Math.hypot(dx, dy));
      var f = d * d / k;
      a.dx -= dx / d * f; a.dy -= dy / d * f; b.dx += dx / d * f; b.dy += dy / d * f;
    });
    nodes.forEach(function (n) {
      // Gravity keeps unconnected groups near the centre instead of drifting to the edges.
      var gx = W / 2 - n.x, gy = H / 2 - n.y, gd = Math.max(1, Math.hypot(gx, gy));
      n.dx += gx / gd * gd * gd / (4 * k); n.dy += gy / gd * gd * gd / (4 * k);
      var len = Math.max(1e-9, Math.hypot(n.dx, n.dy)), step = Math.min(len, temp);
      n.x += n.dx / len * step;
      n.y += n.dy / len * step;
    });
  }
  fit();
  // Labels need room: push apart nodes that ended up too close, then fit again.
  for (var round = 0; round < 60; round++) {
    for (var p = 0; p < nodes.length; p++) {
      for (var q = p + 1; q < nodes.length; q++) {
        var u = nodes[p], v = nodes[q];
        var ox = 90 - Math.abs(u.x - v.x), oy = 34 - Math.abs(u.y - v.y);
        if (ox > 0 && oy > 0) {
          var sy = u.y < v.y || (u.y === v.y && p < q) ? -1 : 1;
          u.y += sy * oy / 2; v.y -= sy * oy / 2;
        }
      }
    }
  }
  fit();

  function fit() {
    var xs = nodes.map(function (n) { return n.x; }), ys = nodes.map(function (n) { return n.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    nodes.forEach(function (n) {
      n.x = x1 > x0 ? PAD_X + (n.x - x0) / (x1 - x0) * (W - 2 * PAD_X) : W / 2;
      n.y = y1 > y0 ? PAD_Y + (n.y - y0) / (y1 - y0) * (H - 2 * PAD_Y - 14) : H / 2;
    });
  }

  while (svg.firstChild) { svg.removeChild(svg.firstChild); }
  var defs = el("defs", {}, svg);
  var markers = {};
  function marker(colour) {
    if (!markers[colour]) {
      var id = "arrow-" + Object.keys(markers).length;
      var m = el("marker", { id: id, viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "4", markerHeight: "4",
        orient: "auto-start-reverse", markerUnits: "strokeWidth" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }, m);
      markers[colour] = id;
    }
    return markers[colour];
  }

  var edgeLayer = el("g", { "class": "edges" }, svg);
  var nodeLayer = el("g", { "class": "nodes" }, svg);
  var edgeEls = [];
  links.forEach(function (e) {
    var a = nodes[index[e.source]], b = nodes[index[e.target]];
    var dx = b.x - a.x, dy = b.y - a.y, d = Math.max(1, Math.hypot(dx, dy));
    // Curve every arrow to its right, so A->B and B->A never hide each other.
    var bend = Math.min(40, d * 0.15), mx = (a.x + b.x) / 2 - dy / d * bend, my = (a.y + b.y) / 2 + dx / d * bend;
    var rb = radius(b) + 3, q = Math.max(1, Math.hypot(b.x - mx, b.y - my));
    var ex = b.x - (b.x - mx) / q * rb, ey = b.y - (b.y - my) / q * rb;
    var colour = edgeColour(e);
    var path = el("path", { d: "M" + a.x.toFixed(1) + "," + a.y.toFixed(1) + " Q" + mx.toFixed(1) + "," + my.toFixed(1) +
      " " + ex.toFixed(1) + "," + ey.toFixed(1), stroke: colour, "stroke-width": edgeWidth(e).toFixed(1),
      "class": "edge", "marker-end": "url(#" + marker(colour) + ")", "data-source": e.source, "data-target": e.target },
      edgeLayer);
    var tip = e.source + " → " + e.target + ": " + e.events + " events (" + e.cooperation + " cooperation, " +
      e.conflict + " conflict" + (e.mean_intensity === null ? "" : ", mean intensity " + e.mean_intensity.toFixed(1)) +
      "). Click to compare over time.";
    el("title", {}, path).textContent = tip;
    path.addEventListener("click", function () {
      window.location.href = "/dyads/" + encodeURIComponent(e.source) + "/" + encodeURIComponent(e.target);
    });
    edgeEls.push(path);
  });

  var nodeEls = {};
  nodes.forEach(function (n) {
    var g = el("g", { "class": "node", transform: "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")",
      tabindex: "0", role: "button", "data-code": n.code, "aria-label": n.name + " (" + n.code + ")" }, nodeLayer);
    el("circle", { r: radius(n).toFixed(1) }, g);
    var label = el("text", { y: (radius(n) + 13).toFixed(1), "text-anchor": "middle" }, g);
    label.textContent = n.name && n.name.length <= 16 ? n.name : n.code; // full name and code in the tooltip
    el("title", {}, g).textContent = n.name + " (" + n.code + "): " + n.count + " events. Click to list them.";
    g.addEventListener("click", function () { select(n); });
    g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(n); } });
    nodeEls[n.code] = g;
  });

  // -- the side panel: events of the selected actor ------------------------------------------------------------
  var title = document.getElementById("panel-title"), help = document.getElementById("panel-help");
  var list = document.getElementById("panel-events"), links = document.getElementById("panel-more");
  var FETCH = 100, SHOW = 15;

  function query(extra) {
    var params = new URLSearchParams();
    Object.keys(data.filters || {}).forEach(function (key) {
      if (key !== "actor" && key !== "recipient") { params.set(key, data.filters[key]); }
    });
    Object.keys(extra).forEach(function (key) { params.set(key, extra[key]); });
    return params.toString();
  }

  function item(ev) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = "/events/" + encodeURIComponent(ev.id);
    a.className = "panel-event";
    var who = function (xs) { return (xs || []).map(function (x) { return x.code || x.text; }).join(", ") || "?"; };
    a.textContent = (ev.first_date || ev.date || "undated") + " · " + who(ev.actor) + " " + ev.event + " " +
      who(ev.recipient) + (ev.factuality !== "asserted" ? " (" + ev.factuality + ")" : "");
    li.appendChild(a);
    var s = document.createElement("div");
    s.className = "muted";
    s.textContent = ev.sentence;
    li.appendChild(s);
    return li;
  }

  function select(n) {
    Object.keys(nodeEls).forEach(function (code) {
      nodeEls[code].classList.toggle("selected", code === n.code);
    });
    var near = {}; near[n.code] = true;
    edgeEls.forEach(function (p) {
      var hit = p.getAttribute("data-source") === n.code || p.getAttribute("data-target") === n.code;
      p.classList.toggle("dim", !hit);
      if (hit) { near[p.getAttribute("data-source")] = true; near[p.getAttribute("data-target")] = true; }
    });
    Object.keys(nodeEls).forEach(function (code) { nodeEls[code].classList.toggle("dim", !near[code]); });
    title.textContent = n.name + " (" + n.code + ")";
    help.textContent = "Loading events…";
    list.textContent = "";
    // The API's actor filter also matches names ("RUS" finds "Belarusian ..."): keep exact code matches only.
    fetch("/api/events?" + query({ actor: n.code, limit: FETCH }), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (page) {
        var exact = page.events.filter(function (ev) {
          return (ev.actor || []).some(function (x) { return x.code === n.code; });
        });
        var more = page.total > page.events.length ? "+" : "";
        help.textContent = exact.length + more + " events with " + n.code + " as the actor" +
          (exact.length > SHOW ? " (first " + SHOW + " shown)" : "") + ". Click one to read the sentences behind it.";
        exact.slice(0, SHOW).forEach(function (ev) { list.appendChild(item(ev)); });
        links.textContent = "";
        [["All events by " + n.code, { actor: n.code }], ["Events aimed at " + n.code, { recipient: n.code }]]
          .forEach(function (pair, i) {
            var a = document.createElement("a");
            a.href = "/events?" + query(pair[1]);
            a.textContent = pair[0] + " →";
            if (i) { links.appendChild(document.createTextNode(" · ")); }
            links.appendChild(a);
          });
      })
      .catch(function (err) { help.textContent = "Could not load the events: " + err.message; });
  }
})();
