"""Registry writes. Each action runs in one transaction and writes its audit row in it."""

import hashlib
import json
import re
import tempfile
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from dxtrack.core import permissions
from dxtrack.core.audit import audit_record, changed, snapshot
from dxtrack.core.safe_errors import without_paths
from dxtrack.core.templatetags.vn import vnnum
from dxtrack.core.text import capitalise_first
from dxtrack.core.vn import fold, slugify_vi
from dxtrack.docimport import DocumentError, extract_file, read_file_text
from dxtrack.registry.catalogue import CatalogueEntry, catalogue_match, measure_texts
from dxtrack.registry.extensions import program_contents_load
from dxtrack.registry.extraction import validate_extraction
from dxtrack.registry.models import (
    Goal,
    Indicator,
    IndicatorResponsibility,
    Program,
    Target,
    Task,
    TaskUnit,
    Unit,
)
from dxtrack.registry.resolve import UnitResolver, indicator_match


class LoadError(Exception):
    """An extraction that cannot be loaded; `errors` lists what and where, nothing was written."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or []


class LinkText(str):
    """A line of an error's list that a page shows as a link to `url` (what to do next); a
    command line prints its words."""

    url: str

    def __new__(cls, text: str, *, url: str) -> "LinkText":
        line = super().__new__(cls, text)
        line.url = url
        return line


@dataclass
class LoadReport:
    program: Program
    created: bool
    unchanged: bool = False
    goals: int = 0
    targets: int = 0
    tasks: int = 0
    observations: int = 0
    new_units: list[str] = field(default_factory=list)
    new_indicators: int = 0
    skipped: list[str] = field(default_factory=list)


def _require_registry_manager(acting_user: User | None) -> None:
    """Registry writes are the coordinator's or an admin's. `None` is the system itself: the
    command line and the demo loader, run by whoever operates the server."""
    if acting_user is not None:
        permissions.require(permissions.can_manage_registry(acting_user))


def program_key(*, document: dict[str, Any]) -> str:
    number = (document.get("number") or "").strip()
    if number:
        return number
    return "ten:" + slugify_vi(document.get("title") or "")[:190]


def extraction_digest(*, data: dict[str, Any], source_text: str) -> str:
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n" + source_text
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def province_unit() -> Unit:
    code = settings.PROVINCE_UNIT_CODE
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise LoadError(
            f"Chưa có đơn vị cấp tỉnh mã {code!r} trong danh mục: hãy nạp danh mục "
            f"đơn vị trước (dxtrack load-units)."
        ) from None


@transaction.atomic
def program_load_extraction(
    *,
    data: dict[str, Any],
    source_text: str = "",
    source_name: str = "",
    source_note: str = "",
    acting_user: User | None = None,
) -> LoadReport:
    """Turn one importer output into a draft program. Loading the same file again changes nothing."""
    _require_registry_manager(acting_user)
    errors = validate_extraction(data)
    if errors:
        raise LoadError(
            gettext("Tệp %(name)s có %(n)s lỗi, không nạp gì.")
            % {"name": source_name or gettext("trích xuất"), "n": len(errors)},
            errors,
        )
    document = data["document"]
    key = program_key(document=document)
    digest = extraction_digest(data=data, source_text=source_text)
    program = Program.objects.filter(key=key).first()
    if program and program.extraction_sha256 == digest:
        return LoadReport(program=program, created=False, unchanged=True)
    if program and program.is_published:
        raise LoadError(
            gettext(
                "Chương trình %(key)s đã công bố; không thể nạp đè. Để điều chỉnh, bổ sung, hãy "
                "mở trang chương trình và chọn “Điều chỉnh chương trình”: văn bản mới thành một "
                "phiên bản để rà soát, lịch sử được giữ."
            )
            % {"key": key},
            [
                LinkText(
                    gettext("Mở trang “Điều chỉnh chương trình” của %(key)s") % {"key": key},
                    url=reverse("review-amend", args=[program.pk]),
                )
            ],
        )
    created = program is None
    before = snapshot(program) if program else None
    if program:
        _clear_program_content(program)
    else:
        program = Program(key=key)
    _fill_program(program, document, data, source_text, source_name, source_note, digest)
    program.save()
    report = LoadReport(program=program, created=created)
    resolver = UnitResolver.build()
    province = province_unit()
    _load_goals_and_targets(program, data.get("targets") or [], report)
    # The values the plan reports are reporting's (registered in ReportingConfig.ready).
    program_contents_load(
        program=program, data=data, province=province, resolver=resolver, report=report
    )
    _load_tasks(program, data.get("tasks") or [], resolver, report, acting_user)
    after = snapshot(program, ["key", "number", "title", "status", "extraction_sha256"])
    after.update(
        goals=report.goals,
        targets=report.targets,
        tasks=report.tasks,
        observations=report.observations,
    )
    audit_record(
        actor=acting_user,
        action="program.load",
        obj=program,
        before=before and {k: before.get(k) for k in ("key", "extraction_sha256")},
        after=after,
        comment=source_name,
    )
    return report


def _clear_program_content(program: Program) -> None:
    program.tasks.all().delete()
    program.targets.all().delete()
    program.goals.all().delete()


def _clip(text: object, size: int) -> str:
    """Fit a document string into its column; a cut string ends with an ellipsis."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def parse_date(value: object) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value))


