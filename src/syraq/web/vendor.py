"""Copy the web page's npm dependencies from ``node_modules`` into ``static/vendor/``.

Run by ``make`` after ``npm ci``: ``python -m syraq.web.vendor [NODE_MODULES]``. The files are
not kept in git (``static/vendor/`` is ignored); the page says what to run when they are missing.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

#: static/ (served at /) and its vendor folder
STATIC = Path(__file__).resolve().parent / "static"
VENDOR = STATIC / "vendor"

#: npm package -> files to copy (relative to the package), copied to vendor/<package>/<basename or dir>
FILES: dict[str, tuple[str, ...]] = {
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css", "dist/images"),
    "leaflet.markercluster": (
        "dist/leaflet.markercluster.js",
        "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
    ),
    "topojson-client": ("dist/topojson-client.min.js",),
    "world-atlas": ("countries-50m.json", "countries-110m.json", "LICENSE"),
}


def copy_vendor(node_modules: Path, vendor: Path = VENDOR) -> list[Path]:
    """Copy :data:`FILES` from ``node_modules`` into ``vendor``; return the paths written.

    Raises ``FileNotFoundError`` naming the first missing file (run ``npm ci`` first).
    """
    written: list[Path] = []
    for package, files in FILES.items():
        for rel in files:
            src = node_modules / package / rel
            if not src.exists():
                raise FileNotFoundError(f"{src} is missing: run `npm ci --no-audit --no-fund` at the repository root")
            dest = vendor / package / Path(rel).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dest, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dest)
            written.append(dest)
    return written


def world_atlas_path(name: str = "countries-50m.json") -> Path | None:
    """The vendored world-atlas TopoJSON file, or None when it is not installed."""
    path = VENDOR / "world-atlas" / name
    return path if path.is_file() else None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    node_modules = Path(args[0]) if args else Path.cwd() / "node_modules"
    try:
        written = copy_vendor(node_modules)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"copied {len(written)} front-end files into {VENDOR}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
