"""Transliteration-aware name keys: one function used when the index is built and when it is searched.

Arabic place names reach English text in many spellings (Deir e-Zor / Deir ez-Zor / Dayr az
Zawr; al-Bukamal / Albu Kamal / Abu Kamal / Ālbū Kamāl; Mayadeen / al-Mayadin / Al Mayādīn).
:func:`name_keys` folds them onto the same keys with rules an analyst can read:

1. Unicode: NFKD, combining marks dropped (ā -> a, ḩ -> h), a few letters without a
   decomposition mapped by hand (ı, ł, ø, æ, ß, đ, þ).
2. Case and marks: lower-case; apostrophes and the ayn/hamza marks (' ’ ‘ ʿ ʾ ` ´) dropped.
3. Separators: hyphens, dashes, dots, commas and slashes become spaces.
4. Arabic article: the tokens al, el, il, ul, ad, ed, ar, er, as, es, ash, esh, at, et, az, ez,
   an, en and the clipped a, e ("Deir e-Zor", "Jabhat a-Nusra") are one article; the *full* key
   keeps it as "al", the *bare* key drops it. "albu" and "abu" (and "al bu") become "bu", so
   Albu Kamal, Abu Kamal and al-Bukamal meet.
5. Spelling folds, per token: a final h after a vowel goes (Raqqah -> Raqqa); ph -> f, kh -> h,
   dh -> z, th -> t, gh -> g, q -> k; ee -> i, oo/ou/aw/o -> u, e -> a, y -> i (Deir/Dayr ->
   dair, Mayadeen/Mayadin -> maiadin, Zor/Zawr -> zur); doubled letters collapse (Raqqa -> raka).
6. Tokens are then joined without spaces, so "Al Qaryatayn" and "Alqaryatayn" meet too.

A key is deliberately lossy; the lookup scores how close the matched name is to what was
written (see :func:`surface`), so a fold never outranks an exact spelling.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: bump when a rule changes: an index built with other keys is rebuilt
KEY_VERSION = 1

ARTICLES: frozenset[str] = frozenset(
    {"al", "el", "il", "ul", "ad", "ed", "ar", "er", "as", "es", "ash", "esh", "at", "et", "az", "ez", "an", "en"}
)
#: clipped articles: only articles when something follows them
CLIPPED_ARTICLES: frozenset[str] = frozenset({"a", "e"})

_SPECIAL = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "ة": "ه",
        "ى": "ي",  # Arabic ta marbuta and alif maqsura, spelled both ways in GeoNames
    }
)
_MARKS = re.compile(r"['’‘ʿʾʼʻ`´\u02bf\u02be]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_./,;:()\[\]\"“”«»!?&+]+")
_FOLDS: tuple[tuple[str, str], ...] = (
    ("ph", "f"),
    ("kh", "h"),
    ("dh", "z"),
    ("th", "t"),
    ("gh", "g"),
    ("q", "k"),
    ("ee", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("aw", "u"),
    ("o", "u"),
    ("e", "a"),
    ("y", "i"),
)
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=500_000)
def surface(name: str) -> str:
    """Light normalisation: no diacritics, no marks, lower-case, single spaces (steps 1-3)."""
    text = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _MARKS.sub("", text.lower().translate(_SPECIAL))
    return " ".join(_SEPARATORS.split(text)).strip()


def _fold(token: str) -> str:
    if len(token) > 2 and token.endswith("h") and token[-2] in _VOWELS:
        token = token[:-1]
    for old, new in _FOLDS:
        token = token.replace(old, new)
    return _DOUBLE.sub(r"\1", token)


def tokens(name: str) -> list[str]:
    """The surface tokens of a name, with the article unified to "al" and Abu/Albu to "bu"."""
    raw = surface(name).split()
    out: list[str] = []
    for i, tok in enumerate(raw):
        following = i + 1 < len(raw)
        if following and (tok in ARTICLES or tok in CLIPPED_ARTICLES):
            if raw[i + 1] != "bu":  # "al bu kamal" -> "bu kamal"
                out.append("al")
        elif len(tok) > 3 and tok.startswith("ال"):  # Arabic article written joined
            out.extend(("al", tok[2:]))
        elif tok in ("abu", "albu", "abou", "abo", "alabu"):
            out.append("bu")
        else:
            out.append(tok)
    return out


@lru_cache(maxsize=200_000)
def name_keys(name: str) -> tuple[str, str]:
    """``(full, bare)`` keys of a name: with the article (as "al") and without it.

    Both are "" for a name with no letters or digits. A name that is only an article
    keeps it in the bare key, so "Al" never gets an empty key.
    """
    toks = tokens(name)
    if not toks:
        return "", ""
    full = "".join(_fold(t) for t in toks)
    bare_toks = [t for t in toks if t != "al"] or toks
    bare = "".join(_fold(t) for t in bare_toks)
    return full, bare


def name_key(name: str) -> str:
    """The full key of a name (see :func:`name_keys`)."""
    return name_keys(name)[0]


#: words that follow a province's name in some spellings ("Idlib Governorate") and say nothing of which one it is
_PROVINCE_WORDS = re.compile(r"\b(?:governorate|governate|province|muhafazat|mohafazat)\b")
#: transliterations of one Arabic letter, folded before the vowels go ("Thi-Qar" and "Dhi Qar", "Kerbala" and "Karbala")
_PROVINCE_LETTERS = (("dh", "z"), ("th", "t"), ("kh", "k"), ("sh", "s"), ("q", "k"))


def province_key(name: str) -> str:
    """A key under which the spellings of one first-level division agree ("Idleb" and "Idlib", "Deir-ez-Zor" and
    "Dayr az Zawr", "Sala al-Din" and "Salah ad Din", "Thi-Qar" and "Dhi Qar"): the name in ASCII without its
    article and province word, one letter for each transliterated Arabic one, its first letter and then its
    consonants but h, w and y, doubled letters once. Loose on purpose: it compares the few provinces of one
    country, never names at large."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = _PROVINCE_WORDS.sub(" ", s).strip()
    s = re.sub(r"^(?:al|ar|as|ad|an|ash|at|az|el|es|ez)[\s-]+", "", s)
    s = re.sub(r"[^a-z]", "", s)
    for digraph, letter in _PROVINCE_LETTERS:
        s = s.replace(digraph, letter)
    s = s[:1] + re.sub(r"[aeiouyhw]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", s)


_LATIN_OR_ARABIC = re.compile(
    r"^[\s\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0600-\u06FF\u0750-\u077F\u02B0-\u02FF\u0300-\u036F]*$"
)


def indexable(name: str) -> bool:
    """True for names in Latin or Arabic script: the ones English reports (and Arabic sources) use.

    GeoNames alternate names in other scripts (Cyrillic, CJK, ...) are left out of the
    embedded index to keep it small; full country dumps loaded as layers keep them.
    """
    return bool(name) and bool(_LATIN_OR_ARABIC.match(name))
