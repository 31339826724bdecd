"""Stored evaluation results: computed by `compute.py`, stored by `services.py`, never set by hand.

Each row carries the numbers it was computed from (`numbers`) and the sentence that explains it,
in Vietnamese (`explanation`, `formula`) and in English (`explanation_en`, `formula_en`), so a page
can show the status and how to check it together, in the reader's language (`explanation_text`,
`formula_text`). Rows stored before the English column existed have it blank and show the
Vietnamese until the next `dxtrack evaluate`.

The stored rows are the *current* evaluation (as of `as_of`); any other date is computed on the
fly by the same code (`compute.target_evaluations_compute`), so a past status is reproducible
without keeping every day's copy.
"""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dxtrack.evaluation.methods import (
    SCORECARD_COMPONENTS,
    SCORECARD_COMPONENTS_EN,
    STATUS_LABELS_EN,
    STATUS_LABELS_VI,
    TASK_STATUS_LABELS_EN,
    TASK_STATUS_LABELS_VI,
    TRACKING_STATUS_LABELS_EN,
    TRACKING_STATUS_LABELS_VI,
)
from dxtrack.registry.models import Target, Task, Unit


def _english() -> bool:
    return (get_language() or "").startswith("en")


# methods.py is pure Python: it holds the labels in both languages and the page picks one.
def target_status_text(status: str) -> str:
    return (STATUS_LABELS_EN if _english() else STATUS_LABELS_VI).get(status, status)


def task_status_text(status: str) -> str:
    return (TASK_STATUS_LABELS_EN if _english() else TASK_STATUS_LABELS_VI).get(status, status)


def tracking_status_text(status: str) -> str:
    labels = TRACKING_STATUS_LABELS_EN if _english() else TRACKING_STATUS_LABELS_VI
    return labels.get(status, status)


def component_text(key: str) -> str:
    return (SCORECARD_COMPONENTS_EN if _english() else SCORECARD_COMPONENTS).get(key, key)


def in_page_language(vietnamese: str, english: str) -> str:
    """The English text on an English page when there is one (rows stored before it existed have
    none), else the Vietnamese."""
    return english if english and _english() else vietnamese


# Lazy: resolved when shown, so a cached context or a choice list follows the page's language.
target_status_label = lazy(target_status_text, str)
task_status_label = lazy(task_status_text, str)
tracking_status_label = lazy(tracking_status_text, str)
component_label = lazy(component_text, str)

TARGET_STATUS_CHOICES = [(s, target_status_label(s)) for s in STATUS_LABELS_VI]
TASK_STATUS_CHOICES = [(s, task_status_label(s)) for s in TASK_STATUS_LABELS_VI]
TRACKING_STATUS_CHOICES = [(s, tracking_status_label(s)) for s in TRACKING_STATUS_LABELS_VI]


