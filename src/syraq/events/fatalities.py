"""Fatalities as ACLED counts them: killed only, the lowest figure, vague words per the codebook.

Works on a parsed spaCy sentence. Each word that reports deaths ("killed", "dead", "died",
"death toll") is followed to its victims through the parse ("two fighters were killed",
"killing 5 civilians", "at least 12 dead", "killed a civilian"); injuries are never counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .codebook import Codebook

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "a dozen": 12,
}
_SCALES = {"hundred": 100, "thousand": 1000}
_NO_DEATHS = ("no ", "none ", "nobody", "no one", "without ", "neither ", "nor ")
#: death nouns that report a figure only with a number ("no fatalities", "deaths were reported": nothing counted)
_NEEDS_FIGURE = frozenset({"killing", "killings", "fatality", "fatalities", "death", "deaths", "toll", "life", "lives", "casualty", "casualties"})
#: a death noun owned by one person ("which led to his death"): one killed
_ONE_OWNER = frozenset({"his", "her"})
#: a coder's or reporter's stated figure: "an unknown number of fatalities, coded as 10"
_STATED = re.compile(
    r"\b(?:coded|estimated|put)\s+(?:as|to|at)\s+(?:(an?\s+additional|another|a\s+further)\s+)?(\d[\d,]*)\b", re.IGNORECASE
)


def parse_number(text: str) -> int | None:
    """``"12"``, ``"1,200"``, ``"two"``, ``"twenty-five"``, ``"a dozen"``, ``"three hundred"`` -> int; else None."""
    t = text.casefold().strip()
    digits = t.replace(",", "")
    if re.fullmatch(r"\d+", digits):
        return int(digits)
    if t in _UNITS:
        return _UNITS[t]
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", t):
        if word in ("and", "a"):
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            seen = True
        else:
            return None
    return total + current if seen else None


@dataclass(frozen=True, slots=True)
class FatalityCount:
    """A count of the killed found in a sentence: the figure, its character span, and the death word's token index."""

    count: int
    start: int
    end: int
    token_i: int
    #: the report's own stated figure ("unknown fatalities, coded as 10"): it replaces, not adds to, other counts
    stated: bool = False


def _is_death_word(tok: Any, codebook: Codebook) -> bool:
    return tok.lemma_.casefold() in codebook.death_words or tok.lower_ in codebook.death_words


def _alternative_of(tok: Any, codebook: Codebook) -> Any | None:
    """The earlier figure a numeral is the higher alternative of ("4, possibly 5", "145-150", "3 or 4"), else None."""
    if not tok.like_num or not codebook.alternative_words:
        return None
    j, linked = tok.i - 1, False
    while j >= tok.sent.start and tok.i - j <= 3:
        word = tok.doc[j].lower_
        if word == ",":
            j -= 1
            continue
        if word in codebook.alternative_words:
            linked = True
            j -= 1
            continue
        break
    if linked and j >= tok.sent.start and tok.doc[j].like_num and parse_number(tok.doc[j].text) is not None:
        return tok.doc[j]
    return None


def _number_of(tok: Any, codebook: Codebook) -> tuple[int, Any] | None:
    """The count a victim noun phrase gives: a numeral (lowest of a range), a vague word, or None."""
    if tok.like_num:
        value = parse_number(tok.text)
        if value is not None:
            low = _alternative_of(tok, codebook)
            if low is not None:
                return min(value, parse_number(low.text) or value), low
            return value, tok
    vague = codebook.vague_numbers
    if tok.lower_ in vague:
        return vague[tok.lower_], tok
    numbers: list[tuple[int, Any]] = []
    for child in tok.children:
        if child.dep_ in ("nummod", "quantmod", "amod", "det", "compound", "advmod") and child.i < tok.i:
            phrase = " ".join(t.text for t in child.subtree)
            for t in child.subtree:
                if t.like_num and not _in_subset(t, tok, codebook) and (v := parse_number(t.text)) is not None:
                    numbers.append((v, t))
            if not numbers:
                key = child.lower_
                if key in vague:
                    numbers.append((vague[key], child))
                elif (v := parse_number(phrase)) is not None:
                    numbers.append((v, child))
    # "dozens of civilians", "a number of fighters": the quantity is the head
    if tok.lower_ in vague:
        numbers.append((vague[tok.lower_], tok))
    if numbers:
        return min(numbers, key=lambda p: p[0])
    return None