def _fill_program(
    program: Program,
    document: dict[str, Any],
    data: dict[str, Any],
    source_text: str,
    source_name: str,
    source_note: str,
    digest: str,
) -> None:
    budget = data.get("budget") or {}
    program.number = _clip(document.get("number"), 80)
    program.kind = _clip(document.get("kind"), 40)
    program.title = (document.get("title") or program.key).strip()
    program.issuer = _clip(document.get("issuer"), 300)
    program.issued_on = parse_date(document.get("issued_on"))
    program.place = _clip(document.get("place"), 100)
    program.horizon_year = document.get("horizon_year") or _horizon(data)
    program.source_name = _clip(source_name, 300)
    program.source_note = source_note
    program.source_text = source_text
    program.extraction_sha256 = digest
    program.budget_stated_vnd = budget.get("stated_total_vnd")
    program.budget_parts = budget.get("parts") or []
    program.warnings = data.get("warnings") or []


def _horizon(data: dict[str, Any]) -> int | None:
    years = [m.get("year") for t in data.get("targets") or [] for m in t.get("measures") or []]
    years += [t.get("end_year") for t in data.get("tasks") or []]
    years = [y for y in years if isinstance(y, int)]
    return max(years) if years else None


def _load_goals_and_targets(
    program: Program, records: list[dict[str, Any]], report: LoadReport
) -> None:
    indicators = IndicatorFinder()
    for order, record in enumerate(records, start=1):
        goal = Goal.objects.create(
            program=program,
            order=order,
            text=record["text"],
            section=_clip(record.get("section"), 300),
            line=record.get("line"),
        )
        report.goals += 1
        measures = record.get("measures") or []
        # A statement's other things never share an indicator; the same thing in another year
        # of the row does ("Chanh leo" 2026 … 2030 is one indicator with five targets).
        used_in_goal: dict[int, str] = {}
        for position, measure in enumerate(measures):
            thing = fold(f"{measure.get('subject') or ''} {measure.get('scope') or ''}")
            indicator, is_new = indicators.find(
                texts=measure_texts(measure, record, measures, issuer=program.issuer),
                subject=measure.get("subject") or record["text"],
                unit=measure.get("unit") or "",
                scope=measure.get("scope") or "",
                avoid={pk for pk, other in used_in_goal.items() if other != thing},
            )
            used_in_goal.setdefault(indicator.pk, thing)
            report.new_indicators += is_new
            if measure.get("comparator") == "decrease" and is_new:
                indicator.direction = Indicator.Direction.DECREASE
                indicator.save(update_fields=["direction"])
            Target.objects.create(
                program=program,
                goal=goal,
                order=position,
                indicator=indicator,
                subject=capitalise_first(_clip(measure.get("subject"), 500)),
                comparator=measure["comparator"],
                value=float(measure["value"]),
                unit=_clip(measure.get("unit"), 60),
                year=measure.get("year") or program.horizon_year,
                quarter=measure.get("quarter"),
                scope=_clip(measure.get("scope"), 200),
            )
            report.targets += 1


