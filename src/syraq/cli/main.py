"""Entry point of the `syraq` command."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

from .. import __version__
from ..errors import SyraqError, SyraqWarning
from .common import EXIT_ERROR, EXIT_INTERRUPTED, print_error

#: command modules, each with ``add_parser(sub)``; imported when the parser is built
COMMANDS: tuple[str, ...] = ("ingest", "events", "info", "demo", "analysis", "evaluate", "serve", "review", "report", "gazetteer", "incidents")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="syraq",
        description="Conflict reports in; a sourced, mapped, dated record of events out.",
    )
    parser.add_argument("--version", action="version", version=f"syraq {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.{name}").add_parser(sub)
    return parser


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