def _subset_prep(node: Any, codebook: Codebook) -> bool:
    """ "including", "among": a phrase hanging from it counts a part of victims already counted (the codebook's
    [fatalities] subset_words)."""
    return node.dep_ == "prep" and node.lower_ in codebook.subset_words


def _in_subset(tok: Any, top: Any, codebook: Codebook) -> bool:
    """The figure counts a part of the victims ("7 fighters, including 3 commanders"): it hangs, below ``top``,
    from "including" or "among"."""
    node = tok
    while node.i != top.i and node.head.i != node.i:
        if _subset_prep(node, codebook):
            return True
        node = node.head
    return False


def _victims(tok: Any, codebook: Codebook) -> list[Any]:
    """The victim noun(s) of a death word."""
    out: list[Any] = []
    lemma = tok.lemma_.casefold()
    children = list(tok.children)
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        passive = [c for c in children if c.dep_ in ("nsubjpass",)]
        if not passive and tok.dep_ == "conj" and tok.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in children):
            passive = [c for c in tok.head.children if c.dep_ == "nsubjpass"]  # "a man was shot and killed"
        if not passive and tok.dep_ in ("xcomp", "oprd") and tok.tag_ == "VBN" and not any(
            c.dep_ in ("nsubj", "dobj", "obj") for c in children
        ):
            passive = [c for c in tok.head.children if c.dep_ == "nsubjpass"]  # "7 fighters were confirmed killed"
        if passive:
            out = passive
        elif lemma in ("die", "succumb") or tok.lower_ in ("died", "dies", "dying"):  # "a child succumbed to wounds"
            out = [c for c in children if c.dep_ == "nsubj"]
        else:
            out = [c for c in children if c.dep_ in ("dobj", "obj")]
            if out:
                # "killing a woman, a child, and at least one other civilian": the list the parser split between
                # an apposition of the object and a conjunct of the verb
                first = out[0]
                out += [c for c in first.children if c.dep_ == "appos" and _listed_single(c) and _listed_single(first)]
                if _listed_single(first):
                    out += [c for c in children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > first.i]
            if not out and tok.dep_ in ("acl", "relcl", "amod") and tok.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
                out = [tok.head]  # "civilians killed in the strike"
            if not out and tok.dep_ in ("acomp", "oprd"):
                siblings = list(tok.head.children)
                out = [c for c in siblings if c.dep_ == "dobj"] or [c for c in siblings if c.dep_ == "nsubj"]
            if not out:  # "killing between 3 and 5 civilians": the parser lost the object; take the next figure
                for t in tok.doc[tok.i + 1 : min(tok.sent.end, tok.i + 6)]:
                    if t.is_punct or t.pos_ == "VERB":
                        break
                    if t.like_num and parse_number(t.text) is not None:
                        out = [t]
                        break
    else:  # dead, deaths, fatalities, bodies, toll
        nums = [c for c in children if c.dep_ in ("nummod", "quantmod") or c.like_num]
        objects = [c for c in children if c.dep_ in ("dobj", "obj")]  # "..., and killing 3 people" read as a noun
        of_victims = [g for c in children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        if nums:
            out = [tok]
        elif objects:
            out = objects
        elif of_victims and tok.lemma_.casefold() in ("death", "killing", "kill", "execution", "murder", "body"):
            out = of_victims  # "the death of a man", "the killing of 5 fighters"
        elif tok.dep_ in ("acomp", "oprd", "amod", "xcomp", "ccomp"):  # "12 people were dead", "left 12 dead"
            head = tok.head
            siblings = [c for c in head.children if c is not tok]
            out = ([c for c in siblings if c.dep_ == "dobj"] or [c for c in siblings if c.dep_ in ("nsubj", "nsubjpass")]
                   or [head])
        elif tok.dep_ in ("nsubj", "nsubjpass"):  # "the death toll rose to 15"
            out = [t for t in tok.head.subtree if t.like_num and t.i > tok.i][:1]
        else:
            out = [tok]
    # coordinated victims: "killing 2 civilians and 3 fighters"
    expanded: list[Any] = []
    for v in out:
        expanded.append(v)
        # "between 3 and 5": a range of figures is one count (its lowest), not two groups of victims
        # "the killing of 4 civilians and the injury of several others": the hurt are not victims
        expanded.extend(
            c
            for c in v.conjuncts
            if c.i > v.i
            and not (v.like_num and c.like_num)
            and not _hurt_or_dead_word(c, codebook)
            and not _shared_figure(v, c)
        )
    return expanded


def _shared_figure(first: Any, other: Any) -> bool:
    """ "7 regime and allied militia fighters": a figure of several on a singular first item, the plural second
    item without its own: one group the parser split at "and"."""
    plural_figure = any(
        ch.dep_ == "nummod" and (parse_number(ch.text) or 0) > 1 for ch in first.children
    )
    return (
        first.tag_ == "NN"
        and plural_figure
        and other.tag_ == "NNS"
        and not any(ch.dep_ in ("nummod", "quantmod") for ch in other.children)
    )


def _listed_single(tok: Any) -> bool:
    """ "a woman", "a child": one person named with an indefinite article, an item of a list of victims."""
    return tok.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children)


