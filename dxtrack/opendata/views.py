"""Pages of the open data portal, for everyone (no login): the dataset list with search and
filters, a dataset's page, "Cách tính", and the embeddable chart and table pages.

Every page reads the catalogue (`selectors.catalog`, cached under the evaluation stamp), so it
shows exactly what the downloads, the DCAT catalogue and the CKAN API publish.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from dxtrack.core.numbers import Lang, number_text
from dxtrack.evaluation import selectors as ev
from dxtrack.evaluation.methods import TARGET_STATUSES, TASK_STATUSES
from dxtrack.evaluation.models import target_status_text, task_status_text
from dxtrack.evaluation.pillars import pillar_labels, pillar_labels_en
from dxtrack.opendata import dcat, reports, selectors, store
from dxtrack.opendata.schema import FORMATS, Field
from dxtrack.registry.models import Indicator, Program

PREVIEW_ROWS = 10
LIST_PAGE_SIZE = 20
LIST_REPORTS = 5  # the newest issued reports on the list page (all on their dataset's page)


def _issued_reports() -> list[reports.IssuedReport]:
    return store.kept(parts=("issued-reports",), build=reports.issued_reports, shared=False)


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "error.html", {"code": 404, "message": message}, status=404)


def _licence() -> dict[str, str]:
    return {
        "id": settings.OPENDATA_LICENSE_ID,
        "title": settings.OPENDATA_LICENSE_TITLE,
        "url": settings.OPENDATA_LICENSE_URL,
    }


@require_safe
def dataset_list(request: HttpRequest) -> HttpResponse:
    catalog = selectors.catalog()
    q = request.GET.get("q", "").strip()[:200]
    pillar = request.GET.get("tru_cot", "")
    fmt = request.GET.get("dinh_dang", "")
    program_text = request.GET.get("chuong_trinh", "")
    program = int(program_text) if program_text.isdigit() else None
    pillars = pillar_labels()
    if pillar not in pillars:
        pillar = ""
    if fmt not in FORMATS:
        fmt = ""
    found = selectors.datasets_search(q=q, pillar=pillar, program=program)
    page = Paginator(found, LIST_PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    # Every dataset is published in every format; the filter keeps the choice in the links.
    context = {
        "rows": [(d, catalog.organizations.get(d.organization, {}).get("name", "")) for d in page],
        "n_found": len(found),
        "page": page,
        "query": query.urlencode(),
        "n_all": len(catalog.datasets),
        "q": q,
        "pillar": pillar,
        "pillars": list(
            (pillar_labels_en() if (get_language() or "").startswith("en") else pillars).items()
        ),
        "program": program,
        "programs": catalog.programs,
        "fmt": fmt,
        "formats": [(k, v[0]) for k, v in FORMATS.items()],
        "licence": _licence(),
        "filtered": bool(q or pillar or program or fmt),
        "site": dcat.page_site(request),
    }
    issued = _issued_reports()
    context["issued_reports"] = issued[:LIST_REPORTS]
    context["more_reports"] = len(issued) > LIST_REPORTS
    return render(request, "opendata/list.html", context)


@require_safe
def dataset_page(request: HttpRequest, slug: str) -> HttpResponse:
    catalog = selectors.catalog()
    dataset = catalog.datasets.get(slug)
    if dataset is None:
        return _not_found(request, _("Không có bộ dữ liệu “%(slug)s”.") % {"slug": slug[:80]})
    preview = selectors.preview_rows(dataset=dataset, limit=PREVIEW_ROWS)
    context = {
        "d": dataset,
        "organization": catalog.organizations.get(dataset.organization, {}),
        "fields": dataset.fields,
        "headers": [_header(f) for f in dataset.fields],
        "preview": [_preview_row(row, dataset.fields) for row in preview],
        "formats": [(k, v[0]) for k, v in FORMATS.items()],
        "licence": _licence(),
        "publisher": settings.OPENDATA_PUBLISHER,
        "contact_name": settings.OPENDATA_CONTACT_NAME,
        "contact_email": settings.OPENDATA_CONTACT_EMAIL,
        "province_code": settings.PROVINCE_UNIT_CODE,
        "site": dcat.page_site(request),
        "embed": _embed_for(dataset),
        "issued_reports": _issued_reports() if dataset.slug == reports.SLUG else None,
    }
    return render(request, "opendata/dataset.html", context)


def _header(field: Field) -> str:
    """A column's header on the page: its Vietnamese title, or for the machine-named column
    of the files (`mo_phong`) its label in words."""
    if field.name == "simulated":
        return _("Mô phỏng")
    return field.title


def _preview_cell(value: object, kind: str) -> str:
    """A cell as a person reads it on the page (the files keep the machine formats): a time as
    dd/mm/yyyy HH:MM local, a date as dd/mm/yyyy, a decimal with the page's separators."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if kind == "number" and isinstance(value, int | float | Decimal):
        lang: Lang = "en" if (get_language() or "").startswith("en") else "vi"
        return number_text(float(value), lang)
    return Truncator(str(value)).chars(80)


