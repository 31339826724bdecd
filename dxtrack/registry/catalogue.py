"""The shared indicator catalogue (data/indicators.json): names a measure or a result by its words.

A target of one plan and a result reported by another are the same indicator only if something
says so; subject similarity alone links "hồ sơ công việc cấp tỉnh" to "cấp huyện". The catalogue
is that something: the national digital-transformation indicators, each with word patterns.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dxtrack.core.vn import fold, slugify_vi

CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "data" / "indicators.json"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name: str
    unit: str
    patterns: tuple[tuple[str, ...], ...]
    exclude: tuple[str, ...] = ()
    scoped: bool = False

    def score(self, context: str) -> int:
        """Characters of the longest pattern found whole in the (folded) context; 0 if none."""
        if any(word in context for word in self.exclude):
            return 0
        found = [sum(map(len, p)) for p in self.patterns if all(word in context for word in p)]
        return max(found, default=0)

    def code_for_scope(self, scope: str) -> str:
        return f"{self.code}--{slugify_vi(scope)}" if self.scoped and scope else self.code

    def name_for_scope(self, scope: str) -> str:
        return f"{self.name} ({scope})" if self.scoped and scope else self.name


def unit_kind(unit: str) -> str:
    """%, %/năm, index, rank, điểm… stay themselves; any counted noun is a count."""
    u = " ".join((unit or "").lower().split())
    named = {
        "%",
        "%/năm",
        "index",
        "rank",
        "mbps",
        "gbps",
        "mw",
        "racks",
        "điểm",
        "thuê bao/100 dân",
        "người/vạn dân",
    }
    return u if u in named else "count"


@lru_cache(maxsize=4)
def load_catalogue(path: str = str(CATALOGUE_PATH)) -> tuple[CatalogueEntry, ...]:
    rows = json.loads(Path(path).read_text(encoding="utf-8"))["indicators"]
    return tuple(
        CatalogueEntry(
            code=row["code"],
            name=row["name"],
            unit=row["unit"],
            patterns=tuple(tuple(fold(w) for w in p) for p in row["patterns"]),
            exclude=tuple(fold(w) for w in row.get("exclude", [])),
            scoped=bool(row.get("scoped")),
        )
        for row in rows
    )


def catalogue_match(
    texts: list[str], unit: str, entries: tuple[CatalogueEntry, ...] | None = None
) -> CatalogueEntry | None:
    """The entry of the same unit kind whose pattern the first text that has one matches best."""
    kind = unit_kind(unit)
    candidates = [e for e in (entries or load_catalogue()) if unit_kind(e.unit) == kind]
    for text in texts:
        context = fold(text or "")
        if not context:
            continue
        scored = [(entry.score(context), entry) for entry in candidates]
        best = max(scored, key=lambda pair: pair[0], default=(0, None))
        if best[0]:
            return best[1]
    return None
