"""Subject quality: how close the importer's ``subject`` of each matched measure / observation is to
the hand-written subject (gold 000/001 in shared/gold, and the ``subject`` fields of the held-out
``*.expected.json``).

Records are paired as the scorers pair them (value, unit class, year and comparator, within 3 lines);
for each pair we compare the sets of words (lower case, NFC):

- ``share``: the part of the predicted subject's words that are in the gold subject (the brief's measure;
  an empty subject scores 0);
- ``dice``: 2·|common| / (|predicted| + |gold|), which also punishes a subject far longer than the gold.

A pair is *good* when the measure is ≥ 0.5. ``.venv/bin/python tests/docimport/subject_quality.py -v``
prints the figures and the bad pairs.
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.docimport.heldout_score import (  # noqa: E402 (after the path is set)
    _same_measure,
    _same_obs,
    cases,
    closest_pairs,
    expected_for,
    line_of,
    norm,
)

GOLD = Path("/work/shared/gold")
SEEDS = Path("/work/shared/seeds")


def words(text) -> set[str]:
    return set(re.findall(r"\w+", norm(text)))


def share(pred, gold) -> float:
    p, g = words(pred), words(gold)
    return len(p & g) / len(p) if p else 0.0


def dice(pred, gold) -> float:
    p, g = words(pred), words(gold)
    return 2 * len(p & g) / (len(p) + len(g)) if p and g else 0.0


def pairs(pred, gold, same, max_dist=3):
    """(predicted, gold) records paired like score.py: each gold item with the closest free match."""
    found = closest_pairs(pred, gold, same, max_dist)
    return [(pred[i][1], g, gline) for i, gline, g in found if i is not None]


def _gold_measure(p, g):
    return _same_measure(p, {**g, "scope": g.get("scope")})


def records_for_gold(doc_id: str, result: dict):
    out = []
    tg = GOLD / f"targets_{doc_id}.json"
    if tg.exists():
        gold = [
            (int(t["line"]), m)
            for t in json.loads(tg.read_text(encoding="utf-8"))
            for m in t["measures"]
            if m.get("subject")
        ]
        pred = [(int(t["line"]), m) for t in result["targets"] for m in t["measures"]]
        out += [("target",) + x for x in pairs(pred, gold, _gold_measure)]
    og = GOLD / f"observations_{doc_id}.json"
    if og.exists():
        gold = [
            (int(o["line"]), o)
            for o in json.loads(og.read_text(encoding="utf-8"))
            if o.get("subject")
        ]
        pred = [(int(o["line"]), o) for o in result["observations"]]
        out += [("obs",) + x for x in pairs(pred, gold, _same_obs)]
    return out


def records_for_heldout(doc: Path, result: dict, text: str):
    lines = text.split("\n")
    exp = expected_for(doc)
    gold = [
        (line_of(t["at"], lines), m)
        for t in exp["targets"]
        for m in t["measures"]
        if m.get("subject")
    ]
    pred = [(int(t["line"]), m) for t in result["targets"] for m in t["measures"]]
    out = [("target",) + x for x in pairs(pred, gold, _same_measure)]
    gold = [(line_of(o["at"], lines), o) for o in exp["observations"] if o.get("subject")]
    pred = [(int(o["line"]), o) for o in result["observations"]]
    out += [("obs",) + x for x in pairs(pred, gold, _same_obs)]
    return out


def collect():
    """{source name: [(kind, predicted record, gold record, line)]} for gold 000/001 and the held-out plans."""
    from dxtrack.docimport import extract_file, read_file_text

    out = {}
    for doc_id in ("000", "001"):
        seed = next(iter(sorted(SEEDS.glob(f"{doc_id}_*.txt"))), None)
        if seed is not None and GOLD.exists():
            out[f"gold {doc_id}"] = records_for_gold(doc_id, extract_file(seed))
    for doc in cases():
        out[doc.stem] = records_for_heldout(doc, extract_file(doc), read_file_text(doc))
    return out


def summary(recs) -> dict:
    n = len(recs)
    good_share = sum(share(p.get("subject"), g["subject"]) >= 0.5 for _, p, g, _ in recs)
    good_dice = sum(dice(p.get("subject"), g["subject"]) >= 0.5 for _, p, g, _ in recs)
    return {"n": n, "share": good_share / n if n else 1.0, "dice": good_dice / n if n else 1.0}


def main() -> int:
    data = collect()
    allrecs = []
    print(f"{'source':34} {'pairs':>5} {'share≥.5':>9} {'dice≥.5':>8}")
    for name, recs in data.items():
        s = summary(recs)
        allrecs += recs
        print(f"{name:34} {s['n']:5d} {s['share']:9.3f} {s['dice']:8.3f}")
        if "-v" in sys.argv:
            for kind, p, g, line in recs:
                if dice(p.get("subject"), g["subject"]) < 0.5:
                    print(
                        f"    {kind:6} {line:4d} got {p.get('subject')!r}\n{'':16}want {g['subject']!r}"
                    )
    s = summary(allrecs)
    print(f"{'all':34} {s['n']:5d} {s['share']:9.3f} {s['dice']:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
