"""A self-contained HTML brief of a period: opens with no server and no internet.

It holds a static map (inline SVG: Natural Earth country outlines from the world-atlas TopoJSON,
decoded here, and the events projected equirectangularly, fitted to their extent), charts of
events by type and by ISO week (inline SVG), the control changes of the period, the most fragile
places with their explanations, and the top events with their source sentences. Every text is
escaped with :func:`html.escape`; the page has no script.

Use :func:`build_report` (data) and :func:`render_report` (HTML), or :func:`write_report` for both.
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import ExportError
from ..model import Event, Place

#: colours of the event types (the same as the web page's)
COLORS: dict[str, str] = {
    "Battles": "#d62728",
    "Protests": "#1f77b4",
    "Riots": "#ff7f0e",
    "Explosions/Remote violence": "#9467bd",
    "Violence against civilians": "#8c564b",
    "Strategic developments": "#2ca02c",
}

Ring = list[tuple[float, float]]


# ---------------------------------------------------------------- TopoJSON


def decode_topojson(topology: dict[str, Any], object_name: str = "countries") -> list[tuple[str, list[list[Ring]]]]:
    """The features of one TopoJSON object as (name, polygons), each polygon a list of rings of
    (lon, lat). Handles quantized (delta-encoded) and plain arcs, Polygon and MultiPolygon.
    Raises ``ValueError`` when the topology is not what TopoJSON says."""
    if topology.get("type") != "Topology" or not isinstance(topology.get("arcs"), list):
        raise ValueError("not a TopoJSON Topology")
    transform = topology.get("transform")
    arcs: list[Ring] = []
    for raw in topology["arcs"]:
        points: Ring = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy, *_ in raw:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in raw]
        arcs.append(points)

    def ring(indices: Sequence[int]) -> Ring:
        out: Ring = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(arc if not out else arc[1:])  # consecutive arcs share their end point
        return out

    try:
        geometries = topology["objects"][object_name]["geometries"]
    except (KeyError, TypeError):
        raise ValueError(f"no object {object_name!r} with geometries") from None
    features: list[tuple[str, list[list[Ring]]]] = []
    for geom in geometries:
        name = str((geom.get("properties") or {}).get("name", ""))
        kind = geom.get("type")
        if kind == "Polygon":
            polygons = [[ring(r) for r in geom["arcs"]]]
        elif kind == "MultiPolygon":
            polygons = [[ring(r) for r in poly] for poly in geom["arcs"]]
        else:
            continue
        features.append((name, polygons))
    return features


def load_outlines(path: Path | None = None) -> list[tuple[str, list[list[Ring]]]] | None:
    """Country outlines from the vendored world-atlas (countries-50m), or None when not installed.
    E1101 when the file is there but unreadable."""
    from .vendor import world_atlas_path

    path = path or world_atlas_path()
    if path is None or not Path(path).is_file():
        return None
    try:
        return decode_topojson(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise ExportError("E1101", path=str(path), reason=str(exc)) from exc


# ---------------------------------------------------------------- data


@dataclass
class ReportData:
    """What the report shows (built by :func:`build_report`)."""

    since: date
    until: date
    events: list[Event]  # reviewed, in the period, rejected and merged-away ones left out
    sentences: dict[str, str]  # event id -> evidence sentence
    titles: dict[str, str]  # document id -> title
    control_changes: list[dict[str, Any]]  # {place, change: ControlChange}
    fragile: list[Any]  # PlaceFragility, highest score first
    generated: datetime = field(default_factory=lambda: datetime.now(UTC))
    store_label: str = ""


def _overlaps(event: Event, since: date, until: date) -> bool:
    if event.date_start is None:
        return False
    end = event.date_end or event.date_start
    return event.date_start <= until and end >= since


def build_report(store: Any, since: date, until: date, *, top_fragile: int = 10) -> ReportData:
    """Gather the report's data from a :class:`syraq.store.Store` (reviewed values).

    Control and fragility use every event up to ``until`` (so the holder before the period is
    known); the charts, the map and the top events use the events of the period."""
    from ..analysis import control_timeline, fragility
    from ..api.routes.analysis import analysed_events

    if since > until:
        raise ExportError("E1100", since=since.isoformat(), until=until.isoformat())
    history, texts = analysed_events(store, until=until)
    events = [e for e in history if _overlaps(e, since, until)]
    sentences = {e.id: texts[e.document_id][e.sentence.start:e.sentence.end] for e in events if e.document_id in texts}
    docs = store.documents_by_id({e.document_id for e in events})
    titles = {k: d.title or d.url or k for k, d in docs.items()}
    changes: list[dict[str, Any]] = []
    for pc in control_timeline(history, documents=texts).values():
        for change in pc.changes:
            if change.start <= until and change.end >= since:
                changes.append({"place": pc.place, "change": change})
    changes.sort(key=lambda c: (c["change"].start, c["place"].name))
    fragile = [f for f in fragility(history, as_of=until, documents=texts) if f.score > 0][:top_fragile]
    return ReportData(since=since, until=until, events=events, sentences=sentences, titles=titles,
                      control_changes=changes, fragile=fragile)


# ---------------------------------------------------------------- SVG


def _place(event: Event) -> Place | None:
    """The event's place, None when it has none (no mention, or a mention left unresolved)."""
    return event.place.place if event.place is not None else None


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def map_svg(events: Sequence[Event], outlines: list[tuple[str, list[list[Ring]]]] | None,
            width: int = 760, height: int = 480) -> str:
    """Events as dots over country outlines, equirectangular, fitted to the events' extent."""
    points = [(p.lon, p.lat, e) for e in events if (p := _place(e)) is not None]
    if not points:
        return '<p class="note">No event of the period has a place: no map.</p>'
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    min_span = 2.0  # degrees: one town still shows its surroundings
    cx, cy = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    half_w = max(max(lons) - min(lons), min_span) / 2 * 1.35
    half_h = max(max(lats) - min(lats), min_span) / 2 * 1.35
    kx = math.cos(math.radians(cy))  # equirectangular with the standard parallel at the centre
    scale = min(width / (2 * half_w * kx), height / (2 * half_h))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return width / 2 + (lon - cx) * kx * scale, height / 2 - (lat - cy) * scale

    view = (cx - width / (2 * kx * scale), cx + width / (2 * kx * scale),
            cy - height / (2 * scale), cy + height / (2 * scale))
    parts = [f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="map of the events">',
             f'<defs><clipPath id="frame"><rect width="{width}" height="{height}"/></clipPath></defs>',
             f'<rect width="{width}" height="{height}" fill="#cfe2ef"/>', '<g clip-path="url(#frame)">']
    if outlines:
        for name, polygons in outlines:
            paths = []
            for polygon in polygons:
                for ring in polygon:
                    if not ring:
                        continue
                    rl = [p[0] for p in ring]
                    rb = [p[1] for p in ring]
                    if max(rl) < view[0] or min(rl) > view[1] or max(rb) < view[2] or min(rb) > view[3]:
                        continue
                    coords = [xy(lon, lat) for lon, lat in ring]
                    paths.append("M" + "L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords) + "Z")
            if paths:
                parts.append(f'<path d="{"".join(paths)}" fill="#f4f1ea" stroke="#888" stroke-width="0.7" '
                             f'fill-rule="evenodd"><title>{_e(name)}</title></path>')
    by_place: dict[tuple[float, float], list[Event]] = {}
    for lon, lat, ev in points:
        by_place.setdefault((lon, lat), []).append(ev)
    labelled = sorted(by_place.items(), key=lambda kv: -len(kv[1]))
    for (lon, lat), evs in labelled:
        x, y = xy(lon, lat)
        kinds = Counter(ev.event_type for ev in evs)
        colour = COLORS.get(kinds.most_common(1)[0][0], "#555")
        r = 4 + 2.5 * math.sqrt(len(evs) - 1)
        name = p.name if (p := _place(evs[0])) is not None else ""
        tip = f"{name}: {len(evs)} event{'s' if len(evs) != 1 else ''} (" + ", ".join(f"{k} {n}" for k, n in kinds.most_common()) + ")"
        parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{r:.1f}" fill="{colour}" fill-opacity="0.85" '
                     f'stroke="#222" stroke-width="0.8"><title>{_e(tip)}</title></circle>')
    for (lon, lat), evs in labelled[:25]:  # label the busiest places
        x, y = xy(lon, lat)
        name = p.name if (p := _place(evs[0])) is not None else ""
        parts.append(f'<text x="{_fmt(x + 7)}" y="{_fmt(y + 4)}" class="label">{_e(name)}</text>')
    parts.append("</g></svg>")
    if outlines is None:
        parts.append('<p class="note">Country outlines are not installed (world-atlas): the map shows the events only. '
                     "Run <code>make install</code> to add them.</p>")
    return "".join(parts)


