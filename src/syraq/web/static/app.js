/* syraq: the analyst's desk. Plain JavaScript over the JSON API (/api/...).
 *
 * Everything that comes from a report (sentences, names, titles) is untrusted: the DOM is built
 * with createElement and textContent only, never by parsing strings as markup.
 */
"use strict";

(function () {
  // ACLED's taxonomy (kept equal to syraq.taxonomy.TAXONOMY by tests/web/test_web_static.py).
  // BEGIN TAXONOMY
  const TAXONOMY = {
    "Battles": ["Government regains territory", "Non-state actor overtakes territory", "Armed clash"],
    "Protests": ["Excessive force against protesters", "Protest with intervention", "Peaceful protest"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
      "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
      "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
      "Other"],
  };
  // END TAXONOMY
  const COLORS = {
    "Battles": "#d62728",
    "Protests": "#1f77b4",
    "Riots": "#ff7f0e",
    "Explosions/Remote violence": "#9467bd",
    "Violence against civilians": "#8c564b",
    "Strategic developments": "#2ca02c",
  };
  const PAGE_SIZE = 1000;       // events per API page
  const MAX_EVENTS = 50000;     // stop paging after this many (the status line says so)
  const LIST_MAX = 300;         // rows drawn in the list (the rest are on the map)
  const TOKEN_KEY = "syraq.token";
  const DAY = 86400000;

  const state = {
    events: [],
    byId: new Map(),
    markers: new Map(),
    selected: null,
    loadSeq: 0,
    picking: false,
    fragilitySeq: 0,
    fragilityAsOf: null,  // the as_of of the panel's last load ("" for the latest event)
  };
  let map = null;
  let cluster = null;
  let hotspotLayer = null;   // H3 hexagons shaded by count (an overlay in the layer switch)
  let resurgenceLayer = null; // the hexagon of the rising area picked in the resurgence panel
  let hotspotSeq = 0;

  // ---------- small helpers ----------
  function $(id) { return document.getElementById(id); }

  /** createElement with safe properties; children are nodes or strings (as text). */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
        else if (key === "dataset") Object.assign(node.dataset, value);
        else node.setAttribute(key, value === true ? "" : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  function setStatus(text) { $("status").textContent = text; }

  function showBanner(...parts) {
    const banner = $("banner");
    banner.replaceChildren(...parts);
    banner.hidden = false;
  }

  class ApiFailure extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
    describe() { return `${this.status}${this.code ? " " + this.code : ""}: ${this.message}`; }
  }

  async function api(path, options) {
    let resp;
    try {
      resp = await fetch(path, options);
    } catch (err) {
      throw new ApiFailure(0, "", `the server did not answer (${err.message})`);
    }
    let body = null;
    try { body = await resp.json(); } catch (_) { body = null; }
    if (!resp.ok) {
      const message = body && body.error ? body.error : resp.statusText;
      throw new ApiFailure(resp.status, body && body.code ? body.code : "", message);
    }
    return body;
  }

  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function dayMs(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function colorOf(type) { return COLORS[type] || "#555"; }
  function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

  function dateText(ev) {
    if (!ev.date_start) return "undated";
    const range = ev.date_end && ev.date_end !== ev.date_start ? `${ev.date_start} – ${ev.date_end}` : ev.date_start;
    return `${range} (${ev.date_precision})`;
  }

  // ---------- filters ----------
  function fillSelect(select, values) {
    const keep = select.value;
    select.replaceChildren(el("option", { value: "", text: "any" }), ...values.map((v) => el("option", { value: v, text: v })));
    select.value = values.includes(keep) ? keep : "";
  }

  function filterParams({ period = true } = {}) {
    const params = new URLSearchParams();
    const add = (name, value) => { if (value !== "" && value !== null && value !== undefined) params.set(name, value); };
    add("event_type", $("f-type").value);
    add("sub_event_type", $("f-sub").value);
    add("actor", $("f-actor").value.trim());
    add("place", $("f-place").value.trim());
    add("q", $("f-q").value.trim());
    add("review_status", $("f-status").value);
    const conf = parseFloat($("f-conf").value);
    if (conf > 0) add("min_confidence", conf.toFixed(2));
    if (period) {
      add("since", $("f-since").value);
      add("until", $("f-until").value);
    }
    return params;
  }

  function setupFilters() {
    fillSelect($("f-type"), Object.keys(TAXONOMY));
    fillSelect($("f-sub"), Object.values(TAXONOMY).flat());
    $("f-type").addEventListener("change", () => {
      const type = $("f-type").value;
      fillSelect($("f-sub"), type ? TAXONOMY[type] : Object.values(TAXONOMY).flat());
    });
    let timer = null;
    const reloadSoon = (delay) => { clearTimeout(timer); timer = setTimeout(reload, delay); };
    for (const id of ["f-type", "f-sub", "f-status", "f-since", "f-until", "f-conf"]) {
      $(id).addEventListener("change", () => reloadSoon(0));
    }
    for (const id of ["f-actor", "f-place", "f-q"]) $(id).addEventListener("input", () => reloadSoon(400));
    $("f-conf").addEventListener("input", () => { $("f-conf-out").textContent = parseFloat($("f-conf").value).toFixed(2); });
    $("f-reset").addEventListener("click", () => {
      $("filters").reset();
      $("f-conf-out").textContent = "0.00";
      fillSelect($("f-sub"), Object.values(TAXONOMY).flat());
      reload();
    });
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); reload(); });
  }

  // ---------- map ----------
  function setupMap() {
    if (!window.L) {
      showBanner(
        "The map's front-end files are missing (static/vendor/). Run ",
        el("code", { text: "make install" }),
        " (it runs ",
        el("code", { text: "npm ci --no-audit --no-fund" }),
        " and ",
        el("code", { text: "python -m syraq.web.vendor" }),
        "), then reload. The filters, timeline, list and event cards work without the map.",
      );
      $("map").replaceChildren(el("p", { class: "muted", text: "Map unavailable: front-end files not installed." }));
      return;
    }
    map = L.map("map", { preferCanvas: true, worldCopyJump: true, maxZoom: 18, minZoom: 2 }).setView([35.0, 38.5], 6);
    const outlines = L.geoJSON(null, {
      style: { color: "#7a7a7a", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
    if (window.topojson) {
      fetch("vendor/world-atlas/countries-50m.json")
        .then((r) => { if (!r.ok) throw new Error(r.statusText); return r.json(); })
        .then((topo) => { outlines.addData(topojson.feature(topo, topo.objects.countries)); outlines.bringToBack(); })
        .catch((err) => showBanner(`Country outlines could not be loaded (${err.message}): run make install.`));
    }
    const osm = L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: "&copy; OpenStreetMap contributors",
    });
    hotspotLayer = L.layerGroup();
    resurgenceLayer = L.layerGroup().addTo(map);
    L.control.layers(null, {
      "Country outlines (offline)": outlines,
      "OpenStreetMap tiles (needs internet)": osm,
      "Hotspots (H3 hexagons)": hotspotLayer,
    }, { collapsed: false }).addTo(map);
    map.on("overlayadd", (e) => { if (e.layer === hotspotLayer) loadHotspots(); });
    map.on("overlayremove", (e) => { if (e.layer === hotspotLayer) hotspotLayer.clearLayers(); });
    L.control.scale().addTo(map);
    cluster = L.markerClusterGroup
      ? L.markerClusterGroup({
        chunkedLoading: true, chunkInterval: 100, showCoverageOnHover: false, maxClusterRadius: 50,
        iconCreateFunction: clusterIcon,
      })
      : L.layerGroup();
    cluster.addTo(map);
    cluster.on("clusterclick", (e) => { if (state.picking) pickedOnMap(e.latlng); });
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = () => el("div", { class: "legend" },
      el("strong", { text: "Event type" }),
      Object.entries(COLORS).map(([type, color]) =>
        el("div", null, el("span", { class: "swatch", style: `background:${color}` }), type)));
    legend.addTo(map);
    map.on("click", (e) => { if (state.picking) pickedOnMap(e.latlng); });
  }

  /** A cluster's icon: its count, ringed in the colour of its most frequent event type. */
  function clusterIcon(group) {
    const counts = new Map();
    for (const m of group.getAllChildMarkers()) counts.set(m.options.eventType, (counts.get(m.options.eventType) || 0) + 1);
    let top = null;
    for (const [type, n] of counts) if (top === null || n > counts.get(top)) top = type;
    const n = group.getChildCount();
    const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
    const html = el("div", { class: "cluster", style: `border-color:${colorOf(top)};width:${size}px;height:${size}px` },
      el("span", { text: String(n) }));
    return L.divIcon({ html, className: "cluster-icon", iconSize: L.point(size, size) });
  }

  function makeMarker(ev) {
    if (!map || !ev.place) return null;
    const marker = L.circleMarker([ev.place.lat, ev.place.lon], {
      radius: 7, color: "#222", weight: 1, fillColor: colorOf(ev.event_type), fillOpacity: 0.9,
    });
    marker.options.eventId = ev.id;
    marker.options.eventType = ev.event_type;
    marker.bindTooltip(() => el("span", { text: `${ev.sub_event_type} · ${ev.place.name} · ${ev.date_start || "undated"}` }));
    // while picking a place, a click on a marker picks its point; otherwise it opens the card
    marker.on("click", (e) => (state.picking ? pickedOnMap(e.latlng) : openCard(ev.id)));
    return marker;
  }

  // ---------- loading events ----------
  async function reload() {
    const seq = ++state.loadSeq;
    state.events = [];
    state.byId.clear();
    state.markers.clear();
    if (cluster) cluster.clearLayers();
    renderList();
    setStatus("Loading events…");
    loadHistogram(seq).catch((err) => setStatus(`Timeline failed: ${err.describe ? err.describe() : err.message}`));
    if (map && map.hasLayer(hotspotLayer)) loadHotspots();
    loadFragility();
    const params = filterParams();
    params.set("limit", String(PAGE_SIZE));
    let cursor = null;
    try {
      do {
        if (cursor) params.set("cursor", cursor);
        const page = await api(`/api/events?${params}`);
        if (seq !== state.loadSeq) return;  // a newer load started
        const batch = [];
        for (const ev of page.items) {
          state.events.push(ev);
          state.byId.set(ev.id, ev);
          const marker = makeMarker(ev);
          if (marker) { state.markers.set(ev.id, marker); batch.push(marker); }
        }
        if (cluster && batch.length) cluster.addLayers(batch);
        renderList();
        cursor = page.next_cursor;
        setStatus(`${state.events.length} events${cursor ? "…" : ""}`);
      } while (cursor && state.events.length < MAX_EVENTS);
      const mapped = state.markers.size;
      setStatus(`${state.events.length} events, ${mapped} on the map` +
        (cursor ? ` (stopped at ${MAX_EVENTS}: narrow the filters)` : ""));
      if (map && !state.fitted && state.markers.size) {  // the first load frames the events
        state.fitted = true;  // not animated: a zoom animation in flight would swallow a jump to a place
        map.fitBounds(L.latLngBounds([...state.markers.values()].map((m) => m.getLatLng())), { maxZoom: 9, padding: [30, 30], animate: false });
      }
      document.body.dataset.loaded = String(seq);
    } catch (err) {
      if (seq === state.loadSeq) setStatus(`Loading failed: ${err.describe ? err.describe() : err.message}`);
    }
  }

  function renderList() {
    const list = $("event-list");
    const shown = state.events.slice(0, LIST_MAX);
    list.replaceChildren(...shown.map((ev) => el("li", { class: ev.id === state.selected ? "selected" : null, dataset: { id: ev.id } },
      el("button", { type: "button", onclick: () => openCard(ev.id) },
        el("span", { class: "swatch", style: `background:${colorOf(ev.event_type)}` }),
        el("strong", { text: ev.sub_event_type }),
        " · ", ev.place ? ev.place.name : "no place",
        el("div", { class: "muted", text: `${ev.date_start || "undated"} · ${[ev.actor1, ev.actor2].filter(Boolean).join(" vs ") || "no actor"} · ${ev.review_status}` })))));
    $("list-count").textContent = state.events.length > LIST_MAX
      ? `(first ${LIST_MAX} of ${state.events.length})` : `(${state.events.length})`;
  }

  // ---------- histogram with a brush ----------
  async function loadHistogram(seq) {
    const stats = await api(`/api/stats?${filterParams({ period: false })}`);
    if (seq !== state.loadSeq) return;
    drawHistogram(stats.by_week);
  }

  function drawHistogram(weeks) {
    const box = $("histogram");
    const W = 300, H = 90, top = 4, bottom = 14;
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none", role: "img", "aria-label": "events by week" });
    box.replaceChildren(root);
    if (!weeks.length) {
      const t = svg("text", { x: 4, y: 40, class: "axis" });
      t.textContent = "no dated events";
      root.append(t);
      return;
    }
    const t0 = dayMs(weeks[0].week), t1 = dayMs(weeks[weeks.length - 1].week) + 7 * DAY;
    const max = Math.max(...weeks.map((w) => w.count), 1);
    const x = (ms) => ((ms - t0) / (t1 - t0)) * W;
    const toMs = (px) => t0 + (px / W) * (t1 - t0);
    const bw = Math.max(W / weeks.length, 0.5);
    for (const w of weeks) {
      const h = (w.count / max) * (H - top - bottom);
      const bar = svg("rect", { class: "bar", x: x(dayMs(w.week)), y: H - bottom - h, width: Math.max(bw - 0.3, 0.3), height: h });
      const tip = svg("title");
      tip.textContent = `week of ${w.week}: ${w.count}`;
      bar.append(tip);
      root.append(bar);
    }
    for (const [px, label, anchor] of [[1, weeks[0].week, "start"], [W - 1, isoDay(t1 - DAY), "end"]]) {
      const t = svg("text", { x: px, y: H - 3, class: "axis", "text-anchor": anchor });
      t.textContent = label;
      root.append(t);
    }
    const brush = svg("rect", { class: "brush", x: 0, y: top, width: 0, height: H - top - bottom, visibility: "hidden" });
    root.append(brush);
    const since = $("f-since").value, until = $("f-until").value;
    if (since || until) {
      const a = Math.max(0, x(since ? dayMs(since) : t0)), b = Math.min(W, x(until ? dayMs(until) + DAY : t1));
      if (b > a) { brush.setAttribute("x", a); brush.setAttribute("width", b - a); brush.setAttribute("visibility", "visible"); }
    }
    const local = (e) => {
      const r = root.getBoundingClientRect();
      return Math.min(W, Math.max(0, ((e.clientX - r.left) / r.width) * W));
    };
    let start = null;
    root.addEventListener("pointerdown", (e) => {
      start = local(e);
      root.setPointerCapture(e.pointerId);
      brush.setAttribute("x", start); brush.setAttribute("width", 0); brush.setAttribute("visibility", "visible");
    });
    root.addEventListener("pointermove", (e) => {
      if (start === null) return;
      const p = local(e);
      brush.setAttribute("x", Math.min(start, p)); brush.setAttribute("width", Math.abs(p - start));
    });
    root.addEventListener("pointerup", (e) => {
      if (start === null) return;
      const p = local(e);
      const a = Math.min(start, p), b = Math.max(start, p);
      start = null;
      if (b - a < 2) return;  // a click, not a drag
      $("f-since").value = isoDay(toMs(a));
      $("f-until").value = isoDay(toMs(b) - 1);
      reload();
    });
    root.addEventListener("dblclick", () => { $("f-since").value = ""; $("f-until").value = ""; reload(); });
  }

  // ---------- the event card ----------
  function highlighted(sentence, highlights) {
    const out = [];
    let pos = 0;
    const spans = [...highlights].sort((a, b) => a.start - b.start || b.end - a.end);
    for (const h of spans) {
      if (h.start < pos || h.end <= h.start || h.end > sentence.length) continue;  // overlaps: keep the first
      if (h.start > pos) out.push(sentence.slice(pos, h.start));
      const label = String(h.label).replace(/[^a-z0-9_-]/gi, "");
      out.push(el("mark", { class: `hl hl-${label}`, title: h.label, text: sentence.slice(h.start, h.end) }));
      pos = h.end;
    }
    if (pos < sentence.length) out.push(sentence.slice(pos));
    return out;
  }

  function field(name, value) { return [el("dt", { text: name }), el("dd", { text: value === "" || value === null || value === undefined ? "—" : String(value) })]; }

  async function openCard(id) {
    state.selected = id;
    for (const li of $("event-list").children) li.classList.toggle("selected", li.dataset.id === id);
    const card = $("card");
    card.hidden = false;
    card.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
    let ev;
    try {
      ev = await api(`/api/events/${encodeURIComponent(id)}`);
    } catch (err) {
      card.replaceChildren(el("div", { class: "error", text: err.describe ? err.describe() : err.message }));
      return;
    }
    if (state.selected !== id) return;
    renderCard(ev);
    if (map && ev.place) map.panTo([ev.place.lat, ev.place.lon]);
  }

  function renderCard(ev) {
    const card = $("card");
    const evid = ev.evidence;
    const doc = evid.document;
    const docLink = el("a", { href: `/api/documents/${encodeURIComponent(doc.id)}`, target: "_blank", rel: "noopener noreferrer", text: doc.title || doc.id });
    const source = /^https?:\/\//i.test(doc.url || "")
      ? el("a", { href: doc.url, target: "_blank", rel: "noopener noreferrer", text: "original" }) : null;
    const place = ev.place ? `${ev.place.name} (${ev.place.admin1 ? ev.place.admin1 + ", " : ""}${ev.place.country || ev.place.country_code}; ${ev.place.lat.toFixed(4)}, ${ev.place.lon.toFixed(4)}; ${ev.place.id})` : "";
    card.replaceChildren(
      el("h2", null, el("span", null, el("span", { class: "swatch", style: `background:${colorOf(ev.event_type)}` }), ev.sub_event_type),
        el("button", { type: "button", title: "close", "aria-label": "close", onclick: () => { card.hidden = true; state.selected = null; }, text: "×" })),
      el("dl", { id: "card-fields" },
        field("Event type", ev.event_type),
        field("Actor 1", ev.actor1), field("Actor 2", ev.actor2),
        field("Place", place),
        field("Date", dateText(ev)),
        field("Fatalities", ev.fatalities),
        field("Confidence", ev.confidence.toFixed(2)),
        field("Review", ev.review_status + (ev.reviewed_fields.length ? ` (${ev.reviewed_fields.join(", ")})` : "")),
        field("Rule", evid.rule)),
      el("h3", { text: "Evidence" }),
      el("p", { class: "sentence", id: "card-sentence" }, highlighted(evid.sentence, evid.highlights)),
      ev.place ? el("p", null, el("a", {
        href: "#", id: "card-place-link", onclick: (e) => { e.preventDefault(); openPlace(ev.place.id); },
        text: `control timeline of ${ev.place.name}`,
      })) : null,
      el("p", { class: "muted" }, "Document: ", docLink, source ? " · " : null, source,
        doc.published ? ` · published ${doc.published}` : "", doc.source ? ` · ${doc.source}` : ""),
      reviewPanel(ev),
      el("h3", { text: "Audit trail" }),
      ev.reviews.length
        ? el("ol", { class: "audit", id: "card-audit" }, ev.reviews.map((r) => el("li", {
          text: `${r.at.slice(0, 19).replace("T", " ")} · ${r.reviewer} · ${r.action}` +
            (Object.keys(r.after).length ? ` · ${Object.keys(r.after).join(", ")}` : "") + (r.comment ? ` · “${r.comment}”` : ""),
        })))
        : el("p", { class: "muted", id: "card-audit", text: "Not reviewed yet." }),
    );
  }

  function reviewPanel(ev) {
    const message = el("div", { id: "review-message", role: "alert" });
    const say = (cls, text) => { message.className = cls; message.textContent = text; };
    const tokenInput = el("input", { id: "r-token", type: "password", autocomplete: "off", placeholder: "reviewer token", value: token() });
    tokenInput.addEventListener("change", () => {
      const v = tokenInput.value.trim();
      if (v) sessionStorage.setItem(TOKEN_KEY, v); else sessionStorage.removeItem(TOKEN_KEY);
    });
    const comment = el("input", { id: "r-comment", type: "text", maxlength: 5000, placeholder: "comment (optional)" });

    async function send(action, changes) {
      const headers = { "Content-Type": "application/json" };
      const t = tokenInput.value.trim();
      if (t) { headers.Authorization = `Bearer ${t}`; sessionStorage.setItem(TOKEN_KEY, t); }
      say("muted", "Saving…");
      try {
        const result = await api(`/api/events/${encodeURIComponent(ev.id)}/review`, {
          method: "POST", headers, body: JSON.stringify({ action, changes: changes || {}, comment: comment.value }),
        });
        updateEvent(result.event);
        const fresh = await api(`/api/events/${encodeURIComponent(ev.id)}`);
        renderCard(fresh);
        const m = $("review-message");
        m.className = "ok";
        m.textContent = `Saved: ${action} by ${result.reviews[0].reviewer}.`;
      } catch (err) {
        say("error", `Not saved. ${err.describe ? err.describe() : err.message}`);
      }
    }

    // edit form
    const typeSel = el("select", { id: "e-type" }, Object.keys(TAXONOMY).map((t) => el("option", { value: t, text: t })));
    const subSel = el("select", { id: "e-sub" });
    const fillSubs = () => fillSelect(subSel, TAXONOMY[typeSel.value] || []);
    typeSel.value = ev.event_type;
    fillSubs();
    subSel.value = ev.sub_event_type;
    typeSel.addEventListener("change", fillSubs);
    const inputs = {
      actor1: el("input", { id: "e-actor1", type: "text", value: ev.actor1, maxlength: 300 }),
      actor2: el("input", { id: "e-actor2", type: "text", value: ev.actor2, maxlength: 300 }),
      date_start: el("input", { id: "e-start", type: "date", value: ev.date_start || "" }),
      date_end: el("input", { id: "e-end", type: "date", value: ev.date_end || "" }),
      fatalities: el("input", { id: "e-fatalities", type: "number", min: 0, step: 1, value: ev.fatalities }),
    };
    function changedFields() {
      const changes = {};
      if (subSel.value && subSel.value !== ev.sub_event_type) changes.sub_event_type = subSel.value;
      for (const name of ["actor1", "actor2"]) if (inputs[name].value.trim() !== ev[name]) changes[name] = inputs[name].value.trim();
      for (const name of ["date_start", "date_end"]) {
        const v = inputs[name].value || null;
        if (v !== ev[name]) changes[name] = v;
      }
      const f = inputs.fatalities.value === "" ? null : Number(inputs.fatalities.value);
      if (f !== null && f !== ev.fatalities) changes.fatalities = f;
      return changes;
    }

    // place: gazetteer search or a click on the map
    const placeQuery = el("input", { id: "p-query", type: "search", placeholder: "place name", maxlength: 200 });
    const candidates = el("ul", { class: "candidates", id: "p-candidates" });
    async function searchPlaces() {
      const q = placeQuery.value.trim();
      if (!q) return;
      candidates.replaceChildren(el("li", { class: "muted", text: "Searching…" }));
      try {
        const found = await api(`/api/gazetteer?q=${encodeURIComponent(q)}&limit=8`);
        candidates.replaceChildren(...(found.items.length ? found.items.map((c) => el("li", null,
          el("button", { type: "button", dataset: { placeId: c.place.id }, onclick: () => send("edit", { place: c.place.id }),
            text: `${c.place.name}, ${[c.place.admin1, c.place.country].filter(Boolean).join(", ")} (${c.place.feature_code || c.layer}; ${c.place.id})` })))
          : [el("li", { class: "muted", text: "No place of that name." })]));
      } catch (err) {
        candidates.replaceChildren(el("li", { class: "error", text: err.describe ? err.describe() : err.message }));
      }
    }
    placeQuery.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); searchPlaces(); } });
    const pickName = el("input", { id: "p-name", type: "text", placeholder: "name for the clicked point", maxlength: 300 });
    const pickButton = el("button", { type: "button", id: "p-pick", text: "Pick on the map", disabled: !map });
    pickButton.addEventListener("click", () => {
      state.picking = !state.picking;
      $("map").classList.toggle("picking", state.picking);
      pickButton.textContent = state.picking ? "Click the map… (cancel)" : "Pick on the map";
    });
    state.pickHandler = (latlng) => send("edit", { place: { lat: latlng.lat, lon: latlng.lng, name: pickName.value.trim() } });

    return el("section", { class: "review" },
      el("h3", { text: "Review" }),
      el("label", null, "Token (kept for this tab only)", tokenInput),
      comment,
      el("div", { class: "buttons" },
        el("button", { type: "button", id: "r-accept", onclick: () => send("accept"), text: "Accept" }),
        el("button", { type: "button", id: "r-reject", onclick: () => send("reject"), text: "Reject" })),
      message,
      el("fieldset", null, el("legend", { text: "Edit" }),
        el("label", null, "Event type", typeSel), el("label", null, "Sub-event type", subSel),
        el("label", null, "Actor 1", inputs.actor1), el("label", null, "Actor 2", inputs.actor2),
        el("div", { class: "row" }, el("label", null, "Start", inputs.date_start), el("label", null, "End", inputs.date_end)),
        el("label", null, "Fatalities", inputs.fatalities),
        el("button", { type: "button", id: "e-save", text: "Save edits", onclick: () => {
          const changes = changedFields();
          if (!Object.keys(changes).length) { say("error", "Nothing changed."); return; }
          send("edit", changes);
        } })),
      el("fieldset", null, el("legend", { text: "Place" }),
        el("div", { class: "row" }, placeQuery, el("button", { type: "button", id: "p-search", onclick: searchPlaces, text: "Search" })),
        candidates,
        el("div", { class: "row" }, pickName, pickButton)),
    );
  }

  function pickedOnMap(latlng) {
    state.picking = false;
    $("map").classList.remove("picking");
    const button = $("p-pick");
    if (button) button.textContent = "Pick on the map";
    if (state.pickHandler) state.pickHandler(latlng);
  }

  /** A reviewed event came back: update the list row and its marker. */
  function updateEvent(ev) {
    const i = state.events.findIndex((e) => e.id === ev.id);
    if (i < 0) return;
    state.events[i] = ev;
    state.byId.set(ev.id, ev);
    const old = state.markers.get(ev.id);
    if (old && cluster) cluster.removeLayer(old);
    state.markers.delete(ev.id);
    const marker = makeMarker(ev);
    if (marker && cluster) { state.markers.set(ev.id, marker); cluster.addLayer(marker); }
    renderList();
  }

  // ---------- hotspots and resurgence ----------
  /** Hexagons for the current filters, shaded by how many incidents each holds. */
  async function loadHotspots() {
    if (!map || !hotspotLayer) return;
    const seq = ++hotspotSeq;
    const params = filterParams();
    params.set("resolution", String(hotspotResolution()));
    try {
      const body = await api(`/api/hotspots?${params}`);
      if (seq !== hotspotSeq || !map.hasLayer(hotspotLayer)) return;
      hotspotLayer.clearLayers();
      const max = Math.max(1, ...body.items.map((h) => h.count));
      for (const h of body.items) {
        const share = h.count / max;
        const polygon = L.polygon(h.boundary, {
          color: "#8a2a0a", weight: 1, fillColor: "#e6550d", fillOpacity: 0.15 + 0.6 * share, interactive: true,
        });
        polygon.options.cell = h.cell;
        polygon.bindTooltip(() => el("span", {
          text: `${h.count} incident${h.count === 1 ? "" : "s"} · ${h.fatalities} fatalities · ` +
            `${h.places.slice(0, 3).join(", ")}` +
            (h.top_actors.length ? ` · ${h.top_actors.map((a) => `${a.actor} (${a.count})`).join(", ")}` : ""),
        }));
        hotspotLayer.addLayer(polygon);
      }
      document.body.dataset.hotspots = String(body.items.length);
    } catch (err) {
      if (seq === hotspotSeq) setStatus(`Hotspots failed: ${err.describe ? err.describe() : err.message}`);
    }
  }

  /** Coarser hexagons when zoomed out, finer ones when zoomed in (H3 4 to 7). */
  function hotspotResolution() {
    const zoom = map ? map.getZoom() : 6;
    return zoom <= 5 ? 4 : zoom <= 7 ? 5 : zoom <= 9 ? 6 : 7;
  }

  function setupResurgence() {
    const form = $("resurgence-form");
    if (!form) return;
    form.addEventListener("submit", (e) => { e.preventDefault(); loadResurgence(); });
  }

  async function loadResurgence() {
    const actor = $("r-actor").value.trim();
    const list = $("resurgence-list");
    const note = $("resurgence-note");
    list.replaceChildren();
    if (!actor) { note.textContent = "Name an actor, e.g. Islamic State."; return; }
    const params = new URLSearchParams({ actor, period_days: $("r-period").value || "30" });
    note.textContent = "Loading…";
    try {
      const body = await api(`/api/resurgence?${params}`);
      const rising = body.items.filter((a) => a.rising);
      note.textContent = rising.length
        ? `${rising.length} rising area${rising.length === 1 ? "" : "s"} (of ${body.items.length} active) up to ${body.as_of}`
        : `No rising area among ${body.items.length} where ${body.actor} was active${body.as_of ? ` up to ${body.as_of}` : ""}.`;
      list.replaceChildren(...rising.map((a) => el("li", { dataset: { area: a.area } },
        el("button", { type: "button", title: a.explanation.join("\n"), onclick: () => showArea(a) },
          el("strong", { text: a.label || a.area }),
          el("div", { class: "muted", text: `${a.counts.join(" → ")} · trend ${a.trend >= 0 ? "+" : ""}${a.trend.toFixed(2)}` })))));
    } catch (err) {
      note.textContent = `Resurgence failed: ${err.describe ? err.describe() : err.message}`;
    }
  }

  /** Zoom to a rising area's hexagon (or its centre for admin2 areas) and outline it. */
  function showArea(area) {
    const note = $("resurgence-note");
    note.textContent = area.explanation.join(" ");
    if (!map) return;
    resurgenceLayer.clearLayers();
    if (area.boundary.length) {
      const polygon = L.polygon(area.boundary, { color: "#b10026", weight: 3, fillOpacity: 0.1 }).addTo(resurgenceLayer);
      map.fitBounds(polygon.getBounds(), { maxZoom: 11, padding: [40, 40] });
    } else {
      L.circleMarker([area.lat, area.lon], { radius: 12, color: "#b10026", weight: 3 }).addTo(resurgenceLayer);
      map.setView([area.lat, area.lon], 9);
    }
  }

  // ---------- control of places: fragile places and the place card ----------
  const FRAGILE_MAX = 15;  // places listed in the panel (highest score first)

  function errText(err) { return err.describe ? err.describe() : err.message; }

  /** Places whose control is most fragile, as of the end of the selected period (or the latest event). */
  async function loadFragility() {
    const list = $("fragility-list");
    const note = $("fragility-note");
    if (!list) return;
    const asOf = $("f-until").value;
    if (asOf === state.fragilityAsOf) return;  // only the period's end changes the assessment
    state.fragilityAsOf = asOf;
    const seq = ++state.fragilitySeq;
    const params = new URLSearchParams();
    if (asOf) params.set("as_of", asOf);
    note.textContent = "Loading…";
    try {
      const body = await api(`/api/fragility?${params}`);
      if (seq !== state.fragilitySeq) return;  // the period changed meanwhile
      const shown = body.items.slice(0, FRAGILE_MAX);
      const when = body.as_of ? `as of ${body.as_of}` : "as of the latest event";
      note.textContent = body.items.length
        ? `${body.items.length} place${body.items.length === 1 ? "" : "s"} with a control timeline, ${when}` +
          (body.items.length > shown.length ? ` (top ${shown.length} shown)` : "")
        : `No place changed hands in the reviewed events, ${when}.`;
      list.replaceChildren(...shown.map((f) => el("li", { dataset: { placeId: f.place.id } },
        el("button", { type: "button", onclick: () => showPlace(f.place) },
          el("span", { class: "score", title: Object.entries(f.components).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", "),
            text: f.score.toFixed(2) }),
          el("strong", { text: f.place.name }),
          el("div", { class: "muted", text: `held by ${f.holder || "unknown"}` +
            ` · ${f.changes} change${f.changes === 1 ? "" : "s"}` }),
          el("ul", { class: "explanation" }, f.explanation.map((line) => el("li", { text: line })))))));
      document.body.dataset.fragility = String(seq);
    } catch (err) {
      if (seq !== state.fragilitySeq) return;
      state.fragilityAsOf = null;  // try again on the next load
      list.replaceChildren();
      note.textContent = `Fragility failed: ${errText(err)}`;
    }
  }

  /** Zoom the map to a place and open its card. */
  function showPlace(place) {
    for (const li of $("fragility-list").children) li.classList.toggle("selected", li.dataset.placeId === place.id);
    if (map && Number.isFinite(place.lat) && Number.isFinite(place.lon)) {
      // reset: a jump that never waits on a zoom animation still in flight
      map.setView([place.lat, place.lon], Math.max(map.getZoom(), 10), { reset: true });
    }
    openPlace(place.id);
  }

  function spanText(start, end) {
    if (!start && !end) return "undated";
    if (!start) return `until ${end}`;
    if (!end) return `${start} – now`;
    return start === end ? start : `${start} – ${end}`;
  }

  function eventLink(eventId, text) {
    return el("a", { href: "#", class: "event-link", dataset: { eventId },
      onclick: (e) => { e.preventDefault(); openCard(eventId); }, text });
  }

  async function openPlace(placeId) {
    const key = `place:${placeId}`;
    state.selected = key;
    for (const li of $("event-list").children) li.classList.remove("selected");
    const card = $("card");
    card.hidden = false;
    card.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
    let detail;
    try {
      detail = await api(`/api/places/${encodeURIComponent(placeId)}?limit=1`);
    } catch (err) {
      if (state.selected === key) card.replaceChildren(el("div", { class: "error", text: errText(err) }));
      return;
    }
    if (state.selected !== key) return;
    renderPlaceCard(detail);
  }

  function renderPlaceCard(detail) {
    const card = $("card");
    const p = detail.place;
    const control = detail.control;
    const where = [p.admin1, p.country || p.country_code].filter(Boolean).join(", ");
    const parts = [
      el("h2", { class: "place-card" }, el("span", { text: `Control of ${p.name}` }),
        el("button", { type: "button", title: "close", "aria-label": "close", onclick: () => { card.hidden = true; state.selected = null; }, text: "×" })),
      el("p", { class: "muted", text: `${where ? where + " · " : ""}${p.place_id} · ${p.events} event${p.events === 1 ? "" : "s"}` +
        (p.first ? ` · ${spanText(p.first, p.last)}` : "") }),
    ];
    if (!control) {
      parts.push(el("p", { class: "muted", id: "place-no-control", text: "No territorial event here: who held the place is not known." }));
      card.replaceChildren(...parts);
      return;
    }
    parts.push(el("h3", { text: "Who held it" }),
      el("ol", { class: "periods", id: "place-periods" }, control.periods.map((per) => el("li", { class: per.brief ? "brief" : null },
        el("strong", { text: per.actor }),
        el("span", { class: "muted", text: ` · ${spanText(per.start, per.end)} · ${per.how}` }),
        per.brief ? el("span", { class: "flag", title: "held only briefly", text: "brief" }) : null))));
    parts.push(el("h3", { text: `Changes (${control.changes.length})` }));
    parts.push(control.changes.length
      ? el("ol", { class: "changes", id: "place-changes" }, control.changes.map((c) => el("li", null,
        el("div", null,
          el("strong", { text: spanText(c.start, c.end) }), ` · ${c.from_actor || "unknown"} → ${c.to_actor} · ${c.how}`,
          c.brief ? el("span", { class: "flag", title: c.brief_reason, text: "brief" }) : null),
        c.evidence_text ? el("p", { class: "sentence", text: c.evidence_text }) : null,
        el("div", { class: "muted" }, eventLink(c.event_id, "open the event"), ` · ${c.sub_event_type}`))))
      : el("p", { class: "muted", text: "No recorded change of hands." }));
    if (control.contested.length) {
      parts.push(el("h3", { text: "Contested" }),
        el("ol", { class: "contested", id: "place-contested" }, control.contested.map((c) => el("li", null,
          el("strong", { text: spanText(c.start, c.end) }),
          ` · held by ${c.holder || "unknown"} · fighting: ${c.actors.join(", ") || "unknown"} · `,
          c.event_ids.map((id, i) => [i ? ", " : null, eventLink(id, `event ${i + 1}`)])))));
    }
    if (control.notes.length) {
      parts.push(el("ul", { class: "notes muted" }, control.notes.map((n) => el("li", { text: n }))));
    }
    card.replaceChildren(...parts);
  }

  // for the browser tests and the curious: read-only counts
  window.syraqDesk = {
    hotspotCount: () => (hotspotLayer ? hotspotLayer.getLayers().length : 0),
    resurgenceShown: () => (resurgenceLayer ? resurgenceLayer.getLayers().length : 0),
    markerCount: () => state.markers.size,
    eventCount: () => state.events.length,
    view: () => (map ? { lat: map.getCenter().lat, lon: map.getCenter().lng, zoom: map.getZoom() } : null),
    visibleMarkers: () => (map ? state.events.filter((e) => e.place && map.getBounds().contains([e.place.lat, e.place.lon])).length : 0),
  };

  document.addEventListener("DOMContentLoaded", () => {
    setupFilters();
    setupMap();
    setupResurgence();
    if (map) map.on("zoomend", () => { if (map.hasLayer(hotspotLayer)) loadHotspots(); });
    reload();
  });
}());
