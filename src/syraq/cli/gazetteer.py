"""`syraq gazetteer`: build, inspect and extend the gazetteer (the logic lives in :mod:`syraq.geo`)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_OK, stdout_console


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "gazetteer",
        help="build, inspect and extend the gazetteer",
        description="The gazetteer: the embedded index plus your layers (GeoNames dumps, places learned from ACLED/UCDP).",
    )
    gsub = p.add_subparsers(dest="gazetteer_command", metavar="SUBCOMMAND", required=True)

    b = gsub.add_parser("build", help="rebuild the embedded index from the packaged data (about a minute)")
    b.add_argument("--countries", nargs="+", metavar="CC", help="only these ISO country codes (a small test index)")
    b.set_defaults(func=run_build)

    i = gsub.add_parser("info", help="the index file, its counts and the layers")
    i.add_argument("--json", action="store_true", help="print JSON")
    i.set_defaults(func=run_info)

    lk = gsub.add_parser("lookup", help="the places a name may refer to, with match scores and layers")
    lk.add_argument("name", metavar="NAME")
    lk.add_argument("--limit", type=int, default=15, help="at most this many candidates (default 15)")
    lk.add_argument("--demonyms", action="store_true", help="also match demonyms (Syrian -> Syria)")
    lk.add_argument("--json", action="store_true", help="print JSON")
    lk.set_defaults(func=run_lookup)

    a = gsub.add_parser(
        "add",
        help="download GeoNames country dumps (CC.zip) and install each as a layer",
        description="Download GeoNames' country dumps (every village, with alternate names) and install each "
        "as the layer geonames-<cc>.",
    )
    a.add_argument("countries", nargs="+", metavar="CC", help="ISO 3166 two-letter codes, e.g. SY IQ")
    a.add_argument(
        "--base-url", default=None, help="GeoNames dump base URL (default: $SYRAQ_GEONAMES_URL, else GeoNames' own)"
    )
    a.add_argument("--max-bytes", type=int, default=None, help="largest zip accepted (default 400 MB)")
    a.add_argument("--timeout", type=float, default=None, help="seconds before a stalled download gives up (60)")
    a.set_defaults(func=run_add)

    ld = gsub.add_parser("load", help="install a GeoNames-format file already on disk as a layer")
    ld.add_argument("file", type=Path, metavar="FILE")
    ld.add_argument("--name", default=None, help="layer name (default: the file's name)")
    ld.set_defaults(func=run_load)

    le = gsub.add_parser("learn", help="learn the named locations (geo precision 1-2) of an ACLED or UCDP export as a layer")
    le.add_argument("file", type=Path, metavar="FILE")
    le.add_argument("--format", choices=("acled", "ucdp"), required=True, dest="fmt")
    le.add_argument("--name", default=None, help="layer name (default: <format>-<file name>)")
    le.set_defaults(func=run_learn)

    ls = gsub.add_parser("layers", help="list the installed layers")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=run_layers)

    rm = gsub.add_parser("remove", help="delete a layer")
    rm.add_argument("name", metavar="NAME")
    rm.set_defaults(func=run_remove)


def _home() -> Path:
    from .. import config

    return config.home()


def _json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _layer_line(path: Path) -> str:
    from ..geo.layers import list_layers

    for layer in list_layers(path.parent.parent.parent):
        if layer["path"] == str(path):
            return f"layer {layer['name']}: {layer['places']:,} places ({path})"
    return f"layer {path.stem} ({path})"


def run_build(args: argparse.Namespace) -> int:
    import time

    from ..geo import rebuild_index
    from ..geo.index import read_meta

    started = time.perf_counter()
    path = rebuild_index(_home(), countries=[c.upper() for c in args.countries] if args.countries else None)
    places = read_meta(path).get("places", "?")
    print(f"built {path}: {places} places in {time.perf_counter() - started:.0f} s")
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    from ..geo import gazetteer_info

    info = gazetteer_info(_home())
    if args.json:
        _json(info)
        return EXIT_OK
    state = "current" if info["current"] else ("out of date (rebuilt on first use)" if info["exists"] else "missing")
    print(f"index: {info['index']} ({state})")
    meta = info.get("meta")
    if isinstance(meta, dict):
        for key in ("places", "names", "built_at", "build_seconds", "sources"):
            if key in meta:
                print(f"  {key}: {meta[key]}")
    listed = info.get("layers")
    layers = listed if isinstance(listed, list) else []
    print(f"layers: {len(layers)}")
    for layer in layers:
        print(f"  {layer['name']}: {layer['places']:,} places, {layer['sources']} ({layer['built_at']})")
    return EXIT_OK


def candidate_rows(name: str, limit: int, demonyms: bool = False) -> list[dict[str, Any]]:
    """The lookup table's rows (also its JSON)."""
    from ..geo import load_gazetteer

    gaz = load_gazetteer(_home())
    return [
        {
            "id": c.place.id,
            "name": c.place.name,
            "matched": c.matched_name,
            "match": c.match,
            "layer": c.layer,
            "feature": f"{c.place.feature_class}.{c.place.feature_code}",
            "country": c.place.country_code,
            "admin1": c.place.admin1,
            "population": c.place.population,
            "lat": round(c.place.lat, 5),
            "lon": round(c.place.lon, 5),
        }
        for c in gaz.lookup(name, limit=limit, demonyms=demonyms)
    ]


