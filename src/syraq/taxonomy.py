"""ACLED's event taxonomy: 6 event types, 25 sub-types, in ACLED's priority order.

This is ACLED's published structure, not a tunable rule set: the codebook data file
(``data/codebook/``) says which words and patterns lead to each sub-type; this module
says what the sub-types are, which type and disorder type each belongs to, and which
wins when one happening fits several.
"""

from __future__ import annotations

#: event_type -> (disorder_type, sub-types highest priority first); types in ACLED's order
TAXONOMY: dict[str, tuple[str, tuple[str, ...]]] = {
    "Battles": (
        "Political violence",
        ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
    ),
    "Protests": (
        "Demonstrations",
        ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    ),
    "Riots": ("Demonstrations", ("Violent demonstration", "Mob violence")),
    "Explosions/Remote violence": (
        "Political violence",
        (
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ),
    ),
    "Violence against civilians": (
        "Political violence",
        ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    ),
    "Strategic developments": (
        "Strategic developments",
        (
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ),
    ),
}

EVENT_TYPES: tuple[str, ...] = tuple(TAXONOMY)
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for _, subs in TAXONOMY.values() for s in subs)
#: sub-type -> event type
EVENT_TYPE_OF: dict[str, str] = {s: t for t, (_, subs) in TAXONOMY.items() for s in subs}
#: sub-type -> rank (0 is the highest priority overall)
PRIORITY: dict[str, int] = {s: i for i, s in enumerate(SUB_EVENT_TYPES)}
TERRITORIAL: frozenset[str] = frozenset(
    {"Government regains territory", "Non-state actor overtakes territory", "Non-violent transfer of territory"}
)


def _canonical(name: str, choices: tuple[str, ...]) -> str | None:
    folded = name.strip().casefold()
    return next((c for c in choices if c.casefold() == folded), None)


def is_event_type(name: str) -> bool:
    return _canonical(name, EVENT_TYPES) is not None


def canonical_event_type(name: str) -> str | None:
    return _canonical(name, EVENT_TYPES)


def canonical_sub_event_type(name: str) -> str | None:
    return _canonical(name, SUB_EVENT_TYPES)


def disorder_type(event_type: str) -> str:
    return TAXONOMY[event_type][0] if event_type in TAXONOMY else ""
