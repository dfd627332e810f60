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
  function isoOf(n) { return new Date(n * DAY_MS).toISOString().slice(0, 10); }
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

  var net = { svg: null, nodeEls: {}, edgeEls: [], view: null, home: null };
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
        attrs.stroke = "#9aa5b1";
        attrs["stroke-width"] = Math.min(0.6 + Math.log(e.n), 5).toFixed(2);
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
      if (n.kind === "agency" && n.ring) {
        g.insertBefore(s("circle", { cx: n.x, cy: n.y, r: r + 4, class: "ring", fill: "none",
          stroke: colours.rings[n.ring], "stroke-width": 3, "stroke-dasharray": n.ring === "never_told" ? "4 3" : null }), shape);
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
    svg.addEventListener("wheel", function (ev) {
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
    var near = {};
    ids.forEach(function (id) {
      near[id] = true;
      (edgesByNode[id] || []).forEach(function (e) { near[e.s] = true; near[e.t] = true; });
    });
    var focus = ids.length > 0;
    net.svg.classList.toggle("focus", focus);
    Object.keys(net.nodeEls).forEach(function (id) {
      var g = net.nodeEls[id];
      g.classList.toggle("selected", !!chosen[id]);
      g.classList.toggle("near", focus && !!near[id]);
    });
    net.edgeEls.forEach(function (line) {
      var e = line.__edge;
      line.classList.toggle("near", focus && (!!chosen[e.s] || !!chosen[e.t]));
    });
    document.querySelectorAll(".finding.selected").forEach(function (el) { el.classList.remove("selected"); });
  }

  // -- the date slider ----------------------------------------------------------------------------------------

  var slider, dateOut, knewOut, cursor = null, timelineX = null;

  function agencyState(agency, when) {
    var known = (knowledgeByAgency[agency] || []).filter(function (k) { return day(k.first) <= when; });
    if (!known.length) return "none";
    var all = known.every(function (k) { return k.passed.some(function (p) { return day(p.start) <= when; }); });
    return all ? "shared" : "knew";
  }

  function applyDate() {
    var when = +slider.value, iso = isoOf(when);
    dateOut.textContent = iso;
    data.nodes.forEach(function (n) {
      if (n.kind !== "agency") return;
      var state = agencyState(n.key, when), g = net.nodeEls[n.id];
      g.setAttribute("data-state", state);
      g.querySelector("circle:not(.ring)").setAttribute("fill", colours.states[state]);
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
        " knew of " + pair.text + " by " + iso + "; " + plural(nAbuse, "agency", "agencies") +
        " knew of domestic abuse of " + personName(pair.victim) + "."]));
    });
    if (panel) updatePanelState();
    if (cursor) {
      var x = timelineX(Math.min(Math.max(when, day(data.span.from)), day(data.span.to) + 1));
      cursor.setAttribute("x1", x.toFixed(1));
      cursor.setAttribute("x2", x.toFixed(1));
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

  var marks = [];

  // Drawn at the width it is shown at, so that its text is the size it says (and redrawn for print and resizes).
  var PRINT_WIDTH = 700;  // A4 portrait less margins, in CSS pixels
  var drawnWidth = 0;

  function timelineWidth() {
    return Math.max(Math.round(document.getElementById("timeline").clientWidth) - 2, 640);
  }

  function drawTimeline(width) {
    var box = document.getElementById("timeline");
    var old = document.getElementById("timeline-svg");
    if (old) box.removeChild(old);
    marks = [];
    drawnWidth = width;
    var lanes = data.lanes, laneH = 22, right = 14, top = 26;
    var left = Math.round(Math.min(270, Math.max(150, width * 0.26))), labelChars = Math.floor((left - 14) / 6.2);
    var d0 = day(data.span.from), d1 = day(data.span.to) + 1;
    var x = function (d) { return left + (d - d0) / Math.max(d1 - d0, 1) * (width - left - right); };
    timelineX = x;
    var height = top + lanes.length * laneH + 8;
    var svg = s("svg", { id: "timeline-svg", viewBox: "0 0 " + width + " " + height, role: "img",
      "aria-label": "Timeline: one lane per agency across the terms of reference" });
    var defs = s("defs");
    Object.keys(colours.categories).forEach(function (cat) {
      var c = colours.categories[cat];
      defs.appendChild(s("pattern", { id: "hatch-" + cat, patternUnits: "userSpaceOnUse", width: 5, height: 5,
        patternTransform: "rotate(45)" }, [s("rect", { width: 5, height: 5, fill: c, "fill-opacity": 0.12 }),
        s("line", { x1: 0, y1: 0, x2: 0, y2: 5, stroke: c, "stroke-width": 2 })]));
    });
    svg.appendChild(defs);
    var laneOf = {};
    lanes.forEach(function (a, i) { laneOf[a] = i; });
    var yOf = function (a) { return top + laneOf[a] * laneH + laneH / 2; };

    var bg = s("g", { class: "lanes" });
    var tor0 = x(day(data.tor.from)), tor1 = x(day(data.tor.to) + 1);
    bg.appendChild(s("rect", { x: tor0.toFixed(1), y: top - 4, width: Math.max(tor1 - tor0, 1).toFixed(1),
      height: lanes.length * laneH + 4, class: "tor" }, tip(data.tor.from_text && data.tor.to_text
        ? "Terms of reference: " + data.tor.from_text + " to " + data.tor.to_text
        : "Terms of reference not stated; the chronology runs from " + data.tor.from + " to " + data.tor.to)));
    lanes.forEach(function (a, i) {
      var y = top + i * laneH;
      if (i % 2) bg.appendChild(s("rect", { x: 0, y: y, width: width, height: laneH, class: "stripe" }));
      var label = s("text", { x: left - 8, y: y + laneH / 2 + 4, "text-anchor": "end", class: "lane-label",
        "data-agency": a, text: short(agencyName(a), labelChars) }, tip(agencyName(a)));
      label.addEventListener("click", function () {
        var id = (data.forums[a] ? "forum:" : "agency:") + a;
        select([id]); showNode(id);
      });
      bg.appendChild(label);
    });
    var y0 = new Date(d0 * DAY_MS).getUTCFullYear(), y1 = new Date(d1 * DAY_MS).getUTCFullYear();
    for (var yr = y0; yr <= y1; yr++) {
      var xd = day(yr + "-01-01");
      if (xd < d0 || xd > d1) continue;
      var xx = x(xd).toFixed(1);
      bg.appendChild(s("line", { x1: xx, x2: xx, y1: top - 6, y2: top + lanes.length * laneH, class: "year" }));
      bg.appendChild(s("text", { x: +xx + 3, y: top - 10, class: "year-label", text: String(yr) }));
    }
    svg.appendChild(bg);

    // Layers: links, then contacts under everything else, ranged rows under rows dated to the day.
    var gLinks = s("g", { class: "links" }), layers = [0, 1, 2, 3].map(function () { return s("g", { class: "marks" }); });
    data.events.forEach(function (e) {
      if (!(e.agency in laneOf)) return;
      var c = colours.categories[e.cat], y = yOf(e.agency), g = s("g", { class: "mark " + e.cat, "data-id": e.id,
        "data-precision": e.precision, tabindex: 0, role: "button" });
      var s0 = day(e.start), s1 = day(e.end) + 1, xa = x(s0), xb = x(s1), mid;
      if (e.precision === "day") {
        mid = x(s0 + 0.5);
        if (e.cat === "risk") {
          g.appendChild(s("path", { d: "M" + mid.toFixed(1) + "," + (y - 6) + " l6,6 l-6,6 l-6,-6 z", fill: c }));
        } else {
          g.appendChild(s("circle", { cx: mid.toFixed(1), cy: y, r: e.cat === "contact" ? 3.5 : 4.5, fill: c }));
        }
      } else {
        mid = (xa + xb) / 2;
        var wdt = Math.max(xb - xa, 3);
        g.appendChild(s("rect", { x: xa.toFixed(1), y: y - 5, width: wdt.toFixed(1), height: 10, rx: 1,
          fill: e.precision === "approximate" ? "url(#hatch-" + e.cat + ")" : c,
          "fill-opacity": e.precision === "approximate" ? 1 : 0.45, stroke: c, "stroke-width": 1,
          "stroke-dasharray": e.precision === "approximate" ? "3 2" : null }));
      }
      if (e.risk) {
        g.appendChild(s("text", { x: (mid + 6).toFixed(1), y: y - 3, class: "grade grade-" + e.risk,
          text: e.risk.charAt(0).toUpperCase() }));
      }
      var lines = [e.date + " (" + e.precision + ")  " + words(e.type) + (e.risk ? ", risk " + e.risk : ""),
        agencyName(e.agency), e.details, "ref " + e.ref + ", row " + e.id];
      if (e.subjects.length) lines.push("about: " + e.subjects.map(personName).join(", "));
      if (e.to.length) lines.push("to: " + e.to.map(agencyName).join(", "));
      g.appendChild(tip(lines.join("\n")));
      g.addEventListener("click", function () { showEvent(e); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") showEvent(e); });
      layers[(e.cat === "contact" ? 0 : 2) + (e.precision === "day" ? 1 : 0)].appendChild(g);
      var links = [];
      e.to.forEach(function (t) {
        if (!(t in laneOf)) return;
        var ly = yOf(t);
        var link = s("g", { class: "link " + e.cat }, [
          s("line", { x1: mid.toFixed(1), x2: mid.toFixed(1), y1: y, y2: ly, stroke: c }),
          s("circle", { cx: mid.toFixed(1), cy: ly, r: 2.5, fill: c })]);
        gLinks.appendChild(link);
        links.push(link);
      });
      marks.push({ e: e, g: g, links: links });
    });
    svg.appendChild(gLinks);
    layers.forEach(function (layer) { svg.appendChild(layer); });
    cursor = s("line", { x1: tor1, x2: tor1, y1: top - 6, y2: top + lanes.length * laneH, class: "cursor" });
    svg.appendChild(cursor);
    box.appendChild(svg);
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
    var shownMarks = 0;
    marks.forEach(function (m) {
      var e = m.e;
      var ok = (!a || e.agency === a || e.to.indexOf(a) >= 0) && (!p || e.subjects.indexOf(p) >= 0) && (!t || e.type === t);
      m.g.classList.toggle("hidden", !ok);
      m.links.forEach(function (l) { l.classList.toggle("hidden", !ok); });
      if (ok) shownMarks++;
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
    var active = a || p || t;
    document.getElementById("filter-count").textContent = active
      ? "Showing " + plural(shownMarks, "timeline row", "timeline rows") + " of " + data.events.length + " and " +
        plural(shownFindings, "finding", "findings") + " of " + data.findings.length + "."
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

  function findingItem(f) {
    var li = h("li", { class: "panel-finding" }, [
      h("div", { class: "rule", text: f.rule + ": " + f.title }),
      h("p", { text: f.statement })].concat(
      f.caveats.map(function (c) { return h("p", { class: "caveat", text: "Caveat: " + c }); }),
      [h("ul", { class: "evidence" }, f.evidence.map(function (ev) { return h("li", { class: "cite", text: ev.cite + " (" + ev.note + ")" }); }))]));
    return li;
  }

  function knowledgeItem(k) {
    var passed = k.passed.length
      ? k.passed.map(function (p) { return h("li", { text: "passed on to " + (p.to.join(", ") || "?") + " on " + p.date + " [" + p.cite + "]" }); })
      : [h("li", { class: "never", text: "never passed on" })];
    return h("li", null, [h("strong", { text: k.text }), " from " + k.first_text,
      k.told_by ? " (told by " + agencyName(k.told_by) + ")" : "", " ",
      h("span", { class: "cite", text: "[" + k.first_cite + "]" }), h("ul", null, passed)]);
  }

  function heldItem(k) {
    var passed = k.passed.length
      ? "; passed on to " + k.passed.map(function (p) { return p.to.join(", ") + " on " + p.date; }).join("; ")
      : "; never passed on";
    return h("li", null, [h("strong", { text: k.what }), " from " + k.first_text + passed + " ",
      h("span", { class: "cite", text: "[" + k.first_cite + "]" })]);
  }

  // The agency shown in the panel, so that its line "On DATE: ..." follows the slider.
  var panelState = null;

  function updatePanelState() {
    if (!panelState) return;
    var state = net.nodeEls[panelState.id].getAttribute("data-state") || "none";
    panelState.el.className = "state state-" + state;
    panelState.el.textContent = "On " + isoOf(+slider.value) + ": " + document.getElementById("state-" + state).textContent;
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
    item("Date", e.date + " (" + e.precision + (e.precision === "day" ? "" : ": between " + e.start + " and " + e.end) + ")");
    item("Event type", words(e.type));
    item("About", e.subjects.map(personName).join(", "));
    item("Learned", e.learned.map(words).join(", "));
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

  // -- start --------------------------------------------------------------------------------------------------

  panel = document.getElementById("panel-body");
  drawNetwork();
  drawTimeline(timelineWidth());
  setUpSlider();
  setUpFilters();
  setUpFindings();
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
  // The input files fold away on screen but belong on paper: provenance is part of the printout.
  window.addEventListener("beforeprint", function () {
    document.getElementById("files").open = true;
    redrawTimeline(PRINT_WIDTH);
  });
  window.addEventListener("afterprint", function () { redrawTimeline(timelineWidth()); });
  // Positions come from the file, so the view is settled once the browser has painted it.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      window.__graphdhrReady = performance.now();
      document.documentElement.setAttribute("data-ready", "1");
    });
  });
})();