def _hurt_or_dead_word(tok: Any, codebook: Codebook) -> bool:
    """A noun that names the harm itself ("the injury of others", "the death of"), never a victim."""
    words = {tok.lower_, tok.lemma_.casefold()}
    return bool(words & set(codebook.injury_words)) or _is_death_word(tok, codebook)


def _not_this_event(tok: Any, codebook: Codebook) -> bool:
    """A death word that is no death of the event: the reason given for it ("executed on charges of killing
    fighters"), a part of victims counted already ("7 were killed, including 3 that were killed by ..."), the
    subject of a split ("fatalities spread over the three events")."""
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj") and (
        head.lemma_.casefold() in codebook.split_verbs or head.lower_ in codebook.split_verbs
    ):
        return True
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            break
        parent = node.head
        if _subset_prep(parent, codebook):
            return True
        node = parent
    return is_reason(tok, codebook)


def is_reason(tok: Any, codebook: Codebook) -> bool:
    """The word sits in the reason given for a deed ("executed on charges of killing fighters", "a skirmish
    over accusations over the assassination of a leader"): it tells of another happening, not this one."""
    node = tok
    for _ in range(4):
        if node.head.i == node.i:
            return False
        parent = node.head
        if parent.dep_ == "prep" and parent.lower_ in ("of", "for", "over") and (
            parent.head.lower_ in codebook.reason_heads or parent.head.lemma_.casefold() in codebook.reason_heads
        ):
            return True
        node = parent
    return False


def count_fatalities(sent: Any, codebook: Codebook) -> list[FatalityCount]:
    """Every count of the killed in a parsed sentence (a spaCy Span), one per death word."""
    out: list[FatalityCount] = []
    used: set[int] = set()
    text_lower = sent.text.casefold()
    stated = _STATED.search(sent.text)
    if stated is not None and any(_is_death_word(t, codebook) for t in sent):
        figure = stated.group(2)
        start = sent.start_char + stated.start(2)
        tok = sent.doc.char_span(start, start + len(figure), alignment_mode="expand")
        count = FatalityCount(int(figure.replace(",", "")), start, start + len(figure),
                              tok.root.i if tok is not None else sent.root.i, stated=stated.group(1) is None)
        if count.stated:
            return [count]  # the report states the figure to use: it replaces whatever else the sentence counts
        # "16 soldiers were killed in addition to unknown fighter fatalities, coded as an additional 10": both
        out.append(count)
        used.add(count.token_i)
    owned: list[FatalityCount] = []
    for tok in sent:
        if not _is_death_word(tok, codebook):
            continue
        # "no one was killed", "no fatalities", "no deaths were reported"
        left = " ".join(t.lower_ for t in sent.doc[max(sent.start, tok.i - 3) : tok.i]) + " "
        if any(cue in left for cue in _NO_DEATHS) or any(c.dep_ == "neg" for c in tok.children):
            continue
        if tok.lemma_.casefold() == "life" and "lost" not in text_lower and "lose" not in text_lower:
            continue
        if _not_this_event(tok, codebook):
            continue
        total = 0
        span_start, span_end = tok.idx, tok.idx + len(tok.text)
        found = False
        bare: Any = None  # a figure standing alone ("killing 7, possibly 8, civilians"): the nouns after it are its own
        for victim in _victims(tok, codebook):
            if victim.i in used:
                continue
            alt = _alternative_of(victim, codebook)
            if alt is not None and alt.i in used:
                bare = victim
                continue  # "4, possibly 5": the higher alternative of a figure already counted
            number = _number_of(victim, codebook)
            if number is None and bare is not None and 0 < victim.i - bare.i <= 6 and victim.pos_ in ("NOUN", "PROPN"):
                used.add(victim.i)
                continue  # the noun the lone figure counts, not a further group of victims
            if number is not None:
                value, num_tok = number
                if victim.like_num:
                    bare = victim
                span_start = min(span_start, num_tok.idx)
                span_end = max(span_end, num_tok.idx + len(num_tok.text))
            elif victim is tok and any(c.dep_ == "poss" and c.lower_ in _ONE_OWNER for c in tok.children):
                # "which led to his death": one killed, unless the sentence counts him already ("a man was found
                # dead ... the reasons of his death")
                owned.append(FatalityCount(codebook.unspecified_singular, tok.idx, tok.idx + len(tok.text), tok.i))
                continue
            elif victim is tok and (tok.lower_ in _NEEDS_FIGURE or tok.lemma_.casefold() in _NEEDS_FIGURE):
                continue  # "fatalities were reported", "deaths": no figure, nothing counted
            elif victim.tag_ in ("NNS", "NNPS"):
                value = codebook.unspecified_plural
            elif victim.pos_ in ("NOUN", "PROPN"):
                value = codebook.unspecified_singular
            else:
                continue
            used.add(victim.i)
            total += value
            found = True
        if found:
            out.append(FatalityCount(total, span_start, span_end, tok.i))
    return out or owned[:1]


