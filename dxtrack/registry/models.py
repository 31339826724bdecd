"""The registry: units, programs and what they set (goals, targets, indicators, tasks).

Writes go through `services.py` (one transaction, one audit row); reads through `selectors.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dxtrack.core.text import shorten_text
from dxtrack.core.vn import fold


class Unit(models.Model):
    """Anything that leads, coordinates or reports: a department, a commune, an enterprise…"""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE = "commune", _("Xã, phường")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        COLLECTIVE = "collective", _("Nhóm đơn vị")
        EXTERNAL = "external", _("Đơn vị khác")

    code = models.SlugField(
        max_length=64,
        unique=True,
        help_text="Mã xã 5 chữ số (QĐ 19/2025/QĐ-TTg) hoặc mã ổn định của sở.",
    )
    name = models.CharField(max_length=300)
    short_name = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    is_sme = models.BooleanField(default=False, help_text="Doanh nghiệp nhỏ và vừa.")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aliases = models.JSONField(default=list, blank=True)
    search_key = models.CharField(max_length=600, db_index=True, editable=False)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors"
    )
    auto_created = models.BooleanField(
        default=False, help_text="Tạo khi nạp văn bản vì tên chưa có trong danh mục; cần rà soát."
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, not logic: the search key always follows the names.
        self.search_key = " | ".join(
            fold(n) for n in [self.name, self.short_name, *self.aliases] if n
        )
        super().save(*args, **kwargs)

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or self.valid_to >= on
        )


class Role(models.Model):
    """What a user may do, and for which unit (reporters and approvers belong to one unit)."""

    class Name(models.TextChoices):
        ADMIN = "admin", _("Quản trị hệ thống")
        COORDINATOR = "coordinator", _("Cơ quan điều phối")
        LEADER = "leader", _("Lãnh đạo, Ban Chỉ đạo")
        REPORTER = "reporter", _("Cán bộ báo cáo của đơn vị")
        APPROVER = "approver", _("Lãnh đạo đơn vị (duyệt báo cáo)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dx_role"
    )
    name = models.CharField(max_length=20, choices=Name.choices)
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name__in=["reporter", "approver"]) | Q(unit__isnull=False),
                name="unit_roles_need_a_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_name_display()}" + (f" ({self.unit})" if self.unit else "")


class Program(models.Model):
    """One plan document: a nghị quyết, quyết định, kế hoạch or đề án."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")

    key = models.CharField(
        max_length=200, unique=True, help_text="Số hiệu văn bản, hoặc tên khi văn bản không có số."
    )
    number = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=40, blank=True)
    title = models.TextField()
    issuer = models.CharField(max_length=300, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=100, blank=True)
    horizon_year = models.PositiveSmallIntegerField(null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    source_name = models.CharField(max_length=300, blank=True)
    source_note = models.TextField(blank=True)
    source_text = models.TextField(blank=True)
    extraction_sha256 = models.CharField(max_length=64, blank=True)
    budget_stated_vnd = models.BigIntegerField(null=True, blank=True)
    budget_parts = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # A draft amendment (điều chỉnh, bổ sung) of a published program: reviewed like any draft,
    # its accepted changes are applied to the program it amends when it is published.
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="amendments"
    )

    class Meta:
        ordering = ["-issued_on", "key"]
        verbose_name = _("chương trình, kế hoạch")
        verbose_name_plural = _("chương trình, kế hoạch")

    def __str__(self) -> str:
        return f"{self.kind} {self.number}".strip() if self.number else shorten_text(self.title, 80)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def source_line(self, line: int) -> str:
        lines = self.source_text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


class ProgramVersion(models.Model):
    """One amendment (điều chỉnh, bổ sung) applied to a published program: the amending
    document, who applied it and when, the changes it made, and the text it replaced (the
    previous version's line numbers stay readable)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(help_text="Phiên bản 1 là bản công bố đầu tiên.")
    document_number = models.CharField(max_length=80, blank=True)
    document_date = models.DateField(null=True, blank=True)
    document_title = models.TextField(blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    source_text = models.TextField(blank=True)
    previous_source_text = models.TextField(blank=True)
    changes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "number"]
        unique_together = [("program", "number")]
        verbose_name = _("phiên bản điều chỉnh")
        verbose_name_plural = _("phiên bản điều chỉnh")

    def __str__(self) -> str:
        return self.document_number or f"{_('phiên bản')} {self.number}"


class Goal(models.Model):
    """A goal statement as written (mục tiêu), with its section and source line."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveIntegerField()
    section = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["program", "order"]
        unique_together = [("program", "order")]
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")

    def __str__(self) -> str:
        return shorten_text(self.text, 100)