class IndicatorFinder:
    """Finds the indicator a measure or result is about: the catalogue first, then similarity."""

    def __init__(self) -> None:
        self.indicators = list(Indicator.objects.all())
        self.by_code = {i.code: i for i in self.indicators if i.code}

    def find(
        self,
        *,
        texts: list[str],
        subject: str,
        unit: str,
        scope: str = "",
        avoid: AbstractSet[int] = frozenset(),
    ) -> tuple[Indicator, bool]:
        entry = catalogue_match(texts, unit)
        if entry is not None:
            return self._from_catalogue(entry, scope)
        described = (
            f"{subject} ({scope})" if scope and fold(scope) not in fold(subject) else subject
        )
        candidates = [i for i in self.indicators if i.pk not in avoid and not i.code]
        found = indicator_match(described, unit, candidates)
        if found:
            return found, False
        return self._create(
            name=capitalise_first(_clip(described, 500)) or "(chưa đặt tên)", unit=_clip(unit, 60)
        )

    def _from_catalogue(self, entry: CatalogueEntry, scope: str) -> tuple[Indicator, bool]:
        code = entry.code_for_scope(scope)
        if code in self.by_code:
            return self.by_code[code], False
        unit = entry.unit if entry.unit != "count" else ""
        return self._create(name=entry.name_for_scope(scope), unit=unit, code=code)

    def _create(self, **fields: Any) -> tuple[Indicator, bool]:
        indicator = Indicator.objects.create(**fields)
        self.indicators.append(indicator)
        if indicator.code:
            self.by_code[indicator.code] = indicator
        return indicator, True


def _load_tasks(
    program: Program,
    records: list[dict[str, Any]],
    resolver: UnitResolver,
    report: LoadReport,
    acting_user: User | None,
) -> None:
    for order, record in enumerate(records, start=1):
        task = Task.objects.create(
            program=program,
            order=order,
            code=_clip(record.get("code"), 20),
            group=_clip(record.get("group"), 500),
            name=record["name"],
            timeframe=_clip(record.get("timeframe"), 200),
            start_year=record.get("start_year"),
            end_year=record.get("end_year"),
            end_quarter=record.get("end_quarter"),
            recurrence=record.get("recurrence") or "",
            budget_vnd=record.get("budget_vnd"),
            budget_per_year=bool(record.get("budget_per_year")),
            budget_source=_clip(record.get("budget_source"), 200),
            product=record.get("product") or "",
            line=record.get("line"),
        )
        report.tasks += 1
        for role, names in (
            (TaskUnit.Role.LEAD, record.get("lead") or []),
            (TaskUnit.Role.COORDINATOR, record.get("coordinators") or []),
        ):
            for position, written in enumerate(names):
                unit = resolver.resolve(written) or _unit_auto_create(
                    written, resolver, report, acting_user
                )
                TaskUnit.objects.get_or_create(
                    task=task,
                    unit=unit,
                    role=role,
                    defaults={"written_name": _clip(written, 300), "order": position},
                )