def bars_svg(counts: Sequence[tuple[str, int]], width: int = 520, label: str = "events by type") -> str:
    """A horizontal bar chart of (label, count)."""
    if not counts:
        return '<p class="note">No events.</p>'
    row, left, right = 22, 210, 50
    height = row * len(counts) + 6
    top = max(n for _, n in counts) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{_e(label)}">']
    for i, (name, n) in enumerate(counts):
        y = 3 + i * row
        w = (width - left - right) * n / top
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{_e(name)}</text>'
                     f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{COLORS.get(name, "#6b8fa8")}"/>'
                     f'<text x="{left + w + 4:.1f}" y="{y + 14}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def weekly_counts(events: Iterable[Event], since: date, until: date) -> list[tuple[date, int]]:
    """Events by the ISO week (its Monday) of their start date, every week of the period."""
    counts: Counter[date] = Counter()
    for e in events:
        if e.date_start is not None:
            counts[e.date_start - timedelta(days=e.date_start.weekday())] += 1
    week = since - timedelta(days=since.weekday())
    out = []
    while week <= until:
        out.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    return out


def weeks_svg(weeks: Sequence[tuple[date, int]], width: int = 760, height: int = 150) -> str:
    """A column chart of events by week, the first and last weeks labelled."""
    if not weeks or not any(n for _, n in weeks):
        return '<p class="note">No dated events in the period.</p>'
    bottom, top_pad = 18, 14
    top = max(n for _, n in weeks)
    bw = width / len(weeks)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="events by week">',
             f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#999"/>']
    for i, (week, n) in enumerate(weeks):
        if not n:
            continue
        h = (height - bottom - top_pad) * n / top
        parts.append(f'<rect x="{i * bw:.2f}" y="{height - bottom - h:.1f}" width="{max(bw - 0.5, 0.5):.2f}" '
                     f'height="{h:.1f}" fill="#6b8fa8"><title>week of {week.isoformat()}: {n}</title></rect>')
    parts.append(f'<text x="0" y="{height - 4}">{weeks[0][0].isoformat()}</text>'
                 f'<text x="{width}" y="{height - 4}" text-anchor="end">{weeks[-1][0].isoformat()}</text>'
                 f'<text x="0" y="10">max {top} a week</text></svg>')
    return "".join(parts)


