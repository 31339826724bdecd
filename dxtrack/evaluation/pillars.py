"""The six pillars of the plans (data/pillars.json): keyword classification of targets and tasks.

Used at evaluation time (`services` stores the pillar on each TargetEvaluation/TaskEvaluation), so
a dashboard request groups by a stored column instead of classifying every row again.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from functools import lru_cache

from django.conf import settings

from dxtrack.core.vn import fold

PILLARS_FILE = settings.BASE_DIR / "data" / "pillars.json"
OTHER_PILLAR = "khac"


@lru_cache(maxsize=1)
def pillars() -> list[dict]:
    """The six pillars and their keywords (data/pillars.json), keywords folded once."""
    data = json.loads(PILLARS_FILE.read_text(encoding="utf-8"))
    out = []
    for p in data["pillars"]:
        out.append(
            {
                "key": p["key"],
                "label": p["label"],
                "label_en": p.get("label_en", p["label"]),
                "keywords": [f" {_words(k)} " for k in p["keywords"]],
            }
        )
    return out


def _words(text: str) -> str:
    """Folded words separated by single spaces, so keywords match whole words only."""
    return " ".join(re.findall(r"[0-9a-z]+", fold(text)))


def pillar_of(*texts: str) -> str:
    """The first pillar whose keyword occurs in the first text that matches any: the goal's
    section first, then its text (or the task's group, then its name)."""
    for text in texts:
        key = f" {_words(text or '')} "
        for p in pillars():
            if any(k in key for k in p["keywords"]):
                return p["key"]
    return OTHER_PILLAR


def pillar_labels() -> OrderedDict[str, str]:
    labels = OrderedDict((p["key"], p["label"]) for p in pillars())
    labels[OTHER_PILLAR] = "Khác (chưa phân loại)"
    return labels


def pillar_labels_en() -> OrderedDict[str, str]:
    """The same pillars named in English (data/pillars.json's label_en), for the English pages;
    reports and open data keep the Vietnamese labels."""
    labels = OrderedDict((p["key"], p["label_en"]) for p in pillars())
    labels[OTHER_PILLAR] = "Other (unclassified)"
    return labels


def target_pillar(target) -> str:
    return pillar_of(target.goal.section, target.subject, target.goal.text, target.indicator.name)


def task_pillar(task) -> str:
    return pillar_of(task.group, task.name, task.product)
