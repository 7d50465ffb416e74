"""`syraq info`: where things are and what is installed."""

from __future__ import annotations

import argparse
import json
import platform
from typing import Any

from .. import __version__, config
from .common import EXIT_OK, add_db_option


def add_parser(sub: Any) -> None:
    p = sub.add_parser("info", help="versions, data folder, database and gazetteer in use")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_db_option(p)
    p.set_defaults(func=run)


def info(db: str | None = None) -> dict[str, Any]:
    """What `syraq info` prints, as a dict (no model is loaded; the store is opened to count)."""
    from ..nlp.stage import model_name

    out: dict[str, Any] = {
        "syraq": __version__,
        "python": platform.python_version(),
        "home": str(config.home()),
        "database": config.db_url(db),
    }
    try:
        out["spacy_model"] = model_name()
    except Exception as exc:
        out["spacy_model"] = f"missing: {exc}"
    try:
        from ..geo import gazetteer_info

        out["gazetteer"] = gazetteer_info(config.home())
    except Exception as exc:
        out["gazetteer"] = f"unavailable: {exc}"
    try:
        from .common import open_store

        store = open_store(db)
        try:
            out["store"] = store.stats()
        finally:
            store.close()
    except Exception as exc:
        out["store"] = f"unavailable: {exc}"
    out["settings"] = {
        s.name: {"env": s.env, "value": config.get(s.name) or s.default, "help": s.help} for s in config.SETTINGS
    }
    return out


def run(args: argparse.Namespace) -> int:
    data = info(args.db)
    if args.json:
        print(json.dumps(data, indent=1, default=str))
        return EXIT_OK
    for key in ("syraq", "python", "home", "database", "spacy_model"):
        print(f"{key:12} {data[key]}")
    print(f"{'gazetteer':12} {json.dumps(data['gazetteer'], default=str)}")
    print(f"{'store':12} {json.dumps(data['store'], default=str)}")
    print("settings (environment variable = value):")
    for _name, s in data["settings"].items():
        print(f"  {s['env']:20} = {s['value'] or '(default)'}   {s['help']}")
    return EXIT_OK
