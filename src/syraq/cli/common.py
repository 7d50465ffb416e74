"""Shared CLI plumbing: consoles, error printing, opening the store, parsing dates."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from ..errors import InputError, SyraqError

if TYPE_CHECKING:
    from ..store import Store

EXIT_OK = 0
EXIT_ERROR = 1  # a catalogued error stopped the command
EXIT_USAGE = 2  # bad arguments (argparse's own code)
EXIT_PARTIAL = 3  # the command finished but some inputs failed
EXIT_INTERRUPTED = 130


def stdout_console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def print_error(err: SyraqError, *, prefix: str = "error") -> None:
    """One line per error: ``error[E101]: <message>``, on stderr, plain text."""
    print(f"{prefix}[{err.code}]: {err.message}", file=sys.stderr)


def print_warning(code: str, message: str) -> None:
    print(f"warning[{code}]: {message}", file=sys.stderr)


def iso_date(value: str) -> date:
    """argparse type for YYYY-MM-DD dates."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def published_date(value: str) -> date:
    try:
        return iso_date(value)
    except argparse.ArgumentTypeError:
        err = InputError("E109", source="--published", value=value)
        raise argparse.ArgumentTypeError(err.message) from None


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="SQLAlchemy database URL, e.g. sqlite:///events.db or postgresql://user@host/db "
        "(default: $SYRAQ_DB, else a SQLite file in SYRAQ_HOME; see `syraq info`)",
    )


def open_store(url: str | None) -> Store:
    from .. import config
    from ..store import Store

    return Store(config.db_url(url))


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", dest="event_type", help="event type or sub-event type (exact, case-insensitive)")
    parser.add_argument("--actor", help="actor name or part of it (actor1, actor2, associated actors)")
    parser.add_argument("--place", help="place name or part of it (location, admin1, admin2)")
    parser.add_argument("--since", type=iso_date, help="events on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=iso_date, help="events on or before this date (YYYY-MM-DD)")


def filter_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    from ..taxonomy import is_event_type

    kw: dict[str, Any] = {"actor": args.actor, "place": args.place, "since": args.since, "until": args.until}
    if args.event_type:
        if is_event_type(args.event_type):
            kw["event_type"] = args.event_type
        else:
            kw["sub_event_type"] = args.event_type
    return kw