def run_lookup(args: argparse.Namespace) -> int:
    rows = candidate_rows(args.name, args.limit, args.demonyms)
    if args.json:
        _json(rows)
        return EXIT_OK
    if not rows:
        print(f"no place named {args.name!r}")
        return EXIT_OK
    from rich.table import Table

    table = Table(header_style="bold")
    for col in ("match", "name", "matched", "feature", "country", "admin1", "population", "lat", "lon", "layer", "id"):
        table.add_column(col, justify="right" if col in ("match", "population", "lat", "lon") else "left")
    for r in rows:
        table.add_row(
            f"{r['match']:.3f}",
            r["name"],
            r["matched"] if r["matched"] != r["name"] else "",
            r["feature"],
            r["country"],
            r["admin1"],
            f"{r['population']:,}",
            f"{r['lat']:.4f}",
            f"{r['lon']:.4f}",
            r["layer"],
            r["id"],
        )
    console = stdout_console()
    if not console.is_terminal:  # piped: do not squeeze the columns to 80 characters
        console.width = 220
    console.print(table)
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    from ..geo.download import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, add_countries

    paths = add_countries(
        args.countries,
        base=args.base_url,
        home=_home(),
        max_bytes=args.max_bytes or DEFAULT_MAX_BYTES,
        timeout=args.timeout or DEFAULT_TIMEOUT,
    )
    for path in paths:
        print(f"installed {_layer_line(path)}")
    return EXIT_OK


def run_load(args: argparse.Namespace) -> int:
    from ..geo import load_geonames_file

    path = load_geonames_file(args.file, name=args.name, home=_home())
    print(f"installed {_layer_line(path)}")
    return EXIT_OK


def run_learn(args: argparse.Namespace) -> int:
    from ..geo import learn_places

    path = learn_places(args.file, args.fmt, name=args.name, home=_home())
    print(f"installed {_layer_line(path)}")
    return EXIT_OK


def run_layers(args: argparse.Namespace) -> int:
    from ..geo import list_layers

    layers = list_layers(_home())
    if args.json:
        _json(layers)
        return EXIT_OK
    if not layers:
        print("no layers (add some with `syraq gazetteer add CC`, `load FILE` or `learn FILE`)")
    for layer in layers:
        print(f"{layer['name']}\t{layer['places']:,} places\t{layer['sources']}\t{layer['built_at']}")
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    from ..geo import remove_layer

    remove_layer(args.name, _home())
    print(f"removed layer {args.name}")
    return EXIT_OK