@dataclass(frozen=True, slots=True)
class FatalitySplit:
    """A report's statement that its total is spread over several events (see ``[fatalities.split]``)."""

    #: how many events or places share the total (0: the report does not say)
    parts: int = 0
    #: the figure each one gets ("split, 5 each")
    each: int | None = None
    #: the places the total is spread over, in the report's order ("between A, B and C")
    listed: tuple[str, ...] = ()
    #: figures the report allocates by name: (text naming the places, figure)
    allocations: tuple[tuple[str, int], ...] = ()
    #: the total the report states in the same sentence ("the total 26 fatalities are split ...")
    total: int | None = None
    #: the report spreads it "across (the) events" without saying how many: as many as it codes
    over_events: bool = False

    def share(self, total: int, names: list[str], events: int = 0, order: int | None = None) -> int | None:
        """The fatalities of one event at a place called one of ``names``, out of the report's ``total`` (its own
        stated total wins), among ``events`` coded events; None when the report does not say how to split.
        ``order`` is the event's rank among the report's events (0: told first): when the report lists no places,
        the remainder of an uneven split goes to the events told first (ACLED: "the remainder on the first")."""
        total = self.total if self.total is not None else total
        keys = [n.casefold() for n in names if n and len(n) > 2]
        for segment, figure in self.allocations:
            low = segment.casefold()
            if any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", low) for k in keys):
                return figure
        if self.each is not None:
            return self.each
        parts = self.parts or (events if self.over_events else 0)
        if parts <= 1:
            return None
        base, rest = divmod(total, parts)
        position = next(
            (i for i, item in enumerate(self.listed) if any(k in item.casefold() or item.casefold() in k for k in keys)),
            # the report's order of events stands for its places only when it names none and all are coded
            None if self.listed or self.allocations or events < parts else order,
        )
        return base + (1 if position is not None and position < rest else 0)


_SENTENCE = re.compile(r"[^.!?]*(?:[.!?](?=\s|$)|$)")
_NUMBER_WORD = r"(\d[\d,]*|[a-z]+(?:-[a-z]+)?)"


