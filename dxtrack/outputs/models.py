"""Official reports (issue 10): a periodic report to the People's Committee drafted from the data.

A `Report` is a draft while the coordinator works on it: its figures (`snapshot`) are gathered
again on request (`services.report_recompute`) and the paragraphs the coordinator rewrote
(`edits`, by paragraph key) survive that. Issuing freezes it: the snapshot, the edits, the
rendered files (`ReportFile`, bytes in the database) and a content hash are never changed again;
a correction is a new version that supersedes it (`services.report_supersede`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dxtrack.registry.models import Program


class Report(models.Model):
    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Định kỳ quý")
        HALF = "half", _("Định kỳ 6 tháng")
        YEAR = "year", _("Định kỳ năm")
        TOPIC = "topic", _("Chuyên đề")
        ADHOC = "adhoc", _("Đột xuất")

    class Scope(models.TextChoices):
        PROVINCE = "province", _("Toàn tỉnh (mọi chương trình đã công bố)")
        PROGRAM = "program", _("Một chương trình, kế hoạch")
        PILLAR = "pillar", _("Một trụ cột")

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.PROVINCE)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    pillar = models.CharField(max_length=20, blank=True)
    subject = models.CharField(max_length=300, blank=True, help_text="Chủ đề (báo cáo chuyên đề).")
    period = models.CharField(max_length=8, help_text="2026Q3, 2026S1, 2026")
    as_of = models.DateField(help_text="Ngày chốt số liệu.")
    title = models.TextField()
    issuer = models.CharField(max_length=300)
    issuer_parent = models.CharField(max_length=300, blank=True)
    place = models.CharField(max_length=100)
    signer_title = models.CharField(max_length=200)
    signer_name = models.CharField(max_length=200, blank=True)
    recipients = models.JSONField(default=list)
    number = models.CharField(max_length=60, blank=True, help_text="Số văn bản, ví dụ 125/BC-UBND.")
    issued_on = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=8, choices=State.choices, default=State.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    snapshot = models.JSONField(default=dict)
    edits = models.JSONField(default=dict, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        constraints = [
            models.CheckConstraint(
                condition=~Q(scope="program") | Q(program__isnull=False),
                name="report_program_scope_has_program",
            ),
            models.CheckConstraint(
                condition=~Q(scope="pillar") | ~Q(pillar=""),
                name="report_pillar_scope_has_pillar",
            ),
            models.CheckConstraint(
                condition=~Q(state="issued") | ~Q(content_sha256=""),
                name="report_issued_has_hash",
            ),
        ]

    def __str__(self) -> str:
        number = f" số {self.number}" if self.number else ""
        return f"{self.title}{number} (v{self.version})"

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED


class ReportFile(models.Model):
    """A rendered file of an issued report, kept as it was issued (bytes and their SHA-256)."""

    class Format(models.TextChoices):
        DOCX = "docx", "DOCX"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "XLSX"

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp báo cáo đã ban hành")
        verbose_name_plural = _("tệp báo cáo đã ban hành")
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}.{self.format}"