def unit_external_get_or_create(*, name: str, note: str) -> tuple[Unit, bool]:
    """The external unit kept for a name the registry does not know (as written, code
    "x-<slug>", to be mapped to a real unit later), and whether it was created now."""
    clean = " ".join(name.split()).rstrip(".")
    code = ("x-" + slugify_vi(clean))[:64].rstrip("-")
    return Unit.objects.get_or_create(
        code=code,
        defaults={
            "name": clean[:300],
            "kind": Unit.Kind.EXTERNAL,
            "auto_created": True,
            "note": note,
        },
    )


def _unit_auto_create(
    name: str, resolver: UnitResolver, report: LoadReport, acting_user: User | None
) -> Unit:
    """A name the registry does not know: kept as written, as an external unit to review."""
    unit, created = unit_external_get_or_create(
        name=name, note="Tên chưa có trong danh mục, tạo khi nạp văn bản."
    )
    if created:
        report.new_units.append(unit.name)
        audit_record(actor=acting_user, action="unit.auto_create", obj=unit, after=snapshot(unit))
    resolver.add(unit)
    return unit


PLAN_SUFFIXES = (".docx", ".pdf", ".txt", ".md")


def unreadable_upload_message(error: DocumentError, *, name: str, suffix: str) -> str:
    """One plain sentence for a reviewer: what is wrong with the uploaded file and what to do.
    The reader's own message names the temporary copy and speaks of zip parts and %PDF headers;
    the usual cases are said here in words, the rare ones keep the reader's reason."""
    plain = {
        ("corrupt", ".pdf"): gettext(
            "Tệp %(name)s không phải là PDF hợp lệ (có thể là tệp khác đổi đuôi, hoặc tệp bị "
            "hỏng). Hãy mở tệp bằng trình đọc PDF để kiểm tra, hoặc dùng bản .docx."
        ),
        ("corrupt", ".docx"): gettext(
            "Tệp %(name)s không phải là tài liệu Word (.docx) hợp lệ (có thể là tệp khác đổi "
            "đuôi, hoặc tệp bị hỏng). Hãy mở tệp bằng Word và lưu lại thành .docx, hoặc dùng bản "
            "PDF có lớp chữ."
        ),
        ("no-text", ".pdf"): gettext(
            "Tệp %(name)s là PDF không có lớp chữ (có thể là bản quét), nên không đọc được nội "
            "dung. Hãy dùng bản .docx hoặc bản PDF có chữ."
        ),
        ("encrypted", ".pdf"): gettext(
            "Tệp %(name)s được đặt mật khẩu. Hãy gỡ mật khẩu rồi nạp lại."
        ),
        ("encrypted", ".docx"): gettext(
            "Tệp %(name)s được đặt mật khẩu hoặc là định dạng .doc cũ. Hãy gỡ mật khẩu, lưu lại "
            "thành .docx rồi nạp lại."
        ),
        ("binary", suffix): gettext(
            "Tệp %(name)s có đuôi văn bản nhưng không chứa văn bản (có thể là tệp khác đổi "
            "đuôi). Hãy dùng tệp .docx, .pdf có lớp chữ, .txt hoặc .md."
        ),
        ("empty", suffix): gettext(
            "Tệp %(name)s không có nội dung văn bản. Hãy kiểm tra lại tệp đã chọn."
        ),
    }.get((error.code, suffix))
    if plain is None:
        plain = gettext("Tệp %(name)s không đọc được: %(reason)s")
        return plain % {"name": name, "reason": without_paths(error.message, name=name)}
    return plain % {"name": name}


