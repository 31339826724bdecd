"""Evaluation methods of DESIGN.md ("Methods"): target status, aggregation, task status,
scorecards and rankings.

Pure functions, no Django: the services load approved data, call these, and store the
results. Every result is a frozen dataclass that carries the numbers it was computed from and
a one-sentence explanation in Vietnamese and in English (the same numbers, each written as the
pages of that language write them), so that a reader can check each status by hand.

- `targets`: target status (threshold, Open SDG progress ratio), aggregation over units;
- `tasks`: task status;
- `scores`: a unit's scorecard;
- `ranking`: competition ranking and the move since the previous period;
- `texts`: labels and the explanations in both languages; `inputs`: shared input types.

The public names are re-exported here: `from dxtrack.evaluation import methods; methods.X`
(`number_text` is dxtrack.core.numbers', re-exported for the callers of evaluation).
"""

from dxtrack.core.numbers import number_text
from dxtrack.evaluation.methods.inputs import InvalidInput, Point
from dxtrack.evaluation.methods.ranking import RankChange, RankRow, rank, rank_change
from dxtrack.evaluation.methods.scores import (
    DEFAULT_SCORECARD_WEIGHTS,
    Scorecard,
    ScoreComponent,
    scorecard,
)
from dxtrack.evaluation.methods.targets import (
    AGGREGATIONS,
    COMPARATORS,
    TARGET_STATUSES,
    TargetResult,
    aggregate,
    normalize_comparator,
    target_status,
)
from dxtrack.evaluation.methods.tasks import (
    RECURRENCES,
    TASK_STATUSES,
    TRACKING_STATUSES,
    TaskResult,
    task_status,
    tracking_status,
)
from dxtrack.evaluation.methods.texts import (
    SCORECARD_COMPONENTS,
    SCORECARD_COMPONENTS_EN,
    STATUS_LABELS_EN,
    STATUS_LABELS_VI,
    TASK_STATUS_LABELS_EN,
    TASK_STATUS_LABELS_VI,
    TRACKING_STATUS_LABELS_EN,
    TRACKING_STATUS_LABELS_VI,
    conflicts_note,
    no_deadline_explanation,
    not_evaluable_explanation,
)

__all__ = [
    "AGGREGATIONS",
    "COMPARATORS",
    "DEFAULT_SCORECARD_WEIGHTS",
    "InvalidInput",
    "RECURRENCES",
    "SCORECARD_COMPONENTS",
    "SCORECARD_COMPONENTS_EN",
    "STATUS_LABELS_EN",
    "STATUS_LABELS_VI",
    "TARGET_STATUSES",
    "TASK_STATUSES",
    "TASK_STATUS_LABELS_EN",
    "TASK_STATUS_LABELS_VI",
    "TRACKING_STATUSES",
    "TRACKING_STATUS_LABELS_EN",
    "TRACKING_STATUS_LABELS_VI",
    "Point",
    "RankChange",
    "RankRow",
    "ScoreComponent",
    "Scorecard",
    "TargetResult",
    "TaskResult",
    "aggregate",
    "conflicts_note",
    "no_deadline_explanation",
    "normalize_comparator",
    "not_evaluable_explanation",
    "number_text",
    "rank",
    "rank_change",
    "scorecard",
    "target_status",
    "task_status",
    "tracking_status",
]
