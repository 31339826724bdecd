"""Reporting rounds (kỳ báo cáo): who owes what for a period, what they sent, and its review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dxtrack.core.models import ReviewState
from dxtrack.registry.models import Indicator, Program, Task, Unit


class Round(models.Model):
    """A reporting period of one or more programs, with its Nghị định 09/2019 window and due date."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã khoá")

    title = models.CharField(max_length=300)
    programs = models.ManyToManyField(Program, related_name="rounds")
    period = models.CharField(max_length=8, db_index=True, help_text="2025, 2025S1, 2025Q3, 202507")
    window_start = models.DateField()
    window_end = models.DateField()
    due_date = models.DateField()
    state = models.CharField(
        max_length=8, choices=State.choices, default=State.DRAFT, db_index=True
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-due_date", "-pk"]
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")), name="round_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED


class Assignment(models.Model):
    """One item a unit owes in a round: a value of an indicator, or the progress of a task."""

    class Kind(models.TextChoices):
        INDICATOR = "indicator", _("Số liệu chỉ số")
        TASK = "task", _("Tiến độ nhiệm vụ")

    class Role(models.TextChoices):
        REPORT = "report", _("Báo cáo")
        NOTE = "note", _("Góp ý (đơn vị phối hợp)")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.REPORT)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )

    class Meta:
        ordering = ["round", "unit", "kind", "pk"]
        verbose_name = _("phân công báo cáo")
        verbose_name_plural = _("phân công báo cáo")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="indicator", indicator__isnull=False, task__isnull=True)
                    | Q(kind="task", task__isnull=False, indicator__isnull=True)
                ),
                name="assignment_has_its_item",
            ),
            models.UniqueConstraint(
                fields=["round", "unit", "indicator"],
                condition=Q(indicator__isnull=False),
                name="assignment_indicator_once",
            ),
            models.UniqueConstraint(
                fields=["round", "unit", "task"],
                condition=Q(task__isnull=False),
                name="assignment_task_once",
            ),
        ]

    def __str__(self) -> str:
        item = self.indicator or self.task
        return f"{self.unit.code}: {item}"