class TargetEvaluation(models.Model):
    target = models.OneToOneField(Target, on_delete=models.CASCADE, related_name="evaluation")
    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=TARGET_STATUS_CHOICES, db_index=True)
    progress_ratio = models.FloatField(null=True, blank=True)
    expected_now = models.FloatField(null=True, blank=True)
    latest_value = models.FloatField(null=True, blank=True)
    latest_period = models.CharField(max_length=8, blank=True)
    latest_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latest_source = models.CharField(max_length=500, blank=True)
    numbers = models.JSONField(default=dict)
    explanation = models.TextField()
    explanation_en = models.TextField(blank=True, default="")
    # Stored at evaluation time so the dashboards group and filter by columns (no per-request
    # classification): the pillar (pillars.py) and the deadline (compute.target_deadline).
    pillar = models.CharField(max_length=20, blank=True, default="")
    deadline = models.DateField(null=True, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đánh giá chỉ tiêu")
        verbose_name_plural = _("đánh giá chỉ tiêu")
        indexes = [models.Index(fields=["deadline"], name="target_eval_deadline")]

    def __str__(self) -> str:
        return f"{self.target_id}: {self.status} ({self.as_of})"

    @property
    def label_vi(self) -> str:
        return STATUS_LABELS_VI.get(self.status, self.status)

    @property
    def label(self) -> str:
        """The status in the page's language."""
        return target_status_text(self.status)

    @property
    def explanation_text(self) -> str:
        """The explanation in the page's language."""
        return in_page_language(self.explanation, self.explanation_en)


class TaskEvaluation(models.Model):
    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="evaluation")
    as_of = models.DateField()
    status = models.CharField(max_length=12, choices=TASK_STATUS_CHOICES, db_index=True)
    # The Government's four-way status: done on time / done late / open in time / open overdue.
    tracking_status = models.CharField(
        max_length=14, choices=TRACKING_STATUS_CHOICES, default="open_in_time", db_index=True
    )
    percent_done = models.FloatField(null=True, blank=True)
    numbers = models.JSONField(default=dict)
    explanation = models.TextField()
    explanation_en = models.TextField(blank=True, default="")
    pillar = models.CharField(max_length=20, blank=True, default="")
    days_overdue = models.IntegerField(
        null=True, blank=True
    )  # numbers["days_overdue"], for ordering
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đánh giá nhiệm vụ")
        verbose_name_plural = _("đánh giá nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.status} ({self.as_of})"

    @property
    def label_vi(self) -> str:
        return TASK_STATUS_LABELS_VI.get(self.status, self.status)

    @property
    def label(self) -> str:
        """The status in the page's language."""
        return task_status_text(self.status)

    @property
    def tracking_label(self) -> str:
        """The four-way status (done on time, done late, …) in the page's language."""
        return tracking_status_text(self.tracking_status)

    @property
    def explanation_text(self) -> str:
        """The explanation in the page's language."""
        return in_page_language(self.explanation, self.explanation_en)


class UnitScore(models.Model):
    """A unit's scorecard for a period (0–100, None when nothing could be judged)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="scores")
    period = models.CharField(max_length=8, db_index=True)
    as_of = models.DateField()
    score = models.FloatField(null=True, blank=True)
    components = models.JSONField(default=list)
    numbers = models.JSONField(default=dict)
    formula = models.TextField()
    formula_en = models.TextField(blank=True, default="")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm đánh giá đơn vị")
        verbose_name_plural = _("điểm đánh giá đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="unit_score_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}: {self.score}"

    @property
    def formula_text(self) -> str:
        """How the score was made, in the page's language."""
        return in_page_language(self.formula, self.formula_en)


class RankingRow(models.Model):
    """One unit's place in its group's ranking for a period, and its move since the last one."""

    class Group(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE = "commune", _("Xã, phường")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        SME = "sme", _("Doanh nghiệp nhỏ và vừa")

    group = models.CharField(max_length=12, choices=Group.choices)
    period = models.CharField(max_length=8)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ranking_rows")
    score = models.FloatField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    previous_period = models.CharField(max_length=8, blank=True)
    previous_rank = models.PositiveIntegerField(null=True, blank=True)
    change = models.IntegerField(null=True, blank=True)
    as_of = models.DateField()

    # Set by the ranking selector on the rows it returns (not a column): the unit's scorecard.
    scorecard: UnitScore | None

    class Meta:
        ordering = ["group", "period", "rank", "unit__name"]
        verbose_name = _("xếp hạng")
        verbose_name_plural = _("xếp hạng")
        constraints = [
            models.UniqueConstraint(fields=["group", "period", "unit"], name="ranking_row_once")
        ]
        indexes = [models.Index(fields=["group", "period"])]

    def __str__(self) -> str:
        return f"{self.group} {self.period} #{self.rank} {self.unit_id}"


class EvaluationStamp(models.Model):
    """One row: changes (new `token`) in the same transaction as every write of stored results —
    a full recompute or an incremental update — and as every other audited write (its audit row
    tells `core.freshness`, whose evaluation listener renews the token). Dashboard caches are
    keyed by the token, so a cached page part is never served after the data it came from
    changed (in any process)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)
    version = models.BigIntegerField(default=0)
    as_of = models.DateField(null=True, blank=True)  # as_of of the latest stored target evaluation
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiên bản kết quả đánh giá")
        verbose_name_plural = _("phiên bản kết quả đánh giá")

    def __str__(self) -> str:
        return f"{self.version} ({self.token})"


class IndicatorRollup(models.Model):
    """Per period, the total, count and last review time of the units' accepted values of one
    summed or averaged indicator (the province itself left out): what the incremental path
    reads instead of grouping every unit's values again (rollups.py)."""

    indicator = models.OneToOneField(
        "registry.Indicator", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    province_id = models.IntegerField(null=True, blank=True)  # the unit left out when it was built
    periods = models.JSONField(
        default=dict
    )  # period code → [total, count, last review ISO or null]
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tổng hợp chỉ số theo kỳ")
        verbose_name_plural = _("tổng hợp chỉ số theo kỳ")

    def __str__(self) -> str:
        return f"{self.indicator_id}: {len(self.periods)} kỳ"
