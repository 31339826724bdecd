"""The importer on a folder of real plans: what it finds in each, how long it takes, and the F1
against gold annotations where they exist.

    .venv/bin/python bench/import_corpus.py ../shared/corpus [--gold tests/docimport/corpus/gold] [-v]
    .venv/bin/python bench/import_corpus.py ../shared/seeds --gold tests/docimport/seeds_gold

For every ``*.md``/``*.txt``/``*.docx``/``*.pdf`` of DIR, one line: the counts of targets, target
measures, observations, tasks and warnings, the seconds (best of 3), and, when ``GOLD/targets_<stem>.json``
(``observations_``, ``tasks_``; shared/gold/SCHEMA.md format; for a seed such as
``002_d1d8….txt`` the id is its first three characters, ``targets_002.json``) exist, target-measure F1, observation F1,
task F1 and task field accuracy, matched as shared/gold/score.py does. ``-v`` prints the differences
and the warnings that explain an empty result. Figures only: no assertion.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dxtrack.docimport import extract_file  # noqa: E402
from tests.docimport.heldout_score import score_gold  # noqa: E402

SUFFIXES = (".md", ".txt", ".docx", ".pdf")
EMPTY_CODES = ("no-targets", "no-tasks")


def timed(path: Path, repeat: int = 3) -> tuple[float, dict]:
    best, result = float("inf"), {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = extract_file(path)
        best = min(best, time.perf_counter() - t0)
    return best, result


def gold_id(gold: Path, stem: str) -> str:
    """The id of a document's gold files: its file name without the suffix ("624-tb-vpcp"), or for a
    seed ("002_d1d8419ee5345dd4.txt") its first three characters, as shared/gold/score.py names them."""
    if any(
        (gold / f"{part}_{stem}.json").exists() for part in ("targets", "observations", "tasks")
    ):
        return stem
    return stem[:3]


def fmt(x: float | None) -> str:
    return "     -" if x is None else f"{x:6.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--gold", default=None)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    docs = sorted(
        p for p in Path(args.dir).iterdir() if p.suffix in SUFFIXES and p.name != "README.md"
    )
    gold = Path(args.gold) if args.gold else None
    print(
        f"{'document':<26}{'tgts':>5}{'meas':>5}{'obs':>5}{'tasks':>6}{'warn':>5}{'sec':>7}"
        f"{'tgtF1':>7}{'obsF1':>7}{'taskF1':>7}{'fields':>7}"
    )
    total = 0.0
    for path in docs:
        elapsed, r = timed(path)
        total += elapsed
        n_meas = sum(len(t["measures"]) for t in r["targets"])
        s = score_gold(r, gold, gold_id(gold, path.stem)) if gold else None
        row = (
            f"{path.name[:25]:<26}{len(r['targets']):>5}{n_meas:>5}{len(r['observations']):>5}"
            f"{len(r['tasks']):>6}{len(r['warnings']):>5}{elapsed:>7.3f}"
        )
        if s:
            row += "".join(
                " " + fmt(v[2] if isinstance(v, tuple) else v)
                for v in (s["targets"], s["observations"], s["tasks"], s["task_fields"])
            )
        print(row)
        if args.verbose:
            for w in r["warnings"]:
                if w["code"] in EMPTY_CODES:
                    print(f"    warning {w['code']}: {w['message']}")
            for d in (s or {}).get("diffs", []):
                print("    " + d)
    print(f"{'all documents':<26}{'':>26}{total:>7.3f}   (goal < 2 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