class Indicator(models.Model):
    """What is measured, shared across programs (one indicator carries the 2025 and 2030 targets)."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Càng cao càng tốt")
        DECREASE = "decrease", _("Càng thấp càng tốt")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Tổng")
        MEAN = "mean", _("Trung bình")
        WEIGHTED = "weighted", _("Bình quân gia quyền")
        PROVINCE = "province", _("Chỉ số liệu cấp tỉnh")

    code = models.SlugField(
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        help_text="Mã trong danh mục chỉ số dùng chung (data/indicators.json).",
    )
    name = models.CharField(max_length=500)
    search_key = models.CharField(max_length=500, db_index=True, editable=False)
    unit = models.CharField(max_length=60, blank=True, help_text="Đơn vị tính: %, doanh nghiệp…")
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    aggregation = models.CharField(
        max_length=10, choices=Aggregation.choices, default=Aggregation.PROVINCE
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    periodicity = models.CharField(max_length=10, default="year")
    formula = models.TextField(blank=True)
    responsible_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(self.name)[:500]
        super().save(*args, **kwargs)


COMPARATORS = [
    (">", pgettext_lazy("comparator", "trên")),
    (">=", pgettext_lazy("comparator", "tối thiểu")),
    ("=", pgettext_lazy("comparator", "bằng")),
    ("<", pgettext_lazy("comparator", "dưới")),
    ("<=", pgettext_lazy("comparator", "tối đa")),
    ("top", pgettext_lazy("comparator", "thuộc nhóm dẫn đầu")),
    ("increase", pgettext_lazy("comparator", "tăng")),
    ("decrease", pgettext_lazy("comparator", "giảm")),
]


class Target(models.Model):
    """One threshold of a goal (chỉ tiêu): comparator, value, unit, deadline and scope."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="targets")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    subject = models.CharField(max_length=500, blank=True)
    comparator = models.CharField(max_length=10, choices=COMPARATORS)
    value = models.FloatField()
    unit = models.CharField(max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    scope = models.CharField(max_length=200, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    baseline_period = models.CharField(max_length=8, blank=True)
    owner = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    # Set when an amendment repealed the target: it stays, with its data, marked as repealed.
    repealed_by = models.ForeignKey(
        ProgramVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["program", "goal__order", "order"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="target_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=[c for c, _ in COMPARATORS]),
                name="target_comparator_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject or self.indicator.name} {self.comparator} {self.value:g} {self.unit}"

    @property
    def line(self):
        return self.goal.line


class Task(models.Model):
    """One task (nhiệm vụ) of a program, with its lead and coordinating units."""

    class Recurrence(models.TextChoices):
        ANNUAL = "annual", _("Hằng năm")
        CONTINUOUS = "continuous", _("Thường xuyên")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField()
    code = models.CharField(max_length=20, blank=True)
    group = models.CharField(max_length=500, blank=True)
    name = models.TextField()
    units = models.ManyToManyField(Unit, through="TaskUnit", related_name="tasks")
    timeframe = models.CharField(max_length=200, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    recurrence = models.CharField(max_length=12, choices=Recurrence.choices, blank=True)
    budget_vnd = models.BigIntegerField(null=True, blank=True)
    budget_per_year = models.BooleanField(default=False)
    budget_source = models.CharField(max_length=200, blank=True)
    product = models.TextField(blank=True)
    line = models.PositiveIntegerField(null=True, blank=True)
    # Set when an amendment repealed the task: it stays, with its updates, marked as repealed.
    repealed_by = models.ForeignKey(
        ProgramVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["program", "order"]
        unique_together = [("program", "order")]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_quarter__isnull=True) | Q(end_quarter__gte=1, end_quarter__lte=4),
                name="task_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(budget_vnd__isnull=True) | Q(budget_vnd__gte=0),
                name="task_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="task_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {shorten_text(self.name, 90)}".strip()

    def leads(self):
        return [tu for tu in self.task_units.all() if tu.role == TaskUnit.Role.LEAD]

    def coordinators(self):
        return [tu for tu in self.task_units.all() if tu.role == TaskUnit.Role.COORDINATOR]


class TaskUnit(models.Model):
    """A unit named on a task, with the name as the plan wrote it (kept for provenance)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATOR = "coordinator", _("Phối hợp")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_units")
    role = models.CharField(max_length=12, choices=Role.choices)
    written_name = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["task", "role", "order"]
        unique_together = [("task", "unit", "role")]
        verbose_name = _("đơn vị thực hiện nhiệm vụ")
        verbose_name_plural = _("đơn vị thực hiện nhiệm vụ")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.written_name}"


class IndicatorResponsibility(models.Model):
    """Who reports an indicator: one unit, or a group of units (every commune, the telecom
    enterprises…), as the lead (its figure is the province's for a province-level indicator) or
    a contributing unit. The coordinator edits it on the indicator's page; rounds assign the
    indicator's values from it."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì báo cáo")
        CONTRIBUTING = "contributing", _("Phối hợp cung cấp số liệu")

    class Group(models.TextChoices):
        COMMUNES = "communes", _("Tất cả xã, phường")
        DEPARTMENTS = "departments", _("Các sở, ban, ngành thuộc UBND tỉnh")
        TELECOM = "telecom", _("Các doanh nghiệp viễn thông")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="responsibilities"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="responsibilities"
    )
    group = models.CharField(max_length=20, choices=Group.choices, blank=True)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.LEAD)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "role", "group", "unit__name"]
        verbose_name = _("trách nhiệm báo cáo chỉ số")
        verbose_name_plural = _("trách nhiệm báo cáo chỉ số")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(group=""))
                | (Q(unit__isnull=True) & ~Q(group="")),
                name="responsibility_unit_or_group",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit"],
                condition=Q(unit__isnull=False),
                name="responsibility_unit_once",
            ),
            models.UniqueConstraint(
                fields=["indicator", "group"],
                condition=~Q(group=""),
                name="responsibility_group_once",
            ),
        ]

    def __str__(self) -> str:
        who = self.unit.name if self.unit else self.get_group_display()
        return f"{self.get_role_display()}: {who}"
