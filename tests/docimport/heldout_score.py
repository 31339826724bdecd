"""Score the importer on the held-out plans in ``tests/docimport/heldout/``.

Each plan ``NAME.txt`` (or ``.md``) has ``NAME.expected.json``, written by hand: document fields,
the stated budget total, target measures, observations and tasks, each anchored by ``at`` (a piece
of the line where the record starts; its line number is looked up in the text actually read, so
the same expectations serve the .docx and .pdf versions). The matching follows
shared/gold/score.py, re-implemented here so the test does not depend on a checkout of shared/:

- a measure matches on comparator, value, unit class and year, within 3 lines;
- an observation on value, unit class and year, within 3 lines;
- a task on its line (within 1) or else the first 50 characters of its name; then the fields
  lead, coordinators, start_year, end_year, end_quarter, recurrence, budget_vnd, budget_per_year.

    .venv/bin/python tests/docimport/heldout_score.py     # prints the figures per plan
"""

import json
import sys
import unicodedata
from pathlib import Path

HELD = Path(__file__).with_name("heldout")
NAMED_UNITS = {
    "%",
    "%/năm",
    "index",
    "rank",
    "mbps",
    "gbps",
    "mw",
    "racks",
    "rack",
    "thuê bao/100 dân",
    "người/vạn dân",
    "bậc",
    "điểm",
    "giờ/tuần",
}
TASK_FIELDS = (
    "lead",
    "coordinators",
    "start_year",
    "end_year",
    "end_quarter",
    "recurrence",
    "budget_vnd",
    "budget_per_year",
)


def norm(text) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).strip().lower()
    return " ".join(text.replace("–", "-").split())


def unit_class(unit) -> str:
    u = norm(unit)
    return "racks" if u == "rack" else (u if u in NAMED_UNITS else "count")


