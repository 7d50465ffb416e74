"""A light language check: script detection, then English function-word share.

The rules and word lists are in ``syraq/data/ingest/language.toml``. No model, no
dependency: it is meant to turn away reports in another language, not to identify
every language precisely.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class _Script:
    name: str
    language: str
    ranges: tuple[tuple[int, int], ...]
    marker_letters: frozenset[str]
    marker_language: str


@dataclass(frozen=True)
class _LanguageRules:
    max_foreign_script_share: float
    foreign_script_majority: float
    min_english_share: float
    min_tokens: int
    scripts: tuple[_Script, ...]
    words: dict[str, frozenset[str]]


@dataclass(frozen=True)
class LanguageResult:
    """The outcome of :func:`check_language`."""

    language: str  # "en", or the language detected instead
    is_english: bool
    reason: str  # how it was decided, for the document's meta
    english_share: float = 0.0


@cache
def _rules() -> _LanguageRules:
    raw: dict[str, Any] = tomllib.loads(
        resources.files("syraq").joinpath("data", "ingest", "language.toml").read_text("utf-8")
    )
    check = raw["check"]
    scripts = tuple(
        _Script(
            name=name,
            language=str(spec["language"]),
            ranges=tuple((int(lo), int(hi)) for lo, hi in spec["ranges"]),
            marker_letters=frozenset(spec.get("marker_letters", "")),
            marker_language=str(spec.get("marker_language", spec["language"])),
        )
        for name, spec in raw["scripts"].items()
    )
    words = {lang: frozenset(w.lower() for w in lst) for lang, lst in raw["function_words"].items()}
    return _LanguageRules(
        max_foreign_script_share=float(check["max_foreign_script_share"]),
        foreign_script_majority=float(check["foreign_script_majority"]),
        min_english_share=float(check["min_english_share"]),
        min_tokens=int(check["min_tokens"]),
        scripts=scripts,
        words=words,
    )


def _script_of(ch: str, scripts: tuple[_Script, ...]) -> _Script | None:
    code = ord(ch)
    if code < 0x0370:
        return None  # Latin and common punctuation
    for script in scripts:
        for lo, hi in script.ranges:
            if lo <= code <= hi:
                return script
    return None


def check_language(text: str, sample_chars: int = 20000) -> LanguageResult:
    """Decide whether ``text`` is English (see language.toml for the rules)."""
    rules = _rules()
    sample = text[:sample_chars]
    letters = 0
    by_script: dict[str, int] = {}
    scripts = {s.name: s for s in rules.scripts}
    for ch in sample:
        if ch.isalpha():
            letters += 1
            script = _script_of(ch, rules.scripts)
            if script is not None:
                by_script[script.name] = by_script.get(script.name, 0) + 1
    if letters == 0:
        return LanguageResult("", False, "no letters")
    foreign: LanguageResult | None = None
    if by_script:
        name, count = max(by_script.items(), key=lambda kv: kv[1])
        share = count / letters
        if share > rules.max_foreign_script_share:
            script = scripts[name]
            language = script.language
            if script.marker_letters and any(ch in script.marker_letters for ch in sample):
                language = script.marker_language
            foreign = LanguageResult(language, False, f"{share:.0%} of letters in {name} script")
            if share >= rules.foreign_script_majority:
                return foreign
    tokens = [t.lower() for t in _WORD.findall(sample) if _script_of(t[0], rules.scripts) is None]
    en_words = rules.words.get("en", frozenset())
    english = sum(1 for t in tokens if t in en_words)
    share = english / len(tokens) if tokens else 0.0
    # compare English with each other language on the words that only one of the two has
    # ("in", "a", "die" count for neither), and name the language that beats English most
    best_other, best_margin, best_hits, best_en = "", 0, 0, 0
    for lang, words in rules.words.items():
        if lang == "en":
            continue
        theirs = sum(1 for t in tokens if t in words and t not in en_words)
        ours = sum(1 for t in tokens if t in en_words and t not in words)
        if theirs >= 2 and theirs > ours and theirs - ours > best_margin:
            best_other, best_margin, best_hits, best_en = lang, theirs - ours, theirs, ours
    if foreign is not None and (share < rules.min_english_share or best_other):
        return foreign
    if best_other:
        reason = f"more {best_other} than English function words ({best_hits} vs {best_en})"
        return LanguageResult(best_other, False, reason, share)
    if len(tokens) < rules.min_tokens:
        return LanguageResult("en", True, f"short text ({len(tokens)} words), no other language detected", share)
    if share < rules.min_english_share:
        return LanguageResult("und", False, f"English function words are {share:.0%} of words", share)
    return LanguageResult("en", True, f"English function words are {share:.0%} of words", share)
