"""`syraq token create|list|revoke` and `syraq review log`: reviewer tokens and the audit trail."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .common import EXIT_OK, add_db_option, open_store, stdout_console


def add_parser(sub: Any) -> None:
    p = sub.add_parser("token", help="reviewer tokens for the API", description="Create, list or revoke reviewer tokens.")
    tsub = p.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    c = tsub.add_parser("create", help="create a token for a reviewer (printed once, stored hashed)")
    c.add_argument("name", metavar="NAME", help="the reviewer's name, written into each review")
    add_db_option(c)
    c.set_defaults(func=run_token_create)
    ls = tsub.add_parser("list", help="list tokens (ids and names; never the tokens)")
    add_db_option(ls)
    ls.set_defaults(func=run_token_list)
    rv = tsub.add_parser("revoke", help="revoke a token by its id")
    rv.add_argument("token_id", metavar="TOKEN_ID")
    add_db_option(rv)
    rv.set_defaults(func=run_token_revoke)

    p = sub.add_parser("review", help="the review audit trail", description="Show reviews.")
    rsub = p.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    lg = rsub.add_parser("log", help="print the review audit trail, oldest first")
    lg.add_argument("--event", metavar="ID", default=None, help="only this event's reviews")
    lg.add_argument("--json", action="store_true", help="print JSON Lines")
    add_db_option(lg)
    lg.set_defaults(func=run_review_log)


def run_token_create(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        raw = store.create_token(args.name)
    finally:
        store.close()
    print(raw)
    print(f"token for {args.name.strip()!r}: shown once, stored only as a salted hash; "
          "send it as 'Authorization: Bearer TOKEN'", file=sys.stderr)
    return EXIT_OK


def run_token_list(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        tokens = store.tokens()
    finally:
        store.close()
    for t in tokens:
        state = f"revoked {t['revoked_at']:%Y-%m-%d}" if t["revoked_at"] else "live"
        print(f"{t['id']}\t{t['name']}\t{t['created_at']:%Y-%m-%d %H:%M}\t{state}")
    return EXIT_OK


def run_token_revoke(args: argparse.Namespace) -> int:
    from ..errors import NotFoundError

    store = open_store(args.db)
    try:
        if not store.revoke_token(args.token_id):
            raise NotFoundError("E809", token_id=args.token_id)
    finally:
        store.close()
    print(f"revoked {args.token_id}")
    return EXIT_OK


def run_review_log(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        if args.event is not None:
            store.get_event(args.event)  # E202 when unknown
        reviews = store.reviews(args.event)
    finally:
        store.close()
    if args.json:
        for review in reviews:
            print(json.dumps(review.to_dict(), ensure_ascii=False))
        return EXIT_OK
    from rich.markup import escape

    console = stdout_console()
    if not reviews:
        console.print("no reviews")
    for review in reviews:
        console.print(
            f"{review.at:%Y-%m-%d %H:%M:%S}  {escape(review.reviewer)}  {review.action}  event {review.event_id}"
            + (f"  ({escape(review.comment)})" if review.comment else "")
        )
        for name in sorted(set(review.before) | set(review.after)):
            before = json.dumps(review.before.get(name), ensure_ascii=False)
            after = json.dumps(review.after.get(name), ensure_ascii=False)
            console.print(f"    {escape(name)}: {escape(before[:120])} -> {escape(after[:120])}")
    return EXIT_OK