def num_equal(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def cases() -> list[Path]:
    return sorted(
        p
        for p in HELD.iterdir()
        if p.suffix in (".txt", ".md") and not p.name.endswith(".expected.json")
    )


def expected_for(doc: Path) -> dict:
    return json.loads((HELD / f"{doc.stem}.expected.json").read_text(encoding="utf-8"))


def line_of(at: str, lines: list[str]) -> int:
    key = norm(at)
    for i, line in enumerate(lines, start=1):
        if key in norm(line.replace("\t", " ").replace("|", " ").replace("*", "")):
            return i
    raise AssertionError(f"anchor not found in the text: {at!r}")


def closest_pairs(pred, gold, same, max_dist):
    """Pairs each gold (line, record), in order, with the closest free predicted one that is the
    `same` within `max_dist` lines: [(predicted index, gold line, gold record) or (None, ...)]."""
    used, out = set(), []
    for gline, g in gold:
        best = None
        for i, (pline, p) in enumerate(pred):
            if i in used or abs(pline - gline) > max_dist or not same(p, g):
                continue
            if best is None or abs(pline - gline) < abs(pred[best][0] - gline):
                best = i
        if best is not None:
            used.add(best)
        out.append((best, gline, g))
    return out


def _greedy(pred, gold, same, max_dist):
    found = closest_pairs(pred, gold, same, max_dist)
    used = {i for i, _, _ in found if i is not None}
    misses = [(gline, g) for i, gline, g in found if i is None]
    return len(used), misses, [pred[i] for i in range(len(pred)) if i not in used]


def _prf(matched, n_pred, n_gold):
    p = matched / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = matched / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _same_measure(p, g):
    return (
        norm(p.get("comparator")) == norm(g["comparator"])
        and num_equal(p.get("value"), g["value"])
        and unit_class(p.get("unit")) == unit_class(g["unit"])
        and p.get("year") == g["year"]
    )


def _same_obs(p, g):
    return (
        num_equal(p.get("value"), g["value"])
        and unit_class(p.get("unit")) == unit_class(g["unit"])
        and p.get("year") == g["year"]
    )


def _agencies(names):
    return {norm(n).rstrip(".") for n in names or []}


def _field_ok(field, p, g):
    if field in ("lead", "coordinators"):
        return _agencies(p.get(field)) == _agencies(g.get(field))
    if field == "budget_vnd":
        return (
            p.get(field) is None if g.get(field) is None else num_equal(p.get(field), g.get(field))
        )
    return p.get(field) == g.get(field)


def score(result: dict, expected: dict, text: str) -> dict:
    """Figures for one plan, and the list of differences (for messages)."""
    lines = text.split("\n")
    out: dict = {"diffs": []}
    # document fields
    doc_ok = [result["document"].get(k) == v for k, v in expected.get("document", {}).items()]
    for k, v in expected.get("document", {}).items():
        if result["document"].get(k) != v:
            out["diffs"].append(f"document.{k}: got {result['document'].get(k)!r} want {v!r}")
    if "budget" in expected:
        got = result["budget"].get("stated_total_vnd")
        want = expected["budget"]["stated_total_vnd"]
        doc_ok.append(got == want)
        if got != want:
            out["diffs"].append(f"budget.stated_total_vnd: got {got!r} want {want!r}")
    codes = {w["code"] for w in result["warnings"]}
    for code in expected.get("warnings", []):
        doc_ok.append(code in codes)
        if code not in codes:
            out["diffs"].append(f"warning {code} missing")
    out["document"] = sum(doc_ok) / len(doc_ok) if doc_ok else 1.0
    # target measures
    gold = [(line_of(t["at"], lines), m) for t in expected["targets"] for m in t["measures"]]
    pred = [(int(t["line"]), m) for t in result["targets"] for m in t["measures"]]
    matched, misses, extras = _greedy(pred, gold, _same_measure, 3)
    out["targets"] = _prf(matched, len(pred), len(gold))
    out["diffs"] += [f"target missed line {ln}: {m}" for ln, m in misses]
    out["diffs"] += [f"target extra  line {ln}: {m}" for ln, m in extras]
    # observations
    gold = [(line_of(o["at"], lines), o) for o in expected["observations"]]
    pred = [(int(o["line"]), o) for o in result["observations"]]
    matched, misses, extras = _greedy(pred, gold, _same_obs, 3)
    out["observations"] = _prf(matched, len(pred), len(gold))
    out["diffs"] += [
        f"obs missed line {ln}: {o['value']} {o['unit']} {o['year']}" for ln, o in misses
    ]
    out["diffs"] += [
        f"obs extra  line {ln}: {o['value']} {o['unit']} {o['year']} ({o.get('text', '')[:60]})"
        for ln, o in extras
    ]
    # tasks
    by_line, by_name = {}, {}
    for t in result["tasks"]:
        by_line.setdefault(int(t["line"]), t)
        by_name.setdefault(norm(t["name"])[:50], t)
    found, hits, total = 0, 0, 0
    for g in expected["tasks"]:
        ln = line_of(g["at"], lines)
        p = by_line.get(ln) or by_line.get(ln - 1) or by_line.get(ln + 1)
        if p is None:
            p = next((t for key, t in by_name.items() if key.startswith(norm(g["at"])[:50])), None)
        if p is None:
            out["diffs"].append(f"task missed line {ln}: {g['at']}")
            continue
        found += 1
        for f in TASK_FIELDS + (("budget_source",) if "budget_source" in g else ()):
            total += 1
            if _field_ok(f, p, g):
                hits += 1
            else:
                out["diffs"].append(
                    f"task {g['at'][:30]!r} {f}: got {p.get(f)!r} want {g.get(f)!r}"
                )
    out["tasks"] = _prf(found, len(result["tasks"]), len(expected["tasks"]))
    out["task_fields"] = hits / total if total else 1.0
    return out


def score_gold(result: dict, gold_dir: Path, doc_id: str) -> dict:
    """Figures for one document against gold files in the shared/gold/SCHEMA.md format
    (``targets_<id>.json``, ``observations_<id>.json``, ``tasks_<id>.json``, records with ``line``),
    as shared/gold/score.py computes them; a part whose gold file is missing is None."""
    out: dict = {"diffs": [], "targets": None, "observations": None, "tasks": None}
    out["task_fields"] = None

    def load(part: str):
        path = gold_dir / f"{part}_{doc_id}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    g_targets, g_obs, g_tasks = load("targets"), load("observations"), load("tasks")
    if g_targets is not None:
        gold = [(int(t["line"]), m) for t in g_targets for m in t.get("measures") or []]
        pred = [(int(t["line"]), m) for t in result["targets"] for m in t["measures"]]
        matched, misses, extras = _greedy(pred, gold, _same_measure, 3)
        out["targets"] = _prf(matched, len(pred), len(gold))
        out["diffs"] += [f"target missed line {ln}: {m}" for ln, m in misses]
        out["diffs"] += [f"target extra  line {ln}: {m}" for ln, m in extras]
    if g_obs is not None:
        gold = [(int(o["line"]), o) for o in g_obs]
        pred = [(int(o["line"]), o) for o in result["observations"]]
        matched, misses, extras = _greedy(pred, gold, _same_obs, 3)
        out["observations"] = _prf(matched, len(pred), len(gold))
        out["diffs"] += [
            f"obs missed line {ln}: {o['value']} {o['unit']} {o['year']}" for ln, o in misses
        ]
        out["diffs"] += [
            f"obs extra  line {ln}: {o['value']} {o['unit']} {o['year']}" for ln, o in extras
        ]
    if g_tasks is not None:
        by_line, by_name = {}, {}
        for t in result["tasks"]:
            by_line.setdefault(int(t["line"]), t)
            by_name.setdefault(norm(t["name"])[:50], t)
        found, hits, total = 0, 0, 0
        for g in g_tasks:
            ln = int(g["line"])
            p = by_line.get(ln) or by_line.get(ln - 1) or by_line.get(ln + 1)
            p = p or by_name.get(norm(g.get("name"))[:50])
            if p is None:
                out["diffs"].append(f"task missed line {ln}: {str(g.get('name'))[:60]}")
                continue
            found += 1
            for f in TASK_FIELDS:
                total += 1
                if _field_ok(f, p, g):
                    hits += 1
                else:
                    out["diffs"].append(f"task line {ln} {f}: got {p.get(f)!r} want {g.get(f)!r}")
        out["tasks"] = _prf(found, len(result["tasks"]), len(g_tasks))
        out["task_fields"] = hits / total if total else 1.0
    return out


def run_txt(doc: Path) -> tuple[dict, str]:
    from dxtrack.docimport import extract_file, read_file_text

    return extract_file(doc), read_file_text(doc)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    print(
        f"{'plan':34} {'doc':>5} {'tgt P':>6} {'tgt R':>6} {'tgt F1':>6} {'obs F1':>6} {'task F1':>7} {'fields':>6}"
    )
    for doc in cases():
        result, text = run_txt(doc)
        s = score(result, expected_for(doc), text)
        print(
            f"{doc.stem[:34]:34} {s['document']:5.2f} {s['targets'][0]:6.3f} {s['targets'][1]:6.3f} "
            f"{s['targets'][2]:6.3f} {s['observations'][2]:6.3f} {s['tasks'][2]:7.3f} {s['task_fields']:6.3f}"
        )
        if "-v" in sys.argv:
            for d in s["diffs"]:
                print("    " + d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