def plan_upload_read(*, uploaded: "File[bytes]", max_bytes: int) -> tuple[dict[str, Any], str, str]:
    """An uploaded plan file read by the importer: (extraction, text, the file's own name).

    The importer checks the content itself (a .docx must be a sound zip, a .pdf must have a text
    layer, text must be UTF-8); here only what the upload itself says: its name and size.
    """
    name = Path(uploaded.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise LoadError(
            gettext("Tệp %(name)s: chỉ nhận văn bản %(suffixes)s.")
            % {"name": name, "suffixes": ", ".join(PLAN_SUFFIXES)}
        )
    if uploaded.size is None or uploaded.size > max_bytes:
        raise LoadError(
            gettext("Tệp %(name)s quá lớn (%(size)s MB; tối đa %(max)s MB).")
            % {
                "name": name,
                "size": vnnum(round((uploaded.size or 0) / 1048576, 1)),
                "max": max_bytes // 1048576,
            }
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with open(path, "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        try:
            data, text = extract_file(path), read_file_text(path)
        except DocumentError as error:
            raise LoadError(unreadable_upload_message(error, name=name, suffix=suffix)) from None
    data["document"]["source_file"] = name
    return data, text, name


def program_import_document(
    *, uploaded: "File[bytes]", acting_user: User | None, max_bytes: int
) -> LoadReport:
    """An uploaded plan file → the importer → a draft program. Refused files change nothing."""
    _require_registry_manager(acting_user)
    data, text, name = plan_upload_read(uploaded=uploaded, max_bytes=max_bytes)
    return program_load_extraction(
        data=data, source_text=text, source_name=name, acting_user=acting_user
    )


@transaction.atomic
def program_publish(*, program: Program, acting_user: User | None) -> Program:
    _require_registry_manager(acting_user)
    if program.is_published:
        return program
    before = snapshot(program, ["status", "published_at"])
    program.status = Program.Status.PUBLISHED
    program.published_at = timezone.now()
    program.save(update_fields=["status", "published_at"])
    audit_record(
        actor=acting_user,
        action="program.publish",
        obj=program,
        before=before,
        after=snapshot(program, ["status", "published_at"]),
    )
    return program


@transaction.atomic
def program_unpublish(*, program: Program, acting_user: User | None) -> Program:
    _require_registry_manager(acting_user)
    before = snapshot(program, ["status", "published_at"])
    program.status, program.published_at = Program.Status.DRAFT, None
    program.save(update_fields=["status", "published_at"])
    audit_record(
        actor=acting_user,
        action="program.unpublish",
        obj=program,
        before=before,
        after=snapshot(program, ["status", "published_at"]),
    )
    return program


@transaction.atomic
def units_load_registry(*, data: dict[str, Any], acting_user: User | None = None) -> dict[str, int]:
    _require_registry_manager(acting_user)
    """Create or update the bundled unit registry (data/<province>/units.json); idempotent."""
    rows = data.get("units")
    if not isinstance(rows, list) or not rows:
        raise LoadError("Tệp danh mục đơn vị phải có danh sách 'units' không rỗng.")
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    by_code = {}
    for index, row in enumerate(rows, start=1):
        by_code[row["code"]] = _unit_upsert(row, index, acting_user, counts)
    for row in rows:
        unit = by_code[row["code"]]
        if row.get("parent"):
            unit.parent = _known(by_code, row["parent"], row["code"])
            unit.save(update_fields=["parent"])
        wanted = {_known(by_code, c, row["code"]).pk for c in row.get("successors") or []}
        if wanted != set(unit.successors.values_list("pk", flat=True)):
            unit.successors.set(wanted)
    return counts


def _known(by_code: dict[str, Unit], code: str, referrer: str) -> Unit:
    if code in by_code:
        return by_code[code]
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise LoadError(f"Đơn vị {referrer}: mã {code!r} không có trong danh mục.")
    return unit


UNIT_FIELDS = ("name", "short_name", "kind", "aliases", "valid_from", "valid_to", "note", "is_sme")


def _unit_upsert(
    row: dict[str, Any], index: int, acting_user: User | None, counts: dict[str, int]
) -> Unit:
    missing = [f for f in ("code", "name", "kind") if not row.get(f)]
    if missing:
        raise LoadError(f"Đơn vị thứ {index}: thiếu trường {', '.join(missing)}.")
    if row["kind"] not in Unit.Kind.values:
        raise LoadError(f"Đơn vị {row['code']}: loại {row['kind']!r} không hợp lệ.")
    values = {
        "name": row["name"],
        "short_name": row.get("short_name") or "",
        "kind": row["kind"],
        "aliases": row.get("aliases") or [],
        "valid_from": parse_date(row.get("valid_from")),
        "valid_to": parse_date(row.get("valid_to")),
        "note": row.get("note") or "",
        "is_sme": bool(row.get("is_sme")),
    }
    unit = Unit.objects.filter(code=row["code"]).first()
    if unit is None:
        unit = Unit.objects.create(code=row["code"], **values)
        counts["created"] += 1
        audit_record(actor=acting_user, action="unit.create", obj=unit, after=snapshot(unit))
        return unit
    before = snapshot(unit, list(UNIT_FIELDS))
    for name, value in values.items():
        setattr(unit, name, value)
    after = snapshot(unit, list(UNIT_FIELDS))
    if before == after:
        counts["unchanged"] += 1
        return unit
    unit.save()
    counts["updated"] += 1
    old, new = changed(before, after)
    audit_record(actor=acting_user, action="unit.update", obj=unit, before=old, after=new)
    return unit


# -- indicator responsibility ------------------------------------------------------------------


class ResponsibilityError(ValueError):
    """A responsibility list that cannot be saved; the message says what is wrong, in Vietnamese."""


@dataclass(frozen=True)
class ResponsibilityRow:
    """One line of an indicator's responsibility: a unit or a group, lead or contributing."""

    role: str
    unit: Unit | None = None
    group: str = ""
    note: str = ""


def _responsibility_picture(indicator: Indicator) -> list[dict[str, str]]:
    return [
        {"role": r.role, "unit": r.unit.code if r.unit else "", "group": r.group, "note": r.note}
        for r in IndicatorResponsibility.objects.filter(indicator=indicator)
        .select_related("unit")
        .order_by("role", "group", "unit__code")
    ]


def _responsibility_check(rows: list[ResponsibilityRow]) -> None:
    seen: set[tuple[str, object]] = set()
    for row in rows:
        if row.role not in IndicatorResponsibility.Role.values:
            raise ResponsibilityError(f"Vai trò không hợp lệ: {row.role!r}.")
        if (row.unit is None) == (not row.group):
            raise ResponsibilityError("Mỗi dòng trách nhiệm nêu một đơn vị hoặc một nhóm đơn vị.")
        if row.group and row.group not in IndicatorResponsibility.Group.values:
            raise ResponsibilityError(f"Nhóm đơn vị không hợp lệ: {row.group!r}.")
        key = ("unit", row.unit.pk) if row.unit is not None else ("group", row.group)
        if key in seen:
            who = row.unit.name if row.unit is not None else row.group
            raise ResponsibilityError(
                f"{who} được nêu hai lần (vừa chủ trì vừa phối hợp?): mỗi đơn vị một vai trò."
            )
        seen.add(key)


@transaction.atomic
def indicator_responsibilities_set(
    *,
    indicator: Indicator,
    rows: list[ResponsibilityRow],
    acting_user: User | None,
    comment: str = "",
) -> list[IndicatorResponsibility]:
    """Replace the indicator's responsibilities with `rows` (the coordinator's or an admin's
    write; `None` is the demo loader). Empty `rows`: rounds fall back to the registry's rule."""
    _require_registry_manager(acting_user)
    _responsibility_check(rows)
    before = _responsibility_picture(indicator)
    IndicatorResponsibility.objects.filter(indicator=indicator).delete()
    created = IndicatorResponsibility.objects.bulk_create(
        [
            IndicatorResponsibility(
                indicator=indicator,
                unit=row.unit,
                group=row.group,
                role=row.role,
                note=row.note[:300],
            )
            for row in rows
        ]
    )
    after = _responsibility_picture(indicator)
    if before != after:
        audit_record(
            actor=acting_user,
            action="indicator.responsibility_set",
            obj=indicator,
            before={"responsibilities": before},
            after={"responsibilities": after},
            comment=comment.strip()[:500],
        )
    return created


def _responsibility_rows(rule: dict[str, Any], by_code: dict[str, Unit]) -> list[ResponsibilityRow]:
    """A data file's rule ("lead": "so-y-te" or "group:communes", "contributing": [...]) as rows."""

    def row(who: str, role: str) -> ResponsibilityRow:
        if who.startswith("group:"):
            return ResponsibilityRow(role=role, group=who.removeprefix("group:"))
        if who not in by_code:
            raise LoadError(f"Tệp trách nhiệm chỉ số: không có đơn vị mã {who!r} trong danh mục.")
        return ResponsibilityRow(role=role, unit=by_code[who])

    leads = rule["lead"] if isinstance(rule["lead"], list) else [rule["lead"]]
    return [row(w, IndicatorResponsibility.Role.LEAD) for w in leads] + [
        row(w, IndicatorResponsibility.Role.CONTRIBUTING) for w in rule.get("contributing", [])
    ]


def indicator_responsibility_rule(*, data: dict[str, Any], indicator: Indicator) -> dict[str, Any]:
    """The first rule of the data file one of whose words occurs in the indicator's name (folded,
    as whole words: "y te" does not match inside "quy tem"), else the file's default."""
    name = fold(indicator.name)
    for rule in data["rules"]:
        for word in rule["match"]:
            if re.search(rf"(?<![a-z0-9]){re.escape(fold(word))}(?![a-z0-9])", name):
                return rule
    return data["default"]


@transaction.atomic
def indicator_responsibilities_load(
    *, data: dict[str, Any], acting_user: User | None = None
) -> dict[str, int]:
    """Give every indicator of a target that has no responsibility yet the rule of the data file
    (data/thai-nguyen/responsibilities.json) that matches its name; the coordinator's own
    choices are kept. A rule's `aggregation` also sets how the province figure is formed from
    the units' values (a commune-level indicator: the communes' mean). One audit row for the
    load, naming every indicator it gave responsibilities to (the coordinator's later edits
    have a row each)."""
    _require_registry_manager(acting_user)
    by_code = {u.code: u for u in Unit.objects.all()}
    counts = {"set": 0, "kept": 0, "aggregation": 0}
    has_rows = set(IndicatorResponsibility.objects.values_list("indicator_id", flat=True))
    new_rows: list[IndicatorResponsibility] = []
    given: dict[str, str] = {}
    aggregation_changed: dict[str, list[str]] = {}
    for indicator in Indicator.objects.filter(targets__isnull=False).distinct().order_by("pk"):
        if indicator.pk in has_rows:
            counts["kept"] += 1
            continue
        rule = indicator_responsibility_rule(data=data, indicator=indicator)
        rows = _responsibility_rows(rule, by_code)
        _responsibility_check(rows)
        new_rows += [
            IndicatorResponsibility(indicator=indicator, unit=r.unit, group=r.group, role=r.role)
            for r in rows
        ]
        given[str(indicator.pk)] = rule.get("name", "")
        counts["set"] += 1
        aggregation = rule.get("aggregation")
        if aggregation and aggregation != indicator.aggregation:
            aggregation_changed[str(indicator.pk)] = [indicator.aggregation, aggregation]
            indicator.aggregation = aggregation
            indicator.save(update_fields=["aggregation"])
            counts["aggregation"] += 1
    if new_rows:
        IndicatorResponsibility.objects.bulk_create(new_rows)
        audit_record(
            actor=acting_user,
            action="indicator.responsibility_load",
            object_type="registry.indicatorresponsibility",
            after={
                "indicators": given,
                "rows": len(new_rows),
                "aggregation_changed": aggregation_changed,
            },
            comment="Nạp trách nhiệm báo cáo chỉ số từ tệp dữ liệu",
        )
    return counts
