"""Entry point of the `syraq` command."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from .. import __version__
from ..errors import SyraqError, SyraqWarning
from .common import EXIT_ERROR, EXIT_INTERRUPTED, print_error


def build_parser() -> argparse.ArgumentParser:
    from . import demo, events, info, ingest

    parser = argparse.ArgumentParser(
        prog="syraq",
        description="Conflict reports in; a sourced, mapped, dated record of events out.",
    )
    parser.add_argument("--version", action="version", version=f"syraq {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    ingest.add_parser(sub)
    events.add_parsers(sub)
    info.add_parser(sub)
    demo.add_parser(sub)
    for extra in _optional_commands():
        extra.add_parser(sub)
    return parser


def _optional_commands() -> list:  # type: ignore[type-arg]
    """Command modules of later stages (gazetteer, geoparse, eval, ...)."""
    import importlib

    found = []
    for name in ("gazetteer", "evaluate"):
        try:
            found.append(importlib.import_module(f"{__package__}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
    return found


def _show_warning(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
    if issubclass(category, SyraqWarning):
        print(f"warning: {message}", file=sys.stderr)
    # other libraries' warnings are not the user's business on the command line


def main(argv: Sequence[str] | None = None) -> int:
    warnings.showwarning = _show_warning
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except SyraqError as err:
        print_error(err)
        return err.exit_code or EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `syraq events | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
