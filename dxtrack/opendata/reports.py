"""Issued official reports on the open data portal (issue 11, once issue 10's reports landed):
the dataset "Báo cáo đã ban hành" (one row per issued report) and a public download of each
issued report's frozen files (DOCX, PDF, XLSX), never a draft's.

`outputs` owns the reports and lets only the coordinator and leaders open them; outputs and
opendata are siblings of one layer and may not import each other (pyproject's import-linter
contract). So this module reads outputs' two tables through the app registry
(`apps.get_model`), read-only, and only what an issued report makes public: its header (title,
number, period, dates, issuer, version) and the bytes frozen when it was issued. Without the
outputs app installed the dataset is simply empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model

from dxtrack.opendata.schema import ExtraFile

SLUG = "bao-cao-da-ban-hanh"
FILE_FORMATS = {  # the formats outputs freezes, in the order shown
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF", "application/pdf"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _models() -> tuple[type[Model], type[Model]] | None:
    if not apps.is_installed("dxtrack.outputs"):
        return None
    return apps.get_model("outputs", "Report"), apps.get_model("outputs", "ReportFile")


def file_url(pk: int, fmt: str) -> str:
    return f"{str(settings.SITE_URL).rstrip('/')}/du-lieu-mo/{SLUG}/{pk}/tai-ve.{fmt}"


@dataclass(frozen=True)
class IssuedReport:
    pk: int
    number: str
    title: str
    kind: str
    period: str
    as_of: Any
    issued_on: Any
    issued_at: datetime | None
    issuer: str
    version: int
    supersedes: int | None
    content_sha256: str
    simulated: bool
    files: tuple[tuple[str, int, str], ...]  # (format, size, sha256)

    @property
    def label(self) -> str:
        number = f" số {self.number}" if self.number else ""
        return f"{self.title}{number}"


def issued_reports(*, pk: int | None = None) -> list[IssuedReport]:
    """Every issued report (or the one `pk`), newest first, with its frozen files' format, size
    and hash (the bytes are not read). Drafts are never read."""
    models = _models()
    if models is None:
        return []
    report_model, file_model = models
    issued = report_model._default_manager.filter(state="issued")
    if pk is not None:
        issued = issued.filter(pk=pk)
    reports = issued.only(
        "pk",
        "number",
        "title",
        "kind",
        "period",
        "as_of",
        "issued_on",
        "issued_at",
        "issuer",
        "version",
        "supersedes_id",
        "content_sha256",
        "snapshot",
    ).order_by("-issued_on", "-issued_at", "-pk")
    files: dict[int, list[tuple[str, int, str]]] = {}
    stored = file_model._default_manager.filter(report__in=issued).values_list(
        "report_id", "format", "size", "sha256"
    )
    for report_id, fmt, size, sha in stored:
        if fmt in FILE_FORMATS:
            files.setdefault(report_id, []).append((fmt, size, sha))
    order = list(FILE_FORMATS)
    found = []
    for r in reports:
        own = sorted(files.get(r.pk, []), key=lambda f: order.index(f[0]))
        snapshot = getattr(r, "snapshot", None) or {}
        found.append(
            IssuedReport(
                pk=r.pk,
                number=getattr(r, "number", ""),
                title=getattr(r, "title", ""),
                kind=str(r.get_kind_display()),  # type: ignore[attr-defined]
                period=getattr(r, "period", ""),
                as_of=getattr(r, "as_of", None),
                issued_on=getattr(r, "issued_on", None),
                issued_at=getattr(r, "issued_at", None),
                issuer=getattr(r, "issuer", ""),
                version=getattr(r, "version", 1),
                supersedes=getattr(r, "supersedes_id", None),
                content_sha256=getattr(r, "content_sha256", ""),
                simulated=bool(snapshot.get("simulated_any")),
                files=tuple(own),
            )
        )
    return found


def catalog_entry() -> dict[str, Any]:
    """What the catalogue needs of the dataset: rows, issued and modified (the first and the
    latest issue: nothing else changes an issued report), simulated, and the files as
    resources of their own."""
    reports = issued_reports()
    moments = [r.issued_at for r in reports if r.issued_at]
    periods = [r.as_of for r in reports if r.as_of]
    resources = []
    for r in reports:
        for fmt, size, sha in r.files:
            label, mime = FILE_FORMATS[fmt]
            resources.append(
                ExtraFile(
                    id=f"{SLUG}-{r.pk}-{fmt}",
                    title=f"{r.label} ({label})",
                    url=file_url(r.pk, fmt),
                    format=label,
                    mimetype=mime,
                    size=size,
                    sha256=sha,
                    modified=r.issued_at,
                )
            )
    return {
        "rows": len(reports),
        "issued": min(moments) if moments else None,
        "modified": max(moments) if moments else None,
        "span": (min(periods) if periods else None, max(periods) if periods else None),
        "simulated": any(r.simulated for r in reports),
        "files": tuple(resources),
    }


def report_rows() -> Iterator[tuple[Any, ...]]:
    """The dataset's rows, in the order of `schema.REPORT_FIELDS`."""
    for r in issued_reports():
        urls = {fmt: file_url(r.pk, fmt) for fmt, _, _ in r.files}
        yield (
            r.pk,
            r.number,
            r.title,
            r.kind,
            r.period,
            r.as_of,
            r.issued_on,
            r.issuer,
            r.version,
            r.supersedes,
            urls.get("docx", ""),
            urls.get("pdf", ""),
            urls.get("xlsx", ""),
            r.content_sha256,
            r.simulated,
        )


def issued_file(*, pk: int, fmt: str) -> tuple[IssuedReport, bytes, str] | None:
    """An issued report's frozen file (its header, bytes and SHA-256), or None: a draft, an
    unknown report, or a format not produced when it was issued."""
    models = _models()
    if models is None or fmt not in FILE_FORMATS:
        return None
    _, file_model = models
    row = (
        file_model._default_manager.filter(report_id=pk, report__state="issued", format=fmt)
        .values_list("content", "sha256")
        .first()
    )
    if row is None:
        return None
    found = issued_reports(pk=pk)
    return (found[0], bytes(row[0]), row[1]) if found else None
