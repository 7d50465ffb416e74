"""Modality and negation: which triggers report a fact, and which a forecast, threat or hypothesis.

A trigger is read with the words that govern it: its own auxiliaries ("could reclaim",
"will attack"), the verbs above it up to the sentence root ("plans to attack", "I would say
that ..."), and subordinating "if"/"unless". The cue lists live in the codebook's
``[modality]`` and ``[negation]`` tables.
"""

from __future__ import annotations

from typing import Any

from .codebook import Codebook

#: verbs that report what happened; a cue above them does not make their content hypothetical
REPORTING = frozenset({"say", "announce", "report", "state", "confirm", "tell", "add", "claim", "document", "reveal"})
#: verbs whose infinitive complement did happen ("managed to capture", "began to shell")
FACTIVE = frozenset(
    {"manage", "begin", "start", "continue", "resume", "succeed", "go", "proceed", "launch", "advance", "able", "move", "push",
     "claim"}
)

#: participles used as prepositions ("likely following clashes"): a hedge before them qualifies their phrase
PARTICIPLE_PREPOSITIONS = frozenset({"following", "including", "concerning", "regarding", "targeting"})


def _cue_kind(words: str, codebook: Codebook) -> str | None:
    for kind, cues in codebook.modality.items():
        if words in cues:
            return kind
    return None


def _path(tok: Any) -> list[Any]:
    """The trigger and the tokens above it up to its sentence's root."""
    path = [tok]
    while path[-1].head.i != path[-1].i and len(path) < 40:  # spaCy makes a new Token per access: compare indexes
        path.append(path[-1].head)
    return path


def _hedges_a_phrase(cue: Any) -> bool:
    """A hedge adverb right before a prepositional phrase ("..., likely in the Bukamal area", "possibly by
    IS", "..., likely following clashes with X") qualifies that phrase (where, by whom, after what), not whether
    the event happened."""
    nxt = cue.i + 1
    if cue.dep_ != "advmod" or nxt >= len(cue.doc) or cue.doc[nxt].lower_ == "to":
        return False
    nxt_tok = cue.doc[nxt]
    # "following" is tagged a verb and parsed a preposition or an adverbial clause
    return nxt_tok.pos_ == "ADP" or nxt_tok.dep_ == "prep" or nxt_tok.lower_ in PARTICIPLE_PREPOSITIONS


def _hedges_its_infinitive(cue: Any, below: Any) -> bool:
    """A belief verb with its own infinitive ("Warplanes believed to belong to the Coalition struck X", parsed with
    "believed" as the root and "struck" as its clausal complement; "fired 6 missiles, believed to be
    ground-to-ground, on Arbin as clashes took place", with "as clashes took place" hung from "believed") hedges what
    the infinitive says (whose the warplanes were, what the missiles were), not the verb the parser hung beside it."""
    return below.dep_ in ("ccomp", "advcl") and any(
        c.dep_ == "xcomp" and c.i != below.i and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)
        for c in cue.children
    )


def modality(tok: Any, codebook: Codebook) -> tuple[str, Any] | None:
    """(kind, cue token) when the trigger ``tok`` is not reported as fact, else None."""
    path = _path(tok)
    for depth, node in enumerate(path):
        if depth > 0 and node.lemma_.casefold() in REPORTING and node.tag_ in ("VBD", "VBN"):
            return None  # "state media announced that ..." reports a fact
        for child in node.children:
            if child.dep_ in ("aux", "auxpass", "mark", "advmod", "neg", "prep") or child.tag_ == "MD":
                key = child.lower_
                kind = _cue_kind(key, codebook)
                if kind is None and child.i + 1 < len(child.doc):
                    kind = _cue_kind(f"{key} {child.doc[child.i + 1].lower_}", codebook)
                if kind is not None and (child.dep_ != "prep" or key in ("if", "unless")) and not _hedges_a_phrase(child):
                    return kind, child
        # a verb coordinated with the trigger does not govern it: "Warplanes, believed to be Coalition, carried
        # out strikes" (a parse that makes "believed" the root and "carried" its conjunct)
        if depth > 0 and path[depth - 1].dep_ != "conj" and not _hedges_its_infinitive(node, path[depth - 1]):
            lemma = node.lemma_.casefold()
            kind = _cue_kind(lemma, codebook) or _cue_kind(node.lower_, codebook)
            if kind is not None and node.pos_ in ("VERB", "ADJ", "AUX"):
                return kind, node
            # two-word cues ending at this token ("would say", "going to")
            if node.i > 0:
                prev = node.doc[node.i - 1].lower_
                kind = _cue_kind(f"{prev} {node.lower_}", codebook)
                if kind is not None:
                    return kind, node
    return None


def is_negated(tok: Any, codebook: Codebook) -> bool:
    """True when the trigger is negated ("did not capture", "no clashes", "failed to capture")."""
    cues = set(codebook.negation)
    node = tok
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("neg", "det", "preconj") and child.lower_ in cues:
                return True
        if node.lemma_.casefold() in cues and node is not tok:
            return True
        if node.dep_ in ("xcomp", "aux", "pcomp") or (node.dep_ in ("dobj", "pobj", "nsubj") and node is tok):
            node = node.head
            continue
        break
    return False


def is_irrealis_infinitive(tok: Any) -> bool:
    """An infinitive of purpose or intent ("gone to fight", "trying to operate"): not a reported fact."""
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children):
        return False
    if tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.casefold() == "have" for c in tok.children):
        return False  # a perfect infinitive tells a past deed: "claimed to have destroyed", "said to have captured"
    head = tok.head
    return not (head.i != tok.i and head.lemma_.casefold() in FACTIVE)
