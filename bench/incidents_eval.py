"""Measure incident grouping on human-coded events: ACLED and UCDP GED, Syria, January-February 2018.

Reads ../shared/data/events in place (never copies it). Each ACLED row and each UCDP row
becomes an Event (actors mapped onto our actor dictionary with the small table below,
coordinates and precisions from the rows); all are grouped with
:func:`syraq.analysis.incidents.group_incidents`. Printed as JSON:

* cross-source links: incidents holding both an ACLED and a UCDP event;
* same-dataset merges: two ACLED rows (or two UCDP rows) in one incident. Each dataset codes
  a happening once, so every such merge joins two different happenings: a false-merge count
  measured on every row, no hand work;
* hand-checked samples (fixed seed): ACLED-UCDP pairs put together (are they one happening?)
  and UCDP events with their nearby ACLED candidates (is the same happening grouped?), judged
  by reading the ACLED note next to the UCDP headline. Judgements (ids and yes/no only) are
  kept in bench/incidents_judgments.tsv; ``--show`` prints the sample to judge.

    python bench/incidents_eval.py [--data ../shared/data] [--show merged|recall] [--n 20]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from syraq.analysis.incidents import _km, group_incidents, load_rules
from syraq.model import Event, Place, PlaceMention, Span

HERE = Path(__file__).resolve().parent
JUDGMENTS = HERE / "incidents_judgments.tsv"
START, END = date(2018, 1, 1), date(2018, 2, 28)

#: old ACLED event types (the file's taxonomy) -> (event_type, sub_event_type)
ACLED_TYPES = {
    "Battle-Government regains territory": ("Battles", "Government regains territory"),
    "Battle-Non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "Battle-No change of territory": ("Battles", "Armed clash"),
    "Remote violence": ("Explosions/Remote violence", ""),
    "Violence against civilians": ("Violence against civilians", ""),
    "Riots/Protests": ("Protests", ""),
    "Non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "Headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "Strategic development": ("Strategic developments", ""),
}
#: UCDP type_of_violence -> event type (state-based and non-state fighting are battles to ACLED
#: when both sides fight; remote violence is made compatible by the rules' families)
UCDP_TYPES = {"1": "Battles", "2": "Battles", "3": "Violence against civilians"}

#: actor names of both datasets -> our actor dictionary's canonical names (unlisted names pass unchanged)
REBELS = "Opposition Rebels (Syria)"
ACTOR_MAP = {
    # UCDP
    "Government of Syria": "Military Forces of Syria (2000-)",
    "Government of Russia (Soviet Union)": "Military Forces of Russia",
    "Government of Turkey": "Military Forces of Turkey (2016-)",
    "Government of Israel": "Military Forces of Israel (2009-)",
    "Government of Iran": "Military Forces of Iran (1989-)",
    "IS": "Islamic State (Syria)",
    "SDF": "QSD: Syrian Democratic Forces",
    "HTS": "HTS: Hayat Tahrir al-Sham",
    "Civilians": "Civilians (Syria)",
    "Syrian insurgents": REBELS,
    "SNA": "Operation Olive Branch",  # the Turkish-backed Syrian National Army fought in Olive Branch
    "23rd Division": "Operation Olive Branch",
    "Sham Legion": REBELS,
    "Jaysh al-Nukhba": REBELS,
    "Jaysh al Nasr": REBELS,
    "Ahrar al-Sham": REBELS,
    "Nour al-Din al-Zenki": REBELS,
    "Syrian Liberation Front": REBELS,
    "Suqour al-Sham Brigades": REBELS,
    "Southern Front": REBELS,
    "Jaysh al-Islam": REBELS,
    "Aknaf Bait al-Maqdis": REBELS,
    "National Front for Liberation": REBELS,
    # ACLED
    "Islamist Militia (Syria)": REBELS,
    "AAS: Ahrar al-Sham": REBELS,
    "TIP: Turkistan Islamic Party": REBELS,
    "HNDZ: Nour al-Din al-Zinki Movement": REBELS,
    "JSH: Free Syrian Army": REBELS,
    "Suquor al-Sham": REBELS,
    "JaI: Army of Glory": REBELS,
    "Free Idlib Army": REBELS,
    "JaN: Army of Victory": REBELS,
    "Al-Sham Corps": REBELS,
    "FaR: Al-Rahman Corps": REBELS,
    "Al-Thani Army": REBELS,
    "Jaysh al-Ahrar": REBELS,
    "Jaysh al-Nasr": REBELS,
    "JTS: Syria Liberation Front": REBELS,
    "JWS: Syrian National Army": "Operation Olive Branch",
    "Khalid ibn al-Walid Army": "Islamic State (Syria)",  # IS affiliate in the Yarmouk valley
    "HXP: Self-Defense Forces": "YPG: Peoples Protection Units",
    "HXP: Self-defense Forces": "YPG: Peoples Protection Units",
    "YPJ: Women's Protection Units": "YPG: Peoples Protection Units",
    "QDW: National Defense Forces": "Militia (Pro-Government)",
    "Military Forces of Syria (2000-) Tiger Paramilitary Forces (Qawat al-Nimr)": "Military Forces of Syria (2000-)",
    "Unidentified Military Forces (Syria)": "Unidentified Armed Group (Syria)",
}
#: UCDP where_prec -> ACLED geo_precision (6-7: country or wider: not placed)
UCDP_GEO = {"1": 1, "2": 2, "3": 2, "4": 3, "5": 3}
#: UCDP date_prec -> our precision names
UCDP_DATE = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
ACLED_DATE = {"1": "day", "2": "week", "3": "month"}


def _actors(raw: str, sep: str) -> str:
    names = [ACTOR_MAP.get(n.strip(), n.strip()) for n in raw.split(sep) if n.strip()]
    return "; ".join(dict.fromkeys(names))


def _place(pid: str, name: str, lat: str, lon: str, precision: int) -> PlaceMention:
    return PlaceMention(Span(0, 0, "place"), Place(pid, name, float(lat), float(lon)), 1.0, precision)


def acled_events(path: Path) -> tuple[list[Event], dict[str, str]]:
    events, text = [], {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["country"] != "Syria":
                continue
            day = datetime.strptime(row["event_date"], "%d-%b-%y").date()
            if not START <= day <= END:
                continue
            etype, sub = ACLED_TYPES[row["event_type"]]
            eid = f"acled:{row['data_id']}"
            text[eid] = f"{row['event_date']} {row['location']} [{row['event_type']}] {row['notes']}"
            events.append(
                Event(
                    id=eid,
                    document_id=eid,
                    event_type=etype,
                    sub_event_type=sub,
                    evidence=[Span(0, len(row["notes"]), "sentence")],
                    rule="gold:acled",
                    actor1=_actors(row["actor1"], ";"),
                    assoc_actor_1=_actors(row["assoc_actor_1"], ";"),
                    actor2=_actors(row["actor2"], ";"),
                    assoc_actor_2=_actors(row["assoc_actor_2"], ";"),
                    place=_place(eid, row["location"], row["latitude"], row["longitude"], int(row["geo_precision"])),
                    date_start=day,
                    date_end=day,
                    date_precision=ACLED_DATE.get(row["time_precision"], "month"),
                    fatalities=int(row["fatalities"] or 0),
                )
            )
    return events, text


def ucdp_events(path: Path) -> tuple[list[Event], dict[str, str]]:
    events, text = [], {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            start = date.fromisoformat(row["date_start"])
            if not START <= start <= END or row["where_prec"] not in UCDP_GEO:
                continue
            eid = f"ucdp:{row['id']}"
            text[eid] = f"{row['date_start']}..{row['date_end']} {row['where_coordinates']} " + (
                f"[{row['side_a']} v {row['side_b']}, best {row['best']}] {row['source_headline']}"
            )
            events.append(
                Event(
                    id=eid,
                    document_id=eid,
                    event_type=UCDP_TYPES[row["type_of_violence"]],
                    sub_event_type="",
                    evidence=[Span(0, len(row["source_headline"]), "sentence")],
                    rule="gold:ucdp",
                    actor1=_actors(row["side_a"], ","),
                    actor2=_actors(row["side_b"], ","),
                    place=_place(
                        eid, row["where_coordinates"], row["latitude"], row["longitude"], UCDP_GEO[row["where_prec"]]
                    ),
                    date_start=start,
                    date_end=date.fromisoformat(row["date_end"]),
                    date_precision=UCDP_DATE.get(row["date_prec"], "month"),
                    fatalities=int(row["best"] or 0),
                )
            )
    return events, text


def _judgments() -> dict[tuple[str, str, str], str]:
    if not JUDGMENTS.exists():
        return {}
    out = {}
    for line in JUDGMENTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sample, a, u, verdict = line.split("\t")[:4]
            out[(sample, a, u)] = verdict
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--show", choices=("merged", "recall"), help="print a sample to judge by hand")
    ap.add_argument("--n", type=int, default=12, help="sample size (default 12, the size judged)")
    ap.add_argument("--seed", type=int, default=2018)
    args = ap.parse_args()
    acled_path = args.data / "events" / "acled_2018_jan_feb_syria_iraq.csv"
    ucdp_path = args.data / "events" / "ucdp_ged_syria_2016_2019.csv"
    if not (acled_path.exists() and ucdp_path.exists()):
        print(json.dumps({"skipped": f"no event data under {args.data}"}))
        return 0
    acled, atext = acled_events(acled_path)
    ucdp, utext = ucdp_events(ucdp_path)
    text = {**atext, **utext}
    t0 = time.perf_counter()
    incidents = group_incidents([*acled, *ucdp])
    seconds = time.perf_counter() - t0
    by_id = {e.id: e for i in incidents for e in i.events}
    inc_of = {e.id: i.id for i in incidents for e in i.events}

    def kinds(inc: object) -> Counter[str]:
        return Counter(e.id.split(":")[0] for e in inc.events)  # type: ignore[attr-defined]

    cross = [i for i in incidents if len(kinds(i)) == 2]
    same_acled = sum(max(0, kinds(i)["acled"] - 1) for i in incidents)
    same_ucdp = sum(max(0, kinds(i)["ucdp"] - 1) for i in incidents)
    ucdp_linked = sum(1 for e in ucdp if any(x.id.startswith("acled:") for x in _inc(incidents, inc_of[e.id]).events))

    rng = random.Random(args.seed)
    merged_pairs = sorted(
        (a.id, u.id)
        for i in cross
        for a in i.events
        if a.id.startswith("acled:")
        for u in i.events
        if u.id.startswith("ucdp:")
    )
    merged_sample = rng.sample(merged_pairs, min(args.n, len(merged_pairs)))
    precise_ucdp = sorted(e.id for e in ucdp if e.geo_precision == 1 and e.date_precision == "day")
    recall_sample = rng.sample(precise_ucdp, min(args.n, len(precise_ucdp)))

    def candidates(uid: str) -> list[str]:
        u = by_id[uid]
        out = []
        for a in acled:
            if abs((a.date_start - u.date_start).days) <= 2 and _km(_xy(a), _xy(u)) <= 40:  # type: ignore[operator]
                out.append(a.id)
        return out

    if args.show == "merged":
        for a, u in merged_sample:
            print(f"merged\t{a}\t{u}\n  A: {text[a]}\n  U: {text[u]}\n  km={_km(_xy(by_id[a]), _xy(by_id[u])):.1f}\n")
        return 0
    if args.show == "recall":
        for uid in recall_sample:
            print(f"recall {uid}: {text[uid]}")
            for a in candidates(uid):
                same = "SAME-INCIDENT" if inc_of[a] == inc_of[uid] else ""
                print(f"   {a} {_km(_xy(by_id[a]), _xy(by_id[uid])):.1f}km {same} {text[a][:260]}")
            print()
        return 0

    judged = _judgments()
    m_yes = sum(1 for a, u in merged_sample if judged.get(("merged", a, u)) == "same")
    m_no = sum(1 for a, u in merged_sample if judged.get(("merged", a, u)) == "different")
    r_pairs = [(s, a, u) for (s, a, u), v in judged.items() if s == "recall" and v == "same" and u in recall_sample]
    r_hit = sum(1 for _, a, u in r_pairs if inc_of.get(a) == inc_of.get(u))
    r_events = {u for _, _, u in r_pairs}
    out = {
        "data": str(args.data / "events"),
        "rules_version": load_rules().version,
        "acled_events": len(acled),
        "ucdp_events": len(ucdp),
        "incidents": len(incidents),
        "grouping_seconds": round(seconds, 3),
        "events_per_second": round((len(acled) + len(ucdp)) / seconds) if seconds else None,
        "cross_source_incidents": len(cross),
        "ucdp_events_linked_to_acled": ucdp_linked,
        "ucdp_linked_share": round(ucdp_linked / len(ucdp), 3) if ucdp else None,
        "false_merges_same_dataset": {
            "acled_rows_merged_into_another_acled_row": same_acled,
            "acled_rate": round(same_acled / len(acled), 4) if acled else None,
            "ucdp_rows_merged_into_another_ucdp_row": same_ucdp,
            "ucdp_rate": round(same_ucdp / len(ucdp), 4) if ucdp else None,
        },
        "hand_checked_merged_pairs": {
            "sample": len(merged_sample),
            "judged": m_yes + m_no,
            "same_happening": m_yes,
            "different_happenings": m_no,
            "precision": round(m_yes / (m_yes + m_no), 3) if m_yes + m_no else None,
        },
        "hand_checked_recall": {
            "ucdp_events_sampled": len(recall_sample),
            "ucdp_events_with_a_same_acled_event": len(r_events),
            "same_happening_pairs": len(r_pairs),
            "pairs_grouped_together": r_hit,
            "recall": round(r_hit / len(r_pairs), 3) if r_pairs else None,
        },
    }
    print(json.dumps(out, indent=2))
    return 0


def _inc(incidents: list, iid: str) -> object:
    for inc in incidents:
        if inc.id == iid:
            return inc
    raise KeyError(iid)


def _xy(event: Event) -> tuple[float, float]:
    place = event.place.place  # type: ignore[union-attr]
    return place.lat, place.lon  # type: ignore[union-attr]


if __name__ == "__main__":
    sys.exit(main())