def _preview_row(row: Sequence[object], fields: Sequence[Field]) -> list[str]:
    return [_preview_cell(value, f.type) for value, f in zip(row, fields, strict=False)]


def _embed_for(dataset: selectors.Dataset) -> str:
    if dataset.indicator_id is not None:
        return f"/du-lieu-mo/nhung/chi-so/{dataset.indicator_id}/"
    return ""


@require_safe
def method_page(request: HttpRequest) -> HttpResponse:
    context = {
        # The labels the dashboards show, in the page's language (evaluation keeps them).
        "labels": {s: target_status_text(s) for s in TARGET_STATUSES},
        "task_labels": {s: task_status_text(s) for s in TASK_STATUSES},
        "score_formula": ev.scorecard_formula_text(),
        "on_track": settings.STATUS_ON_TRACK_RATIO,
        "at_risk": settings.STATUS_AT_RISK_RATIO,
        "task_points": settings.TASK_AT_RISK_POINTS,
        "province_code": settings.PROVINCE_UNIT_CODE,
    }
    return render(request, "opendata/method.html", context)


# ---------------------------------------------------------------------------------------
# Embeddable pages: no site header, framable by the sites of OPENDATA_EMBED_FRAME_ANCESTORS
# ---------------------------------------------------------------------------------------


def _framable(response: HttpResponse) -> HttpResponse:
    """Its own frame-ancestors (django-csp reads `_csp_replace` from the response)."""
    response._csp_replace = {  # type: ignore[attr-defined]
        "frame-ancestors": list(settings.OPENDATA_EMBED_FRAME_ANCESTORS)
    }
    return response


@xframe_options_exempt
@require_safe
def embed_program(request: HttpRequest, pk: int) -> HttpResponse:
    program = Program.objects.filter(pk=pk, status=Program.Status.PUBLISHED).first()
    if program is None:
        return _not_found(request, _("Không có chương trình đã công bố này."))
    context = ev.program_dashboard(program=program)
    context["program"] = program
    context["chart"] = {
        "labels": [str(r["label"]) for r in context["target_counts"]],
        "statuses": [r["status"] for r in context["target_counts"]],
        "values": [r["n"] for r in context["target_counts"]],
    }
    context["page_url"] = f"{dcat.page_site(request)}/tong-quan/chuong-trinh/{program.pk}/"
    context["licence"] = _licence()
    return _framable(render(request, "opendata/embed_program.html", context))


@xframe_options_exempt
@require_safe
def embed_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    if pk not in selectors.published_indicator_ids():
        return _not_found(request, _("Không có chỉ số đã công bố này."))
    indicator = Indicator.objects.get(pk=pk)
    context = ev.indicator_dashboard(user=AnonymousUser(), indicator=indicator)
    context["indicator"] = indicator
    context["page_url"] = f"{dcat.page_site(request)}/tong-quan/chi-so/{indicator.pk}/"
    context["licence"] = _licence()
    context["dataset"] = f"chi-so-{indicator.code or indicator.pk}"
    return _framable(render(request, "opendata/embed_indicator.html", context))