class Observation(models.Model):
    """A value of an indicator for a unit and a period, with its source and review state."""

    State = ReviewState

    class SourceKind(models.TextChoices):
        DOCUMENT = "document", _("Văn bản")
        REPORT = "report", _("Báo cáo định kỳ")
        API = "api", _("Kết nối API")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="observations")
    period = models.CharField(max_length=8, db_index=True)
    value = models.FloatField()
    of_value = models.FloatField(null=True, blank=True, help_text="Tổng số, với dạng X/Y.")
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    source_kind = models.CharField(max_length=10, choices=SourceKind.choices)
    source = models.CharField(max_length=500, blank=True)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.CASCADE, related_name="observations"
    )
    round = models.ForeignKey(
        Round,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    line = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # True for the demo's simulated history (dxtrack demo): shown with a mark on every page and export.
    simulated = models.BooleanField(default=False, db_index=True)
    version = models.PositiveIntegerField(default=1)
    # Reporting (issue 4): the reviewer's comment when returned, and what the validation rules
    # flagged on entry (e.g. {"code": "outlier_mz", "mz": 5.2}) for the reviewer to see.
    review_comment = models.TextField(blank=True)
    flags = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        null=True, blank=True, help_text="Lần gửi đầu tiên: tính đúng hạn hay trễ hạn."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The model lived in the registry until the layers were made one-way (decision 14);
        # its table kept its name, so moving it moved no data.
        db_table = "registry_observation"
        ordering = ["indicator", "period", "unit"]
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        indexes = [models.Index(fields=["indicator", "unit", "state", "period"])]
        constraints = [
            # A unit reports one value of an indicator per period (values quoted from documents
            # may repeat: two plans can quote the same figure).
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=~Q(source_kind="document"),
                name="observation_reported_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.value:g} ({self.period}, {self.unit.code})"


class TaskUpdate(models.Model):
    """Progress of a task for a period by a unit (báo cáo tiến độ), with its review state.

    The evaluation app reads accepted rows: `completed` with evidence → done; `percent_done` for
    at_risk; whether a recurring task was reported in a period.
    """

    State = ReviewState

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        COMPLETED = "completed", _("Đã hoàn thành")
        STOPPED = "stopped", _("Tạm dừng")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_updates")
    round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="task_updates"
    )
    period = models.CharField(max_length=8, db_index=True)
    progress = models.CharField(
        max_length=12, choices=Progress.choices, default=Progress.IN_PROGRESS
    )
    percent_done = models.FloatField(null=True, blank=True)
    narrative = models.TextField(blank=True)
    difficulties = models.TextField(blank=True, help_text="Khó khăn, vướng mắc")
    proposals = models.TextField(blank=True, help_text="Kiến nghị, đề xuất")
    expected_completion = models.DateField(null=True, blank=True)
    # The day the unit says the task was finished (progress "completed"): tells done on time from
    # done late (the Government's four-way task status).
    completed_on = models.DateField(null=True, blank=True)
    # Money disbursed (giải ngân) for the task so far, cumulative, in đồng.
    disbursed = models.BigIntegerField(null=True, blank=True)
    simulated = models.BooleanField(default=False, db_index=True)
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    review_comment = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="Giải trình (khi quy tắc kiểm tra yêu cầu).")
    flags = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task", "period", "unit"]
        verbose_name = _("báo cáo tiến độ nhiệm vụ")
        verbose_name_plural = _("báo cáo tiến độ nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "period"], name="task_update_once"),
            models.CheckConstraint(
                condition=Q(percent_done__isnull=True)
                | Q(percent_done__gte=0, percent_done__lte=100),
                name="task_update_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.unit.code} {self.period}"

    @property
    def completed(self) -> bool:
        return self.progress == self.Progress.COMPLETED


class Evidence(models.Model):
    """A file that backs a value or a task update (minh chứng); stored by hash, never served inline."""

    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    task_update = models.ForeignKey(
        TaskUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        constraints = [
            models.CheckConstraint(
                condition=Q(observation__isnull=False) | Q(task_update__isnull=False),
                name="evidence_belongs_to_an_item",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def item(self) -> Observation | TaskUpdate:
        """The value or task update the file backs (the constraint says there is one)."""
        item = self.observation or self.task_update
        assert item is not None, "evidence_belongs_to_an_item"
        return item


class IndicatorProfile(models.Model):
    """How an indicator's values are checked on entry (rules are data the coordinator can see).

    Without a row, the profile is derived from the indicator's unit of measure
    (`rules.default_profile`); a row overrides it (set in the admin by the coordinator).
    """

    class Measure(models.TextChoices):
        PERCENT = "percent", _("Tỷ lệ phần trăm (0–100)")
        COUNT = "count", _("Số đếm (số nguyên, không âm)")
        INDEX = "index", _("Chỉ số (trong khoảng cho phép)")
        RANK = "rank", _("Thứ hạng (số nguyên, từ 1)")
        AMOUNT = "amount", _("Đại lượng đo (không âm)")
        RATE = "rate", _("Tốc độ tăng (có thể âm)")

    indicator = models.OneToOneField(Indicator, on_delete=models.CASCADE, related_name="profile")
    measure = models.CharField(max_length=10, choices=Measure.choices)
    min_value = models.FloatField(null=True, blank=True)
    max_value = models.FloatField(null=True, blank=True)
    cumulative = models.BooleanField(
        default=False,
        help_text="Số liệu lũy kế: không được giảm so với kỳ trước nếu không giải trình.",
    )

    class Meta:
        verbose_name = _("quy tắc kiểm tra chỉ số")
        verbose_name_plural = _("quy tắc kiểm tra chỉ số")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="indicator_profile_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.get_measure_display()}"


class ValueRevision(models.Model):
    """Every version of a reported value or task update, with who did what (the item's history)."""

    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    task_update = models.ForeignKey(
        TaskUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=20)
    state = models.CharField(max_length=20)
    data = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    via = models.CharField(max_length=10, default="web", help_text="web, excel, api, cli")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("lịch sử số liệu")
        verbose_name_plural = _("lịch sử số liệu")
        constraints = [
            models.CheckConstraint(
                condition=Q(observation__isnull=False) | Q(task_update__isnull=False),
                name="revision_belongs_to_an_item",
            ),
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.action} ({self.actor_name})"


class UnitApprovalPolicy(models.Model):
    """Whether a unit's leader signs off (ký duyệt) what its reporters send before it reaches the
    coordinator. Without a row the setting `REPORTING_UNIT_APPROVAL` (default on) decides; either
    way a unit with no active approver account sends straight to the coordinator."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="approval_policy")
    approval_required = models.BooleanField(
        default=True,
        help_text="Báo cáo của cán bộ phải được lãnh đạo đơn vị duyệt trước khi gửi Sở KH&CN.",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("quy định duyệt của đơn vị")
        verbose_name_plural = _("quy định duyệt của đơn vị")

    def __str__(self) -> str:
        return f"{self.unit}: {'cần duyệt' if self.approval_required else 'gửi thẳng'}"


class Reminder(models.Model):
    """One reminder to one unit for one round, of one kind; the row is the queue (sent once)."""

    class Kind(models.TextChoices):
        BEFORE_DUE = "before_due", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")
        APPROVAL = "approval", _("Chờ lãnh đạo đơn vị duyệt")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.JSONField(default=list, blank=True)
    missing = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nhắc hạn")
        verbose_name_plural = _("nhắc hạn")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "kind"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit} — {self.round}"


class Notice(models.Model):
    """An in-app notice to a user (reminders, returned items)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dx_notices"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.text


class IdempotencyKey(models.Model):
    """An API write's `Idempotency-Key`: a retry returns the first response, nothing is stored twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa chống gửi trùng")
        verbose_name_plural = _("khóa chống gửi trùng")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"


# Round creation jobs live with their services (reporting/jobs.py); imported here so that
# Django registers the model with the app.
from dxtrack.reporting.jobs import RoundJob  # noqa: E402, F401