# ---------------------------------------------------------------- HTML

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; color: #222; max-width: 980px; margin: 1.5em auto; padding: 0 1em; }
h1 { margin-bottom: .1em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
.meta, .note { color: #666; } table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #e4e4e4; padding: .3em .4em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } .sentence { font-style: italic; color: #333; }
svg text { font-size: 11px; fill: #333; } svg .label { font-size: 11px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 50%; margin-right: .3em; }
.score { font-weight: bold; } .brief { color: #a05a00; }
"""


def _date_text(e: Event) -> str:
    if e.date_start is None:
        return "undated"
    if e.date_end and e.date_end != e.date_start:
        return f"{e.date_start.isoformat()} – {e.date_end.isoformat()}"
    return e.date_start.isoformat()


def top_events(events: Sequence[Event], n: int = 15) -> list[Event]:
    """The events an analyst reads first: most fatalities, then territorial changes, then confidence."""
    from ..taxonomy import TERRITORIAL as territorial

    return sorted(events, key=lambda e: (-e.fatalities, e.sub_event_type not in territorial, -e.confidence,
                                         e.date_start or date.max, e.id))[:n]


def render_report(data: ReportData, outlines: list[tuple[str, list[list[Ring]]]] | None) -> str:
    """The report as one HTML string (no script, no external resource)."""
    e = _e
    period = f"{data.since.isoformat()} to {data.until.isoformat()}"
    events = data.events
    fatalities = sum(ev.fatalities for ev in events)
    places = {p.id for ev in events if (p := _place(ev)) is not None}
    by_type = Counter(ev.event_type for ev in events)
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>syraq brief: {e(period)}</title><style>{CSS}</style></head><body>",
        f"<h1>Conflict brief, {e(period)}</h1>",
        f'<p class="meta">{len(events)} events at {len(places)} places, {fatalities} reported fatalities. '
        f"Generated by syraq on {e(data.generated.strftime('%Y-%m-%d %H:%M UTC'))}"
        f"{' from ' + e(data.store_label) if data.store_label else ''}. Reviewed values; rejected events and "
        "merged duplicates left out. Coded automatically from the reports: check the sources.</p>",
        "<h2>Map</h2>",
        map_svg(events, outlines),
        '<p class="meta">' + " ".join(
            f'<span class="swatch" style="background:{c}"></span>{e(t)}' for t, c in COLORS.items()) + "</p>",
        "<h2>Events by type</h2>",
        bars_svg(by_type.most_common()),
        "<h2>Events by week</h2>",
        weeks_svg(weekly_counts(events, data.since, data.until)),
        "<h2>Control changes</h2>",
    ]
    if data.control_changes:
        out.append("<table><tr><th>Date</th><th>Place</th><th>Change</th><th>Source sentence</th></tr>")
        for item in data.control_changes:
            c, place = item["change"], item["place"]
            when = c.start.isoformat() if c.start == c.end else f"{c.start.isoformat()} – {c.end.isoformat()}"
            who = f"{c.from_actor or 'unknown holder'} → {c.to_actor or 'no one named'} ({c.how})"
            brief = f' <span class="brief">brief: {e(c.brief_reason)}</span>' if c.brief else ""
            out.append(f"<tr><td>{e(when)}</td><td>{e(place.name)}</td><td>{e(who)}{brief}</td>"
                       f'<td class="sentence">{e(c.evidence_text)}</td></tr>')
        out.append("</table>")
    else:
        out.append('<p class="note">No change of control in the period.</p>')
    out.append("<h2>Most fragile control</h2>")
    if data.fragile:
        out.append(f'<p class="meta">As of {e(data.until.isoformat())}; score 0 (stable) to 1 (most fragile).</p>')
        out.append("<table><tr><th>Place</th><th>Score</th><th>Holder</th><th>Why</th></tr>")
        for f in data.fragile:
            why = "".join(f"<li>{e(line)}</li>" for line in f.explanation)
            out.append(f"<tr><td>{e(f.place.name)}</td><td class=\"score\">{f.score:.2f}</td>"
                       f"<td>{e(f.holder or 'unknown')}</td><td><ul>{why}</ul></td></tr>")
        out.append("</table>")
    else:
        out.append('<p class="note">No place with contested control.</p>')
    out.append("<h2>Top events</h2>")
    if events:
        out.append("<table><tr><th>Date</th><th>Event</th><th>Place</th><th>Actors</th><th>Deaths</th>"
                   "<th>Source sentence</th></tr>")
        for ev in top_events(events):
            actors = " vs ".join(a for a in (ev.actor1, ev.actor2) if a)
            place = p.name if (p := _place(ev)) is not None else ""
            colour = COLORS.get(ev.event_type, "#555")
            source = data.titles.get(ev.document_id, "")
            out.append(f"<tr><td>{e(_date_text(ev))}</td><td><span class=\"swatch\" style=\"background:{colour}\"></span>"
                       f"{e(ev.sub_event_type)}</td><td>{e(place)}</td><td>{e(actors)}</td><td>{ev.fatalities}</td>"
                       f"<td><span class=\"sentence\">{e(data.sentences.get(ev.id, ''))}</span>"
                       f"<br><span class=\"meta\">{e(source)} · rule {e(ev.rule)}</span></td></tr>")
        out.append("</table>")
    else:
        out.append('<p class="note">No events in the period.</p>')
    out.append("</body></html>\n")
    return "\n".join(out)


def write_report(store: Any, since: date, until: date, path: Path | str, *,
                 outlines_path: Path | None = None, store_label: str = "") -> ReportData:
    """Build the report for ``since``..``until`` from ``store`` and write it to ``path`` (E301 if it
    cannot be written). Returns the data shown."""
    data = build_report(store, since, until)
    data.store_label = store_label
    text = render_report(data, load_outlines(outlines_path))
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ExportError("E301", path=str(path), reason=exc.strerror or str(exc)) from exc
    return data


__all__ = ["ReportData", "build_report", "decode_topojson", "load_outlines", "map_svg", "render_report",
           "top_events", "weekly_counts", "write_report"]
