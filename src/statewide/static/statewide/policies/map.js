// The tracker's national map: a choropleth drawn as plain SVG from the pre-projected us-atlas shapes
// (states-albers-10m.json, already in screen coordinates, so no projection is needed).
// Data comes from <script type="application/json" id="map-data"> (json_script); no inline scripts (CSP).
// Each jurisdiction is focusable (Tab), announces its name and value, and opens its profile on Enter.
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var WIDTH = 975;
  var MAP_HEIGHT = 610;
  var BOX_ROW_Y = 628;
  var BOXED = ["11", "72", "78", "66", "60", "69"]; // DC (too small to find on the map) and the territories
  var container = document.getElementById("policies-map");
  var tooltip = document.getElementById("policies-tooltip");
  var shapes = null;

  var swapped = null; // map data of the latest HTMX response (HTMX does not insert <script> elements)

  function readData() {
    if (swapped) { return swapped; }
    var el = document.getElementById("map-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  function ringPath(ring) {
    var parts = [];
    for (var i = 0; i < ring.length; i++) {
      parts.push(ring[i][0].toFixed(1) + "," + ring[i][1].toFixed(1));
    }
    return "M" + parts.join("L") + "Z";
  }

  function geometryPath(geometry) {
    if (!geometry) { return ""; }
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var d = "";
    for (var i = 0; i < polygons.length; i++) {
      for (var j = 0; j < polygons[i].length; j++) { d += ringPath(polygons[i][j]); }
    }
    return d;
  }

  function el(name, attrs) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function describe(state) {
    return state.name + ": " + state.label + (state.note ? " (" + state.note + ")" : "");
  }

  function showTooltip(state, x, y) {
    if (!tooltip) { return; }
    tooltip.textContent = describe(state);
    tooltip.hidden = false;
    var box = container.getBoundingClientRect();
    tooltip.style.left = Math.max(0, Math.min(x - box.left + 12, box.width - 220)) + "px";
    tooltip.style.top = Math.max(0, y - box.top + 12) + "px";
  }

  function hideTooltip() { if (tooltip) { tooltip.hidden = true; } }

  function makeInteractive(node, state) {
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "link");
    node.setAttribute("aria-label", describe(state));
    node.setAttribute("data-usps", state.usps);
    node.setAttribute("data-category", state.category);
    node.classList.add("policies-map__state");
    node.addEventListener("click", function () { window.location.href = state.url; });
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); window.location.href = state.url; }
    });
    node.addEventListener("mousemove", function (event) { showTooltip(state, event.clientX, event.clientY); });
    node.addEventListener("mouseleave", hideTooltip);
    node.addEventListener("focus", function () {
      var r = node.getBoundingClientRect();
      showTooltip(state, r.left + r.width / 2, r.top + r.height / 2);
    });
    node.addEventListener("blur", hideTooltip);
  }

  function draw() {
    var data = readData();
    if (!data || !shapes) { return; }
    var fills = {};
    data.categories.forEach(function (c) { fills[c.code] = c.fill; });
    var svg = el("svg", {
      viewBox: "0 0 " + WIDTH + " " + (BOX_ROW_Y + 40),
      class: "policies-map__svg",
      role: "group",
      "aria-label": data.measure + ", " + data.asOf
    });
    var states = data.states.slice().sort(function (a, b) { return a.name.localeCompare(b.name); });
    var boxed = [];
    states.forEach(function (state) {
      var d = shapes[state.fips];
      if (d) {
        var path = el("path", { d: d, fill: fills[state.category] || "#ffffff" });
        if (BOXED.indexOf(state.fips) === -1) {
          makeInteractive(path, state);
        } else {
          path.setAttribute("aria-hidden", "true");
        }
        svg.appendChild(path);
      }
      if (!d || BOXED.indexOf(state.fips) !== -1) { boxed.push(state); }
    });
    boxed.sort(function (a, b) { return BOXED.indexOf(a.fips) - BOXED.indexOf(b.fips); });
    boxed.forEach(function (state, i) {
      var x = 430 + i * 90;
      var g = el("g", {});
      g.appendChild(el("rect", { x: x, y: BOX_ROW_Y, width: 28, height: 28, fill: fills[state.category] || "#ffffff", class: "policies-map__box" }));
      var label = el("text", { x: x + 34, y: BOX_ROW_Y + 19, class: "policies-map__label", "aria-hidden": "true" });
      label.textContent = state.usps;
      g.appendChild(label);
      makeInteractive(g, state);
      svg.appendChild(g);
    });
    container.replaceChildren(svg);
  }

  function updateOutput() {
    var input = document.getElementById("id_year");
    var output = document.getElementById("year-value");
    if (input && output) {
      input.addEventListener("input", function () { output.textContent = input.value; });
    }
  }

  if (!container || !window.topojson || !window.fetch) { return; }
  updateOutput();
  fetch(container.getAttribute("data-atlas"))
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      shapes = {};
      topojson.feature(topology, topology.objects.states).features.forEach(function (f) {
        shapes[f.id] = geometryPath(f.geometry);
      });
      draw();
    });
  // After HTMX swaps in new results (measure, year), redraw from the new embedded data.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var doc = new DOMParser().parseFromString(event.detail.serverResponse || "", "text/html");
    var el = doc.getElementById("map-data");
    if (el) { swapped = JSON.parse(el.textContent); }
  });
  document.body.addEventListener("htmx:afterSettle", function () { draw(); });
})();
