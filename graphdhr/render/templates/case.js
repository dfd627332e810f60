/* graphdhr: the chair's view. Draws the network, the agency timeline, the date slider, the filters and the side
   panel from the JSON data block (the element with id "data"). Every text from the case is shown with
   textContent or a text node, never parsed as HTML; tooltips are SVG title text. Nothing here asks for anything
   over the network. */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var DAY_MS = 86400000;
  var data = JSON.parse(document.getElementById("data").textContent);
  var colours = data.colours;

  // -- small helpers ------------------------------------------------------------------------------------------

  function setAttrs(node, attrs) {
    if (!attrs) return node;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = String(v);
      else node.setAttribute(k, String(v));
    });
    return node;
  }
  function add(node, children) {
    if (children === null || children === undefined) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    });
    return node;
  }
  function h(tag, attrs, children) { return add(setAttrs(document.createElement(tag), attrs), children); }
  function s(tag, attrs, children) { return add(setAttrs(document.createElementNS(SVG_NS, tag), attrs), children); }
  function tip(text) { return s("title", { text: text }); }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function day(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY_MS; }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // A day as every date a person reads is written (graphdhr.dates.date_label): "10 Feb 2014".
  function dayText(n) {
    var d = new Date(n * DAY_MS);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }
  // A long name shortened in its middle: its start and its last words (which tell similar names apart).
  function short(text, n) {
    if (text.length <= n) return text;
    var words = text.split(" "), tail = "";
    while (words.length > 1 && (words[words.length - 1] + " " + tail).trim().length <= n * 0.55) {
      tail = (words.pop() + " " + tail).trim();
    }
    var head = text.slice(0, Math.max(n - tail.length - 1, 1)).trim();
    return tail ? head + "\u2026" + tail : text.slice(0, n - 1) + "\u2026";
  }
  // A name in at most two lines of about `n` characters; a longer one keeps its start and its last words.
  function wrapName(text, n) {
    if (text.length <= n) return [text];
    var ws = text.split(" "), first = "";
    while (ws.length && (first + " " + ws[0]).trim().length <= n) first = (first + " " + ws.shift()).trim();
    if (!first) return [short(text, n)];
    return [first, short(ws.join(" "), n)];
  }
  function words(code) { return String(code).replace(/_/g, " "); }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function byName(a, b) { return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); }

  // "2 rows that referred or shared (incident 1, referral 1), first 2014-07-04"
  function flowText(e) {
    var types = Object.keys(e.types || {}).map(function (t) { return words(t) + " " + e.types[t]; });
    return plural(e.n, "row", "rows") + " that referred or shared" + (types.length ? " (" + types.join(", ") + ")" : "") +
      (e.first ? ", first " + (e.first_text || e.first) : "");
  }
  function agencyName(id) { return (data.agencies[id] || data.forums[id] || { name: id }).name; }
  function personName(id) { return (data.people[id] || { name: id }).name; }

  // -- indexes ------------------------------------------------------------------------------------------------

  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var eventsByAgency = {}, eventsByPerson = {}, eventsTo = {}, eventById = {};
  data.events.forEach(function (e) {
    eventById[e.id] = e;
    (eventsByAgency[e.agency] = eventsByAgency[e.agency] || []).push(e);
    e.subjects.forEach(function (p) { (eventsByPerson[p] = eventsByPerson[p] || []).push(e); });
    e.to.forEach(function (t) { (eventsTo[t] = eventsTo[t] || []).push(e); });
  });
  var knowledgeByAgency = {};
  data.knowledge.forEach(function (k) { (knowledgeByAgency[k.agency] = knowledgeByAgency[k.agency] || []).push(k); });
  var heldByAgency = {};
  data.held.forEach(function (k) { (heldByAgency[k.agency] = heldByAgency[k.agency] || []).push(k); });
  var edgesByNode = {};
  data.edges.forEach(function (e) {
    (edgesByNode[e.s] = edgesByNode[e.s] || []).push(e);
    (edgesByNode[e.t] = edgesByNode[e.t] || []).push(e);
  });

  // -- the network --------------------------------------------------------------------------------------------

  var net = { svg: null, nodeEls: {}, labelEls: {}, ringEls: {}, edgeEls: [], view: null, home: null };
  var many = data.nodes.length > data.many_nodes;

  function nodeRadius(n) {
    if (n.kind === "agency") return 11;
    if (n.kind === "forum") return 11;
    return (n.role === "victim" || n.role === "perpetrator") ? 10 : (many ? 4 : 7);
  }

  function drawNetwork() {
    var box = document.getElementById("network");
    var maxX = 0, maxY = 0;
    data.nodes.forEach(function (n) { maxX = Math.max(maxX, n.x); maxY = Math.max(maxY, n.y); });
    // The whole network, with room for labels; a small one is not blown up past about its drawn size.
    var w = maxX + 200, hgt = maxY + 40, fitW = Math.max(w, 900), fitH = Math.max(hgt, 500);
    net.home = [(w - fitW) / 2, (hgt - fitH) / 2, fitW, fitH];
    net.view = net.home.slice();
    var svg = s("svg", { id: "net-svg", class: many ? "net many" : "net", viewBox: net.home.join(" "),
      preserveAspectRatio: "xMidYMid meet", role: "img",
      "aria-label": "Network of people, agencies and forums, with contacts, referrals and shares" });
    var defs = s("defs");
    defs.appendChild(s("marker", { id: "arrow-flow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7,
      markerHeight: 7, orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: colours.flow })));
    svg.appendChild(defs);
    var looseTop = Infinity;
    var gEdges = s("g", { class: "edges" }), gNodes = s("g", { class: "nodes" }), gLabels = s("g", { class: "labels" });

    data.edges.forEach(function (e) {
      var a = nodeById[e.s], b = nodeById[e.t];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1;
      var cut = e.kind === "contact" ? 0 : nodeRadius(b) + 3;
      var attrs = { x1: a.x, y1: a.y, x2: (b.x - dx / len * cut).toFixed(1), y2: (b.y - dy / len * cut).toFixed(1),
        class: "edge " + e.kind, "data-s": e.s, "data-t": e.t };
      var text;
      if (e.kind === "contact") {
        attrs.stroke = "#b8c1ca";
        attrs["stroke-width"] = Math.min(0.5 + Math.log(e.n) * 0.8, 4).toFixed(2);
        text = agencyName(a.key) + ": " + plural(e.n, "row", "rows") + " about " + personName(b.key);
      } else {
        attrs.stroke = colours.flow;
        attrs["stroke-width"] = Math.min(1.8 + Math.log(e.n), 5).toFixed(2);
        attrs["marker-end"] = "url(#arrow-flow)";
        text = agencyName(a.key) + " \u2192 " + agencyName(b.key) + ": " + flowText(e);
      }
      var line = s("line", attrs, tip(text));
      line.__edge = e;
      net.edgeEls.push(line);
      gEdges.appendChild(line);
    });

    data.nodes.forEach(function (n) {
      var r = nodeRadius(n), shape;
      if (n.kind === "forum") {
        shape = s("rect", { x: n.x - r, y: n.y - r, width: 2 * r, height: 2 * r, rx: 2, fill: colours.forum,
          transform: "rotate(45 " + n.x + " " + n.y + ")" });
      } else {
        shape = s("circle", { cx: n.x, cy: n.y, r: r,
          fill: n.kind === "person" ? (colours.roles[n.role] || "#78909c") : colours.states.none });
      }
      var g = s("g", { class: "node " + n.kind + (n.ring ? " ring-" + n.ring : ""), "data-id": n.id, tabindex: 0,
        role: "button", "aria-label": n.about }, [shape, tip(n.about)]);
      // An agency that had passed on all it knew shows a white centre, so that the state is not told by colour alone.
      if (n.kind === "agency") g.appendChild(s("circle", { cx: n.x, cy: n.y, r: 3.5, class: "passed", fill: "#fff" }));
      // An agency that may have passed on all it knew (the order of a share cannot be known) adds a dark dot.
      if (n.kind === "agency") g.appendChild(s("circle", { cx: n.x, cy: n.y, r: 1.5, class: "maybe", fill: "#212121" }));
      if (n.kind === "agency" && n.ring) {
        net.ringEls[n.id] = s("circle", { cx: n.x, cy: n.y, r: r + 4, class: "ring", fill: "none", "data-from": n.ring_from,
          stroke: colours.rings[n.ring], "stroke-width": 3, "stroke-dasharray": n.ring === "never_told" ? "4 3" : null });
        g.insertBefore(net.ringEls[n.id], shape);
      }
      g.addEventListener("click", function (ev) { ev.stopPropagation(); select([n.id]); showNode(n.id); });
      g.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select([n.id]); showNode(n.id); }
      });
      net.nodeEls[n.id] = g;
      gNodes.appendChild(g);
      var label = s("text", { x: n.x + r + 4, y: n.y,
        class: "label " + (n.kind === "person" && n.role !== "victim" && n.role !== "perpetrator" ? "plabel" : "alabel") });
      n.label.forEach(function (line, i) {
        label.appendChild(s("tspan", { x: n.x + r + 4, dy: i ? "1.1em" : (0.35 - 0.55 * (n.label.length - 1)).toFixed(2) + "em", text: line }));
      });
      gLabels.appendChild(label);
      net.labelEls[n.id] = label;
      if (!edgesByNode[n.id]) looseTop = Math.min(looseTop, n.y);
    });
    if (looseTop < Infinity) {
      gLabels.appendChild(s("text", { x: 30, y: looseTop - 26, class: "label loose", text: "No contact or share recorded:" }));
    }
    svg.appendChild(gEdges);
    svg.appendChild(gNodes);
    svg.appendChild(gLabels);
    svg.addEventListener("click", function () { select([]); });
    enablePanZoom(svg);
    box.appendChild(svg);
    net.svg = svg;
    setView(net.home.slice());
    window.addEventListener("resize", function () { setView(net.view); });
  }

  function setView(v) {
    net.view = v;
    net.svg.setAttribute("viewBox", v.map(function (x) { return x.toFixed(1); }).join(" "));
    // Labels keep a readable size on screen when a large network is shown whole (up to twice the drawn size);
    // in a large network, people's names show once zoomed in far enough for them not to overlap.
    var rect = net.svg.getBoundingClientRect();
    if (rect.width > 0) {
      var unitsPerPx = Math.max(v[2] / rect.width, v[3] / rect.height);
      net.svg.style.setProperty("--label-size", (11 * Math.min(Math.max(unitsPerPx, 1), 2.2)).toFixed(1) + "px");
      net.svg.classList.toggle("zoomed", unitsPerPx < 0.6);
    }
  }

  function zoomBy(factor, cx, cy) {
    var v = net.view;
    if (cx === undefined) { cx = v[0] + v[2] / 2; cy = v[1] + v[3] / 2; }
    var w = Math.min(Math.max(v[2] / factor, net.home[2] / 40), net.home[2] * 2);
    var k = w / v[2];
    setView([cx - (cx - v[0]) * k, cy - (cy - v[1]) * k, v[2] * k, v[3] * k]);
  }

  function toSvgPoint(svg, clientX, clientY) {
    var rect = svg.getBoundingClientRect(), v = net.view;
    var scale = Math.max(v[2] / rect.width, v[3] / rect.height);
    var ox = (rect.width * scale - v[2]) / 2, oy = (rect.height * scale - v[3]) / 2;
    return [v[0] - ox + (clientX - rect.left) * scale, v[1] - oy + (clientY - rect.top) * scale, scale];
  }

  function enablePanZoom(svg) {
    // As on the timeline: the wheel zooms with Ctrl (or a pinch), and otherwise scrolls the page past the network.
    svg.addEventListener("wheel", function (ev) {
      if (!ev.ctrlKey && !ev.metaKey) return;
      ev.preventDefault();
      var p = toSvgPoint(svg, ev.clientX, ev.clientY);
      zoomBy(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p[0], p[1]);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.target.closest && ev.target.closest(".node")) return;
      drag = { x: ev.clientX, y: ev.clientY, view: net.view.slice(), moved: false };
    });
    svg.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var p = toSvgPoint(svg, 0, 0), scale = p[2];
      var dx = (ev.clientX - drag.x) * scale, dy = (ev.clientY - drag.y) * scale;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      setView([drag.view[0] - dx, drag.view[1] - dy, drag.view[2], drag.view[3]]);
    });
    function end() { drag = null; }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointerleave", end);
    document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.5); });
    document.getElementById("zoom-out").addEventListener("click", function () { zoomBy(1 / 1.5); });
    document.getElementById("zoom-reset").addEventListener("click", function () { setView(net.home.slice()); });
  }

  function select(ids) {
    var chosen = {};
    ids.forEach(function (id) { chosen[id] = true; });
    // One node lights up with its neighbours; several (a finding's) light up alone, with the lines between them.
    var near = {}, several = ids.length > 1;
    ids.forEach(function (id) {
      near[id] = true;
      if (!several) (edgesByNode[id] || []).forEach(function (e) { near[e.s] = true; near[e.t] = true; });
    });
    var focus = ids.length > 0;
    net.svg.classList.toggle("focus", focus);
    Object.keys(net.nodeEls).forEach(function (id) {
      var g = net.nodeEls[id];
      g.classList.toggle("selected", !!chosen[id]);
      g.classList.toggle("near", focus && !!near[id]);
      net.labelEls[id].classList.toggle("near", focus && !!near[id]);
    });
    net.edgeEls.forEach(function (line) {
      var e = line.__edge;
      line.classList.toggle("near", focus && (several ? !!chosen[e.s] && !!chosen[e.t] : !!chosen[e.s] || !!chosen[e.t]));
    });
    document.querySelectorAll(".finding.selected").forEach(function (el) { el.classList.remove("selected"); });
  }

  // -- the date slider ----------------------------------------------------------------------------------------

  var slider, dateOut, knewOut, cursor = null, timelineX = null;

  function agencyState(agency, when) {
    var known = (knowledgeByAgency[agency] || []).filter(function (k) { return day(k.first) <= when; });
    if (!known.length) return "none";
    function by(p) { return day(p.start) <= when; }
    if (!known.every(function (k) { return k.passed.some(by); })) return "knew";
    // Passed on for certain only where each thing it knew has a share whose order is known (report.passing_note).
    var certain = known.every(function (k) { return k.passed.some(function (p) { return by(p) && !p.may; }); });
    return certain ? "shared" : "maybe_shared";
  }

  function applyDate() {
    var when = +slider.value, said = dayText(when);
    dateOut.textContent = said;
    data.nodes.forEach(function (n) {
      if (n.kind !== "agency") return;
      var state = agencyState(n.key, when), g = net.nodeEls[n.id];
      g.setAttribute("data-state", state);
      g.querySelector("circle:not(.ring)").setAttribute("fill", colours.states[state]);
      // Said in words too, for a screen reader and for whoever cannot tell the colours apart.
      var label = n.about + "; on " + said + ": " + document.getElementById("state-" + state).textContent.replace(/^agency: /, "");
      var ring = net.ringEls[n.id];
      if (ring) {
        var later = day(n.ring_from) > when;
        ring.classList.toggle("later", later);
        if (!later) label += "; " + document.getElementById("ring-" + n.ring).textContent;
      }
      g.setAttribute("aria-label", label);
    });
    net.edgeEls.forEach(function (line) {
      var e = line.__edge;
      line.classList.toggle("future", !!e.first && day(e.first) > when);
    });
    clear(knewOut);
    if (!data.pairs.length) add(knewOut, "No victim and perpetrator are named, so no agency's knowledge of a relationship is counted.");
    data.pairs.forEach(function (pair) {
      var rel = {}, abuse = {};
      data.knowledge.forEach(function (k) {
        if (k.victim !== pair.victim || k.perpetrator !== pair.perpetrator || day(k.first) > when) return;
        if (k.topic === "relationship") rel[k.agency] = true;
        else abuse[k.agency] = true;
      });
      var nRel = Object.keys(rel).length, nAbuse = Object.keys(abuse).length;
      add(knewOut, h("p", { class: "knew" }, [h("strong", { text: plural(nRel, "agency", "agencies") }),
        " knew of " + pair.text + " by " + said + "; " + plural(nAbuse, "agency", "agencies") +
        " knew of domestic abuse of " + personName(pair.victim) + "."]));
    });
    if (panel) updatePanelState();
    if (cursor) {
      var x = timelineX(Math.min(Math.max(when, tl.d0), tl.d1));
      cursor.setAttribute("x1", x.toFixed(1));
      cursor.setAttribute("x2", x.toFixed(1));
      cursor.setAttribute("visibility", when < tl.d0 || when > tl.d1 ? "hidden" : "visible");
    }
  }

  function setUpSlider() {
    slider = document.getElementById("slider");
    dateOut = document.getElementById("slider-date");
    knewOut = document.getElementById("knew");
    slider.min = String(day(data.tor.from));
    slider.max = String(day(data.tor.to));
    slider.value = slider.max;
    slider.disabled = false;
    slider.addEventListener("input", applyDate);
    slider.addEventListener("change", applyDate);
    var play = document.getElementById("play"), timer = null;
    play.disabled = false;
    play.addEventListener("click", function () {
      if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; return; }
      if (+slider.value >= +slider.max) slider.value = slider.min;
      var step = Math.max(1, Math.round((+slider.max - +slider.min) / 240));
      play.textContent = "Pause";
      timer = setInterval(function () {
        slider.value = String(Math.min(+slider.value + step, +slider.max));
        applyDate();
        if (+slider.value >= +slider.max) { clearInterval(timer); timer = null; play.textContent = "Play"; }
      }, 50);
    });
  }

  // -- the timeline -------------------------------------------------------------------------------------------

  // Agency lanes carry every row (g.mark); the person lanes above them repeat each row about that person
  // (g.pmark), so a reader follows the victim, the perpetrator and the children across agencies.
  var marks = [];

  // Drawn at the width it is shown at, so that its text is the size it says (and redrawn for print and resizes).
  // Wider than A4 landscape's 1040 CSS pixels, so that the whole timeline's height fits the page it is scaled to.
  var PRINT_WIDTH = 1300;
  var drawnWidth = 0;
  var MIN_SPAN = 14;  // days: the closest zoom shows two weeks, each day apart
  var tl = { d0: 0, d1: 0, full0: 0, full1: 0, x: null };
  var printing = false;

  function timelineWidth() {
    return Math.max(Math.round(document.getElementById("timeline").clientWidth) - 2, 320);
  }

  // Ticks for the visible span: years, then quarters or months, then weeks or days as one zooms in.
  function ticks(d0, d1) {
    var out = [], span = d1 - d0, first = new Date(d0 * DAY_MS), y0 = first.getUTCFullYear(), y1 = new Date(d1 * DAY_MS).getUTCFullYear();
    var y, m;
    if (span > 365 * 4) {
      for (y = y0; y <= y1 + 1; y++) out.push({ d: Date.UTC(y, 0, 1) / DAY_MS, label: String(y), major: true });
    } else if (span > 120) {
      var stepM = span > 365 * 2 ? 3 : 1;
      for (y = y0; y <= y1; y++) for (m = 0; m < 12; m += stepM) {
        out.push({ d: Date.UTC(y, m, 1) / DAY_MS, label: m === 0 ? String(y) : MONTHS[m], major: m === 0 });
      }
    } else {
      var stepD = span > 45 ? 7 : 1, start = Math.floor(d0);
      for (var n = start; n <= d1; n++) {
        var dt = new Date(n * DAY_MS);
        if (dt.getUTCDate() === 1) out.push({ d: n, label: MONTHS[dt.getUTCMonth()] + " " + dt.getUTCFullYear(), major: true });
        else if ((stepD === 1 || dt.getUTCDay() === 1) && span < 200) out.push({ d: n, label: stepD === 1 && span > 21 && dt.getUTCDate() % 2 ? "" : String(dt.getUTCDate()), major: false });
      }
    }
    return out.filter(function (t) { return t.d >= d0 && t.d <= d1; });
  }

  function markShape(e, y, x, c) {
    // One mark: a circle for a day (a diamond for a risk assessment), a bar across a month, a light thin bar for a
    // row known only to its year; a hatched bar where the date is approximate. Returns [element, middle x].
    // Clamped to the visible span, so that nothing is drawn over the lane labels (no clip path: a clipped group of
    // thousands of marks is slow to paint).
    var s0 = day(e.start), s1 = day(e.end) + 1, xa = x(Math.max(s0, tl.d0)), xb = x(Math.min(s1, tl.d1)), mid, el;
    if (e.precision === "day") {
      mid = x(s0 + 0.5);
      var m = mid.toFixed(1);
      // Each kind of row has its own shape as well as its colour: a diamond for a risk assessment, a triangle
      // for a referral, a square for a share, a hollow circle for a disclosure, a cross for the fatal incident.
      if (e.cat === "risk") el = s("path", { d: "M" + m + "," + (y - 6) + " l6,6 l-6,6 l-6,-6 z", fill: c });
      else if (e.cat === "referral") el = s("path", { d: "M" + (mid - 4).toFixed(1) + "," + (y - 5) + " l9,5 l-9,5 z", fill: c });
      else if (e.cat === "share") el = s("rect", { x: (mid - 4).toFixed(1), y: y - 4, width: 8, height: 8, fill: c });
      else if (e.cat === "disclosure") el = s("circle", { cx: m, cy: y, r: 4, fill: "#fff", stroke: c, "stroke-width": 2.5 });
      else if (e.cat === "fatal") el = s("path", { d: "M" + (mid - 5).toFixed(1) + "," + (y - 5) + " l10,10 m0,-10 l-10,10", stroke: c, "stroke-width": 3 });
      else el = s("circle", { cx: m, cy: y, r: e.cat === "contact" ? 3.5 : 4.5, fill: c });
    } else {
      mid = (xa + xb) / 2;
      var long = s1 - s0 > 62, approx = e.precision === "approximate";
      el = s("rect", { x: xa.toFixed(1), y: long ? y - 3 : y - 5, width: Math.max(xb - xa, 3).toFixed(1), height: long ? 6 : 10,
        rx: 1, fill: approx ? "url(#hatch-" + e.cat + ")" : c, "fill-opacity": approx ? 1 : (long ? 0.12 : 0.35),
        stroke: c, "stroke-width": 1, "stroke-dasharray": approx ? "3 2" : null });
    }
    return [el, mid];
  }

  function eventTip(e) {
    var lines = [e.date + " (" + e.precision + ")  " + words(e.type) + (e.risk ? ", risk " + e.risk : ""),
      agencyName(e.agency), e.details, "ref " + e.ref + ", row " + e.id];
    if (e.subjects.length) lines.push("about: " + e.subjects.map(personName).join(", "));
    if (e.to.length) lines.push("to: " + e.to.map(agencyName).join(", "));
    return lines.join("\n");
  }

  function drawTimeline(width) {
    var box = document.getElementById("timeline");
    var old = document.getElementById("timeline-svg");
    if (old) box.removeChild(old);
    marks = [];
    drawnWidth = width;
    // On paper the lanes close up so that the whole timeline fits one landscape page.
    var laneH = printing ? 13 : 20, tallH = printing ? 21 : 30, groupH = printing ? 14 : 18, right = 12, keyRowH = 13;
    var left = Math.round(Math.min(260, Math.max(110, width * 0.24))), labelChars = Math.floor((left - 12) / 5.9);
    var d0 = tl.d0, d1 = tl.d1;
    var x = function (d) { return left + (d - d0) / Math.max(d1 - d0, 1) * (width - left - right); };
    tl.x = x;
    timelineX = x;
    var inView = function (a, b) { return b >= d0 && a <= d1; };

    // Key events: their labels in up to four rows above the lanes, each placed where it does not overlap.
    // The death and the relationship's start claim a label row first; the rest take what room is left.
    var PRIORITY = ["death", "relationship", "separation", "marac", "recall", "release", "arrest"];
    var keys = data.key_events.filter(function (k) { return inView(day(k.start), day(k.end) + 1); })
      .sort(function (a, b) { return PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0); });
    var rowsEnd = [[], [], [], []], placed = [];
    keys.forEach(function (k) {
      var kx = x((day(k.start) + day(k.end) + 1) / 2), wdt = k.label.length * 6.6 + 4, row = -1;
      var start = Math.max(Math.min(kx + 3, width - right - wdt), 0);
      for (var r = 0; r < rowsEnd.length; r++) {
        if (rowsEnd[r].every(function (iv) { return start + wdt + 6 < iv[0] || start > iv[1] + 6; })) { row = r; break; }
      }
      if (row >= 0) rowsEnd[row].push([start, start + wdt]);
      placed.push({ k: k, x: kx, row: row, start: start });
    });
    var used = 1;
    placed.forEach(function (p) { used = Math.max(used, p.row + 1); });
    var axisY = 14 + used * keyRowH + 4, top = axisY + 8;

    // Rows: the people's lanes, then a heading and lanes per sector.
    var rows = [], y = top;
    if (data.person_lanes.length) {
      rows.push({ kind: "group", title: "People", y: y }); y += groupH;
      data.person_lanes.forEach(function (p) { rows.push({ kind: "person", id: p, y: y, h: laneH }); y += laneH; });
    }
    data.lane_groups.forEach(function (g) {
      rows.push({ kind: "group", title: g.title, y: y }); y += groupH;
      g.lanes.forEach(function (a) {
        var lines = wrapName(agencyName(a), labelChars);
        rows.push({ kind: "agency", id: a, y: y, lines: lines, h: lines.length > 1 ? tallH : laneH });
        y += lines.length > 1 ? tallH : laneH;
      });
    });
    var height = y + 6, laneY = {}, personY = {};
    rows.forEach(function (r) {
      if (r.kind === "agency") laneY[r.id] = r.y + r.h / 2;
      if (r.kind === "person") personY[r.id] = r.y + r.h / 2;
    });

    var svg = s("svg", { id: "timeline-svg", viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Timeline from " + dayText(d0) + " to " + dayText(d1 - 1) + ": a lane per person, then per agency by sector" });
    var defs = s("defs");
    Object.keys(colours.categories).forEach(function (cat) {
      var c = colours.categories[cat];
      defs.appendChild(s("pattern", { id: "hatch-" + cat, patternUnits: "userSpaceOnUse", width: 5, height: 5,
        patternTransform: "rotate(45)" }, [s("rect", { width: 5, height: 5, fill: c, "fill-opacity": 0.12 }),
        s("line", { x1: 0, y1: 0, x2: 0, y2: 5, stroke: c, "stroke-width": 2 })]));
    });
    svg.appendChild(defs);

    var bg = s("g", { class: "lanes" });
    var tor0 = Math.max(x(day(data.tor.from)), left), tor1 = Math.min(x(day(data.tor.to) + 1), width - right);
    if (tor1 > tor0) {
      bg.appendChild(s("rect", { x: tor0.toFixed(1), y: top - 4, width: (tor1 - tor0).toFixed(1), height: height - top, class: "tor" },
        tip(data.tor.from_text && data.tor.to_text ? "Terms of reference: " + data.tor.from_text + " to " + data.tor.to_text
          : "Terms of reference not stated; the chronology runs from " + data.tor.from + " to " + data.tor.to)));
    }
    var stripe = 0;
    rows.forEach(function (r) {
      if (r.kind === "group") {
        stripe = 0;
        bg.appendChild(s("line", { x1: 0, x2: width, y1: r.y + 0.5, y2: r.y + 0.5, class: "group-rule" }));
        bg.appendChild(s("text", { x: 4, y: r.y + groupH - 4, class: "group-label", text: r.title }));
        return;
      }
      if (stripe++ % 2) bg.appendChild(s("rect", { x: 0, y: r.y, width: width, height: r.h, class: "stripe" }));
      var name = r.kind === "person" ? personName(r.id) + " (" + words(data.people[r.id].role) + ")" : agencyName(r.id);
      var lines = r.lines || [name];
      var label = s("text", { x: left - 6, y: r.y + r.h / 2 + 4 - (lines.length - 1) * (printing ? 4.5 : 6), "text-anchor": "end",
        class: "lane-label" + (r.kind === "person" ? " person" : ""), "data-id": r.id }, tip(name));
      lines.forEach(function (line, i) { label.appendChild(s("tspan", { x: left - 6, dy: i ? (printing ? 9 : 12) : 0, text: line })); });
      label.addEventListener("click", function () {
        var id = r.kind === "person" ? "person:" + r.id : (data.forums[r.id] ? "forum:" : "agency:") + r.id;
        select([id]); showNode(id);
      });
      bg.appendChild(label);
    });
    ticks(d0, d1).forEach(function (t) {
      var tx = x(t.d).toFixed(1);
      bg.appendChild(s("line", { x1: tx, x2: tx, y1: axisY, y2: height, class: "tick" + (t.major ? " major" : "") }));
      if (t.label) bg.appendChild(s("text", { x: +tx + 3, y: axisY + 4, class: "tick-label", text: t.label }));
    });
    svg.appendChild(bg);

    var plot = s("g");
    var gKeys = s("g", { class: "keys" });
    placed.forEach(function (p) {
      var kx = p.x.toFixed(1), ly = 14 + (p.row < 0 ? 0 : p.row) * keyRowH;
      var g = s("g", { class: "key-event " + p.k.kind }, [
        s("line", { x1: kx, x2: kx, y1: ly + 2, y2: height }),
        tip(p.k.date + ": " + p.k.label)]);
      if (p.row >= 0) g.appendChild(s("text", { x: p.start.toFixed(1), y: ly, text: p.k.label }));
      gKeys.appendChild(g);
    });

    var gLinks = s("g", { class: "links" }), layers = [0, 1, 2, 3].map(function () { return s("g", { class: "marks" }); });
    data.events.forEach(function (e) {
      if (!(e.agency in laneY) || !inView(day(e.start), day(e.end) + 1)) return;
      var c = colours.categories[e.cat], yA = laneY[e.agency];
      var precisionClass = e.precision === "day" ? "" : (day(e.end) - day(e.start) > 62 ? " year" : " ranged");
      var made = [], links = [], mx = 0;
      [["mark", yA]].concat(e.subjects.filter(function (p) { return p in personY; }).map(function (p) { return ["pmark", personY[p]]; }))
        .forEach(function (spec) {
          var shape = markShape(e, spec[1], x, c);
          if (spec[0] === "mark") mx = shape[1];
          var g = s("g", { class: spec[0] + " " + e.cat + precisionClass, "data-id": e.id, "data-precision": e.precision,
            tabindex: spec[0] === "mark" ? 0 : -1, role: "button" }, [shape[0]]);
          if (e.risk) g.appendChild(s("text", { x: (shape[1] + 6).toFixed(1), y: spec[1] - 3, class: "grade grade-" + e.risk, text: e.risk.charAt(0).toUpperCase() }));
          g.appendChild(tip(eventTip(e)));
          g.addEventListener("click", function () { showEvent(e); });
          g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") showEvent(e); });
          layers[(e.cat === "contact" ? 0 : 2) + (e.precision === "day" ? 1 : 0)].appendChild(g);
          made.push(g);
        });
      e.to.forEach(function (t) {
        if (!(t in laneY)) return;
        var link = s("g", { class: "link " + e.cat }, [
          s("line", { x1: mx.toFixed(1), x2: mx.toFixed(1), y1: yA, y2: laneY[t], stroke: c }),
          s("circle", { cx: mx.toFixed(1), cy: laneY[t], r: 2.5, fill: c })]);
        gLinks.appendChild(link);
        links.push(link);
      });
      marks.push({ e: e, g: made[0], all: made, links: links });
    });
    plot.appendChild(gKeys);
    plot.appendChild(gLinks);
    layers.forEach(function (layer) { plot.appendChild(layer); });
    cursor = s("line", { x1: -10, x2: -10, y1: top - 6, y2: height, class: "cursor" });
    plot.appendChild(cursor);
    svg.appendChild(plot);
    box.appendChild(svg);
    document.getElementById("t-range").textContent = "Showing " + dayText(d0) + " to " + dayText(d1 - 1) + ".";
  }

  // Zoom the timeline by `factor` about day `at` (its middle when not given), within the whole span and two weeks.
  function zoomTimeline(factor, at) {
    var span = tl.d1 - tl.d0, full = tl.full1 - tl.full0;
    if (at === undefined) at = (tl.d0 + tl.d1) / 2;
    var next = Math.min(Math.max(span / factor, MIN_SPAN), full);
    var d0 = at - (at - tl.d0) * next / span;
    setTimelineWindow(d0, d0 + next);
  }

  function panTimeline(days) { setTimelineWindow(tl.d0 + days, tl.d1 + days); }

  function setTimelineWindow(d0, d1) {
    var span = d1 - d0;
    if (d0 < tl.full0) { d0 = tl.full0; d1 = d0 + span; }
    if (d1 > tl.full1) { d1 = tl.full1; d0 = Math.max(d1 - span, tl.full0); }
    if (Math.abs(d0 - tl.d0) < 1e-6 && Math.abs(d1 - tl.d1) < 1e-6) return;
    tl.d0 = d0; tl.d1 = d1;
    drawTimeline(drawnWidth || timelineWidth());
    applyFilters();
    applyDate();
  }

  function setUpTimelineZoom() {
    tl.full0 = day(data.span.from); tl.full1 = day(data.span.to) + 1;
    tl.d0 = tl.full0; tl.d1 = tl.full1;
    var box = document.getElementById("timeline");
    function dayAt(clientX) {
      var rect = box.getBoundingClientRect(), svgX = (clientX - rect.left) * drawnWidth / rect.width;
      var left = tl.x(tl.d0), rightX = tl.x(tl.d1);
      return tl.d0 + (svgX - left) / Math.max(rightX - left, 1) * (tl.d1 - tl.d0);
    }
    // The timeline is taller than a screen, so a plain wheel keeps scrolling the page: the wheel zooms with Ctrl
    // (or a trackpad's pinch, which browsers send as Ctrl and wheel) and pans sideways with Shift or a sideways swipe.
    box.addEventListener("wheel", function (ev) {
      var sideways = ev.shiftKey ? ev.deltaY || ev.deltaX : ev.deltaX;
      if (ev.ctrlKey || ev.metaKey) {
        ev.preventDefault();
        zoomTimeline(ev.deltaY < 0 ? 1.25 : 1 / 1.25, Math.min(Math.max(dayAt(ev.clientX), tl.d0), tl.d1));
      } else if (Math.abs(sideways) > Math.abs(ev.shiftKey ? 0 : ev.deltaY)) {
        ev.preventDefault();
        panTimeline(sideways / 400 * (tl.d1 - tl.d0));
      }
    }, { passive: false });
    var drag = null;
    box.addEventListener("pointerdown", function (ev) {
      if (ev.target.closest && ev.target.closest(".mark, .pmark, .lane-label")) return;
      drag = { x: ev.clientX, d0: tl.d0, d1: tl.d1 };
    });
    box.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var rect = box.getBoundingClientRect(), plotPx = (tl.x(tl.d1) - tl.x(tl.d0)) * rect.width / drawnWidth;
      var shift = (ev.clientX - drag.x) / Math.max(plotPx, 1) * (drag.d1 - drag.d0);
      if (Math.abs(shift) > 0) setTimelineWindow(drag.d0 - shift, drag.d1 - shift);
    });
    function end() { drag = null; }
    box.addEventListener("pointerup", end);
    box.addEventListener("pointerleave", end);
    box.addEventListener("keydown", function (ev) {
      var step = (tl.d1 - tl.d0) / 5;
      if (ev.key === "+" || ev.key === "=") zoomTimeline(1.5);
      else if (ev.key === "-" || ev.key === "_") zoomTimeline(1 / 1.5);
      else if (ev.key === "ArrowLeft") panTimeline(-step);
      else if (ev.key === "ArrowRight") panTimeline(step);
      else if (ev.key === "0" || ev.key === "Home") setTimelineWindow(tl.full0, tl.full1);
      else return;
      ev.preventDefault();
    });
    document.getElementById("t-in").addEventListener("click", function () { zoomTimeline(2); });
    document.getElementById("t-out").addEventListener("click", function () { zoomTimeline(0.5); });
    document.getElementById("t-left").addEventListener("click", function () { panTimeline(-(tl.d1 - tl.d0) / 3); });
    document.getElementById("t-right").addEventListener("click", function () { panTimeline((tl.d1 - tl.d0) / 3); });
    document.getElementById("t-fit").addEventListener("click", function () { setTimelineWindow(tl.full0, tl.full1); });
  }

  // -- filters ------------------------------------------------------------------------------------------------

  function fillSelect(id, entries) {
    var sel = document.getElementById(id);
    entries.forEach(function (en) { sel.appendChild(h("option", { value: en.id, text: en.name })); });
    sel.disabled = false;
    sel.addEventListener("change", applyFilters);
  }

  function setUpFilters() {
    var agencies = Object.keys(data.agencies).map(function (a) { return { id: a, name: data.agencies[a].name }; })
      .concat(Object.keys(data.forums).map(function (f) { return { id: f, name: data.forums[f].name }; }));
    fillSelect("f-agency", agencies.sort(byName));
    fillSelect("f-person", Object.keys(data.people).map(function (p) {
      return { id: p, name: data.people[p].name + " (" + data.people[p].role + ")" };
    }).sort(byName));
    var types = {};
    data.events.forEach(function (e) { types[e.type] = true; });
    fillSelect("f-type", Object.keys(types).sort().map(function (t) { return { id: t, name: words(t) }; }));
    document.getElementById("f-reset").addEventListener("click", function () {
      ["f-agency", "f-person", "f-type"].forEach(function (id) { document.getElementById(id).value = ""; });
      applyFilters();
    });
    document.getElementById("f-reset").disabled = false;
  }

  function applyFilters() {
    var a = document.getElementById("f-agency").value, p = document.getElementById("f-person").value,
      t = document.getElementById("f-type").value;
    var active = !!(a || p || t);
    function matches(e) {
      return (!a || e.agency === a || e.to.indexOf(a) >= 0) && (!p || e.subjects.indexOf(p) >= 0) && (!t || e.type === t);
    }
    // The network keeps the nodes the matching rows are about, by or to, and dims the rest.
    var shownMarks = 0, keep = {};
    data.events.forEach(function (e) {
      if (!matches(e)) return;
      shownMarks++;
      keep[(data.forums[e.agency] ? "forum:" : "agency:") + e.agency] = true;
      e.to.forEach(function (x) { keep[(data.forums[x] ? "forum:" : "agency:") + x] = true; });
      e.subjects.forEach(function (x) { keep["person:" + x] = true; });
    });
    if (a) keep[(data.forums[a] ? "forum:" : "agency:") + a] = true;
    if (p) keep["person:" + p] = true;
    Object.keys(net.nodeEls).forEach(function (id) {
      var dim = active && !keep[id];
      net.nodeEls[id].classList.toggle("dim", dim);
      net.labelEls[id].classList.toggle("dim", dim);
    });
    net.edgeEls.forEach(function (line) {
      var e = line.__edge;
      line.classList.toggle("dim", active && !(keep[e.s] && keep[e.t]));
    });
    marks.forEach(function (m) {
      var ok = matches(m.e);
      m.all.forEach(function (g) { g.classList.toggle("hidden", !ok); });
      m.links.forEach(function (l) { l.classList.toggle("hidden", !ok); });
    });
    var shownFindings = 0;
    data.findings.forEach(function (f) {
      var el = document.getElementById("finding-" + f.i);
      var ok = (!a || f.agencies.indexOf(a) >= 0) && (!p || f.people.indexOf(p) >= 0) && (!t || f.types.indexOf(t) >= 0);
      el.classList.toggle("hidden", !ok);
      if (ok) shownFindings++;
    });
    document.querySelectorAll("tr[data-agency]").forEach(function (tr) {
      tr.classList.toggle("hidden", !!a && tr.getAttribute("data-agency") !== a);
    });
    document.getElementById("filter-count").textContent = active
      ? "Showing " + plural(shownMarks, "timeline row", "timeline rows") + " of " + data.events.length + " and " +
        plural(shownFindings, "finding", "findings") + " of " + data.findings.length + "; the network dims the rest."
      : "";
  }

  // -- the side panel -----------------------------------------------------------------------------------------

  var panel;

  function section(title, items, empty) {
    var out = [h("h4", { text: title })];
    out.push(items.length ? h("ul", null, items) : h("p", { class: "muted", text: empty || "None." }));
    return out;
  }

  function eventItem(e) {
    var li = h("li", { class: "row-item" }, [
      h("span", { class: "when", text: e.date }), " ",
      h("span", { class: "kind", text: words(e.type) + (e.risk ? " (risk " + e.risk + ")" : "") }), ": ",
      h("span", { class: "details", text: e.details }), " ",
      h("span", { class: "cite", text: "[" + agencyName(e.agency) + ", ref " + e.ref + ", row " + e.id + "]" })]);
    return li;
  }

  function rowsList(events, limit) {
    var items = events.slice(0, limit).map(eventItem);
    if (events.length > limit) items.push(h("li", { class: "muted", text: "and " + (events.length - limit) + " more rows (see the timeline)" }));
    return items;
  }

  // A finding as the appendix of findings shows it (its title, statement, caveats and evidence as text), copied
  // from that list, which the template wrote with every case text escaped.
  function findingItem(f) {
    var li = document.getElementById("finding-" + f.i).cloneNode(true);
    li.removeAttribute("id");
    li.className = "panel-finding";
    var button = li.querySelector("button");
    if (button) li.removeChild(button);
    return li;
  }


  // A share in the report's words: "passed on to X on DATE", or "may have passed on to X on DATE (why)".
  function passedText(p) {
    return p.note + " to " + (p.to.join(", ") || "?") + " on " + p.date + (p.why ? " (" + p.why + ")" : "");
  }

  function knowledgeItem(k) {
    var passed = k.passed.length
      ? k.passed.map(function (p) { return h("li", { text: passedText(p) + " [" + p.cite + "]" }); })
      : [h("li", { class: "never", text: "never passed on" })];
    return h("li", null, [h("strong", { text: k.text }), " " + k.since,
      k.told_by ? " (told by " + agencyName(k.told_by) + ")" : "", " ",
      h("span", { class: "cite", text: "[" + k.first_cite + "]" }), h("ul", null, passed)]);
  }

  function heldItem(k) {
    var passed = k.passed.length
      ? "; passed on to " + k.passed.map(function (p) { return p.to.join(", ") + " on " + p.date; }).join("; ")
      : "; never passed on";
    return h("li", null, [h("strong", { text: k.what }), " " + k.since + passed + " ",
      h("span", { class: "cite", text: "[" + k.first_cite + "]" })]);
  }

  // The agency shown in the panel, so that its line "On DATE: ..." follows the slider.
  var panelState = null;

  function updatePanelState() {
    if (!panelState) return;
    var state = net.nodeEls[panelState.id].getAttribute("data-state") || "none";
    panelState.el.className = "state state-" + state;
    panelState.el.textContent = "On " + dayText(+slider.value) + ": " + document.getElementById("state-" + state).textContent;
  }

  function showPanel(children, state) {
    panelState = state || null;
    clear(panel);
    add(panel, children);
    document.getElementById("panel").classList.remove("empty");
  }

  function showNode(id) {
    var n = nodeById[id], state = null, out = [h("h3", { text: n.name }), h("p", { class: "about", text: n.about })];
    var edges = edgesByNode[id] || [];
    if (n.kind === "agency") {
      state = { id: id, el: h("p") };
      out.push(state.el);
      if (n.ring) out.push(h("p", { class: "flag flag-" + n.ring, text: document.getElementById("ring-" + n.ring).textContent }));
      var contacts = edges.filter(function (e) { return e.kind === "contact" && e.s === id; });
      out = out.concat(section("Contacts (" + plural(contacts.reduce(function (t, e) { return t + e.n; }, 0), "row", "rows") + ")",
        contacts.map(function (e) { return h("li", { text: personName(nodeById[e.t].key) + ": " + plural(e.n, "row", "rows") + (e.first ? ", from " + (e.first_text || e.first) : "") }); })));
      var flows = edges.filter(function (e) { return e.kind !== "contact"; });
      out = out.concat(section("Referrals and shares", flows.map(function (e) {
        var out_ = e.s === id;
        return h("li", { text: (out_ ? "to " + agencyName(nodeById[e.t].key) : "from " + agencyName(nodeById[e.s].key)) + ": " +
          flowText(e) });
      }), "None recorded."));
      out = out.concat(section("What it knew and when", (knowledgeByAgency[n.key] || []).map(knowledgeItem),
        "No row gives it knowledge of the relationship or of abuse."));
      out = out.concat(section("Other facts it held", (heldByAgency[n.key] || []).map(heldItem), "None recorded."));
      var fs = data.findings.filter(function (f) { return f.agencies.indexOf(n.key) >= 0; });
      out = out.concat(section("Findings (" + fs.length + ")", fs.map(findingItem), "No finding concerns it."));
      var rows = eventsByAgency[n.key] || [];
      out = out.concat(section("Its chronology rows (" + rows.length + ")", rowsList(rows, 150), "It has no chronology rows."));
    } else if (n.kind === "person") {
      var seen = edges.filter(function (e) { return e.kind === "contact"; });
      out = out.concat(section("Agencies in contact (" + seen.length + ")", seen.map(function (e) {
        return h("li", { text: agencyName(nodeById[e.s].key) + ": " + plural(e.n, "row", "rows") + (e.first ? ", from " + (e.first_text || e.first) : "") });
      })));
      var pf = data.findings.filter(function (f) { return f.people.indexOf(n.key) >= 0; });
      out = out.concat(section("Findings (" + pf.length + ")", pf.map(findingItem), "No finding concerns them."));
      var prow = eventsByPerson[n.key] || [];
      out = out.concat(section("Rows about them (" + prow.length + ")", rowsList(prow, 150)));
    } else {
      var got = eventsTo[n.key] || [];
      out = out.concat(section("Referrals and shares it received (" + got.length + ")", rowsList(got, 150)));
    }
    showPanel(out, state);
    updatePanelState();
  }

  function showEvent(e) {
    var dl = h("dl");
    function item(k, v) { if (v) add(dl, [h("dt", { text: k }), h("dd", { text: v })]); }
    item("Agency", agencyName(e.agency));
    item("Date", e.date + " (" + e.precision + (e.precision === "day" ? "" : ": between " + dayText(day(e.start)) + " and " +
      dayText(day(e.end))) + ")");
    item("Event type", words(e.type));
    item("About", e.subjects.map(personName).join(", "));
    item("Learned", e.learned_text.join(", "));
    item("Risk grade", e.risk);
    item("Referred or shared to", e.to.map(agencyName).join(", "));
    item("Details", e.details);
    item("Source reference", e.ref);
    item("Row", e.id);
    var id = "agency:" + e.agency;
    if (net.nodeEls[id]) select([id]);
    showPanel([h("h3", { text: "Chronology row" }), dl]);
  }

  function showFinding(i) {
    var f = data.findings[i];
    var ids = f.agencies.map(function (a) { return (data.forums[a] ? "forum:" : "agency:") + a; })
      .concat(f.people.map(function (p) { return "person:" + p; }));
    select(ids.filter(function (x) { return net.nodeEls[x]; }));
    var el = document.getElementById("finding-" + i);
    el.classList.add("selected");
    document.getElementById("network-section").scrollIntoView({ block: "start" });
    var links = ids.filter(function (x) { return nodeById[x]; }).map(function (x) {
      var b = h("button", { type: "button", class: "link-button", text: nodeById[x].name });
      b.addEventListener("click", function () { select([x]); showNode(x); });
      return h("li", null, b);
    });
    showPanel([h("h3", { text: "Finding" })].concat(h("ul", { class: "panel-findings" }, findingItem(f)),
      section("Concerns", links)));
  }

  function setUpFindings() {
    document.querySelectorAll("button.show-finding").forEach(function (b) {
      b.disabled = false;
      b.addEventListener("click", function () { showFinding(+b.getAttribute("data-finding")); });
    });
  }

  // -- the summary --------------------------------------------------------------------------------------------

  function nodeIds(agencies, people) {
    return agencies.map(function (a) { return (data.forums[a] ? "forum:" : "agency:") + a; })
      .concat(people.map(function (p) { return "person:" + p; }))
      .filter(function (x) { return net.nodeEls[x]; });
  }

  function linkList(ids) {
    return ids.map(function (x) {
      var b = h("button", { type: "button", class: "link-button", text: nodeById[x].name });
      b.addEventListener("click", function () { select([x]); showNode(x); });
      return h("li", null, b);
    });
  }

  // Opening a summary line shows its evidence where it stands, and lights up what it concerns in the network and
  // the side panel; closing the line that is lit puts the network back.
  var litLine = null;
  function setUpSummary() {
    document.querySelectorAll("details.summary-line").forEach(function (el) {
      var ids = nodeIds((el.getAttribute("data-agencies") || "").split(" ").filter(Boolean),
        (el.getAttribute("data-people") || "").split(" ").filter(Boolean));
      var go = h("button", { type: "button", class: "link-button to-network", text: "See it in the network \u2193" });
      go.addEventListener("click", function () { document.getElementById("network-section").scrollIntoView({ block: "start" }); });
      el.appendChild(h("p", { class: "to-network-line" }, go));
      el.addEventListener("toggle", function () {
        if (!el.open) {
          if (litLine === el) { litLine = null; select([]); }
          return;
        }
        litLine = el;
        select(ids);
        var evidence = Array.prototype.map.call(el.querySelectorAll(".evidence-text li"), function (li) {
          return h("li", { text: li.textContent });
        });
        showPanel([h("h3", { text: "Key finding" }), h("p", { text: el.querySelector("summary").textContent })]
          .concat(section("What the chronologies say", evidence), section("Concerns", linkList(ids))));
      });
    });
  }

  // -- search -------------------------------------------------------------------------------------------------

  function setUpSearch() {
    var input = document.getElementById("search"), out = document.getElementById("search-result");
    var named = data.nodes.slice().sort(byName);
    // The names to pick from are listed when the box is first used, not while the page opens.
    input.addEventListener("focus", function () {
      if (document.getElementById("search-names")) return;
      var list = h("datalist", { id: "search-names" });
      named.forEach(function (n) { list.appendChild(h("option", { value: n.name })); });
      document.body.appendChild(list);
      input.setAttribute("list", "search-names");
    });
    input.disabled = false;
    var found = [];
    function find() {
      var q = input.value.trim().toLowerCase();
      found.forEach(function (n) { net.nodeEls[n.id].classList.remove("found"); });
      // By full name, or by the label the network shows (an agency's short name where the case gives one).
      found = q.length < 2 ? [] : named.filter(function (n) {
        return n.name.toLowerCase().indexOf(q) >= 0 || n.label.join(" ").toLowerCase().indexOf(q) >= 0;
      });
      var exact = found.filter(function (n) { return n.name.toLowerCase() === q || n.label.join(" ").toLowerCase() === q; });
      if (exact.length) found = exact;
      found.forEach(function (n) { net.nodeEls[n.id].classList.add("found"); });
      out.textContent = q.length < 2 ? "" : found.length
        ? plural(found.length, "match", "matches") + ": " + found.slice(0, 3).map(function (n) { return n.name; }).join("; ") +
          (found.length > 3 ? "; ..." : "") + (found.length === 1 ? " (Enter to show it)" : "")
        : "no person or agency of that name";
      return found;
    }
    function show() {
      var hits = find();
      if (!hits.length) return;
      var n = hits[0];
      select([n.id]);
      showNode(n.id);
      var v = net.view;
      setView([n.x - v[2] / 2, n.y - v[3] / 2, v[2], v[3]]);
      document.getElementById("network-section").scrollIntoView({ block: "start" });
    }
    input.addEventListener("input", function () { if (find().length === 1 && named.some(function (n) { return n.name === input.value; })) show(); });
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); show(); } });
  }

  // -- start --------------------------------------------------------------------------------------------------

  panel = document.getElementById("panel-body");
  drawNetwork();
  setUpTimelineZoom();
  drawTimeline(timelineWidth());
  setUpSlider();
  setUpFilters();
  setUpFindings();
  setUpSummary();
  setUpSearch();
  applyDate();
  function redrawTimeline(width) {
    if (width === drawnWidth) return;
    drawTimeline(width);
    applyFilters();
    applyDate();
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { redrawTimeline(timelineWidth()); }, 150);
  });
  // On paper every summary line shows its table and evidence, and the input files (provenance, last) show too;
  // the timeline is drawn whole, for a landscape page.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details"), function (el) { return !el.open; });
    openedForPrint.forEach(function (el) { el.open = true; });
    tl.d0 = tl.full0; tl.d1 = tl.full1;
    drawnWidth = 0;
    printing = true;
    redrawTimeline(PRINT_WIDTH);
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (el) { el.open = false; });
    openedForPrint = [];
    printing = false;
    drawnWidth = 0;
    redrawTimeline(timelineWidth());
  });
  // Positions come from the file, so the view is settled once the browser has painted it.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      window.__graphdhrReady = performance.now();
      document.documentElement.setAttribute("data-ready", "1");
    });
  });
})();