def _listed(tail: str) -> tuple[str, ...]:
    """ "Raju, Qorna, Sheikh Khoraz, and Obudan" -> its items."""
    tail = re.split(r",?\s+with\s+|[;:]", tail, maxsplit=1)[0].strip().rstrip(".")
    items = [re.sub(r"^(?:in|at|on|near|the)\s+", "", i.strip()) for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", tail)]
    # "... and in Harasta and its surroundings": only named places count
    items = [i for i in items if i and not re.match(r"(?:its|their|other|nearby|surrounding)\b", i)]
    return tuple(items) if len(items) >= 2 else ()


def find_split(text: str, codebook: Codebook) -> FatalitySplit | None:
    """The report's rule for spreading its fatalities over several events, if it states one."""
    if not codebook.split_verbs:
        return None
    verbs = "|".join(re.escape(v) for v in codebook.split_verbs)
    units = "|".join(re.escape(u) for u in codebook.split_units) or r"(?!x)x"
    preps = r"(?:between|among|amongst|across|over|into)"
    parts, each, total, over_events = 0, None, None, False
    listed: tuple[str, ...] = ()
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        verb = re.search(rf"\b(?:{verbs})\b", sentence, re.IGNORECASE)
        # the verb must spread a figure ("fatalities ... split", "distributed fatalities"), not a town
        window = sentence[max(0, verb.start() - 80) : verb.end() + 15] if verb is not None else ""
        if verb is None or not re.search(r"fatalit|deaths|casualt|coded|toll|killed", window, re.IGNORECASE):
            continue
        clause = sentence[verb.end() :]
        stated = re.search(r"\b(?:coded|estimated)\s+(?:as|to|at)\s+(\d[\d,]*)\b", sentence, re.IGNORECASE) or re.search(
            r"\b(\d[\d,]*)\s+(?:total\s+|additional\s+|combined\s+)?(?:\w+\s+)?fatalit", sentence[: verb.start()], re.IGNORECASE
        )
        if stated is not None:
            total = parse_number(stated.group(1))
        alloc = "|".join(re.escape(w) for w in codebook.allocation_words) or r"(?!x)x"
        # "split, 5 each, between": a figure for each ("A and B allocated 7 each" is an allocation by name)
        for e in re.finditer(rf"\b{_NUMBER_WORD}\s+each\b", clause, re.IGNORECASE):
            if not re.search(rf"\b(?:{alloc})\s*$", clause[: e.start()], re.IGNORECASE):
                each = parse_number(e.group(1))
                break
        if (n := re.search(rf"\b{preps}\s+(?:the\s+)?{_NUMBER_WORD}\s+(?:{units})\b", clause, re.IGNORECASE)):
            parts = 2 if n.group(1).lower() == "both" else (parse_number(n.group(1)) or 0)
        elif re.search(rf"\b{preps}\s+(?:the\s+)?(?:{units})\b", clause, re.IGNORECASE):
            over_events = True
        where = re.search(rf"\b{preps}\s+(?:the\s+)?(?:(?:{units})\s+(?:in|at|of)\s+)?", clause, re.IGNORECASE)
        if where is not None and not parts:
            listed = _listed(clause[where.end() :])
            parts = len(listed)
        if parts or each is not None or over_events:
            break
    allocations = _allocations(text, codebook)
    if not parts and each is None and not allocations and not over_events:
        return None
    return FatalitySplit(parts, each, listed, allocations, total, over_events)


def _allocations(text: str, codebook: Codebook) -> tuple[tuple[str, int], ...]:
    """ "with A allocated 4 and B and C each allocated 3"; "2 fatalities allocated to A and 1 to B"."""
    if not codebook.allocation_words:
        return ()
    words = "|".join(re.escape(w) for w in codebook.allocation_words)
    out: list[tuple[str, int]] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        start = 0
        for a in re.finditer(rf"\b(?:{words})\s+(?:to\s+)?", sentence, re.IGNORECASE):
            after = sentence[a.end() :]
            if a.group(0).lower().rstrip().endswith(" to"):
                # "2 fatalities allocated to A and 1 to B": figures before, names after
                before = re.search(r"(\d[\d,]*)\s+(?:\w+\s+)?$", sentence[: a.start()]) or re.search(
                    rf"{_NUMBER_WORD}\s+(?:\w+\s+)?$", sentence[: a.start()], re.IGNORECASE
                )
                first = parse_number(before.group(1)) if before else None
                chunks = re.split(rf"\s+and\s+{_NUMBER_WORD}\s+(?:\w+\s+)?to\s+", after.rstrip(". "), flags=re.IGNORECASE)
                if first is not None:
                    out.append((chunks[0], first))
                for k in range(1, len(chunks) - 1, 2):
                    figure = parse_number(chunks[k])
                    if figure is not None:
                        out.append((chunks[k + 1], figure))
                start = len(sentence)
                continue
            figure_m = re.match(rf"{_NUMBER_WORD}\b", after)
            figure = parse_number(figure_m.group(1)) if figure_m else None
            segment = sentence[start : a.start()]
            segment = re.split(r"\bwith\b", segment)[-1]
            if figure is not None:
                out.append((segment, figure))
            start = a.end() + (figure_m.end() if figure_m else 0)
    return tuple(out)
