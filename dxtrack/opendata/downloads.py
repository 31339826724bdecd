"""Downloads of a dataset (CSV, JSON, XLSX, Table Schema) and of the DCAT-AP catalogue.

Every answer carries an ETag made of the evaluation stamp's token (renewed by every audited
write) and Last-Modified from the dataset's `modified`; a matching If-None-Match gets a 304.
Small datasets and the catalogue are kept whole under the stamp, as bytes and gzipped, for every
thread and worker (`store`); larger ones stream from the database on each request
(StreamingHttpResponse over `iterator()`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotFound,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dxtrack.core.text import fold
from dxtrack.evaluation import selectors as ev
from dxtrack.opendata import dcat, formats, reports, selectors, store
from dxtrack.opendata.schema import FORMATS

CACHE_MAX_ROWS = 20_000  # above this a download streams instead of being cached whole


def _etag(*parts: object) -> str | None:
    key = ev.cache_key(parts=("opendata-etag", *parts))
    return f'"{key.rsplit(":", 2)[-2]}-{key.rsplit(":", 1)[-1]}"' if key else None


def _conditional(
    request: HttpRequest, etag: str | None, build: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    if etag and request.headers.get("If-None-Match") == etag:
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        response = build()
    if etag:
        response["ETag"] = etag
    return _public(response)


def _public(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def missing(slug: str) -> HttpResponse:
    """A 404 that says what is missing (plain text: the readers of these URLs are programs)."""
    message = _("Không có bộ dữ liệu “%(slug)s”: xem danh sách tại /du-lieu-mo/.") % {
        "slug": slug[:80]
    }
    return HttpResponseNotFound(message, content_type="text/plain; charset=utf-8")


def _chunks(dataset: selectors.Dataset, fmt: str, header: str) -> Iterator[bytes]:
    rows = selectors.dataset_rows(dataset=dataset)
    if fmt == "csv":
        return formats.csv_chunks(fields=dataset.fields, rows=rows, header=header)
    return formats.json_chunks(slug=dataset.slug, fields=dataset.fields, rows=rows)


@require_safe
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    dataset = selectors.dataset_get(slug=slug)
    if dataset is None:
        return missing(slug)
    header = "machine" if request.GET.get("header") == "machine" else "vi"
    filename = f"{slug}.{fmt}"
    content_type = FORMATS[fmt][1] + ("; charset=utf-8" if fmt != "xlsx" else "")

    def dressed(response: HttpResponseBase) -> HttpResponseBase:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        if dataset.modified:
            response["Last-Modified"] = http_date(dataset.modified.timestamp())
        return response

    if fmt != "xlsx" and dataset.rows <= CACHE_MAX_ROWS:
        # Kept whole under the stamp (and gzipped once) for every thread and worker.
        response = store.respond(
            request,
            parts=("file", slug, fmt, header),
            build=lambda: b"".join(_chunks(dataset, fmt, header)),
            content_type=content_type,
        )
        return _public(dressed(response) if response.status_code == 200 else response)

    def build() -> HttpResponseBase:
        if fmt == "xlsx":
            return dressed(_xlsx(dataset, filename))
        return dressed(
            StreamingHttpResponse(_chunks(dataset, fmt, header), content_type=content_type)
        )

    return _conditional(request, _etag(slug, fmt, header), build)


def _xlsx(dataset: selectors.Dataset, filename: str) -> HttpResponseBase:
    if dataset.rows > formats.XLSX_MAX_ROWS:
        return HttpResponse(
            _(
                "Bộ dữ liệu có %(n)s dòng, vượt giới hạn %(max)s dòng của một trang Excel: "
                "hãy tải tệp CSV."
            )
            % {"n": f"{dataset.rows:,}".replace(",", "."), "max": "1.048.575"},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
    licence = f"{settings.OPENDATA_LICENSE_TITLE} ({settings.OPENDATA_LICENSE_URL})"
    file = formats.xlsx_file(
        title=dataset.title,
        description=dataset.description,
        licence=licence,
        fields=dataset.fields,
        rows=selectors.dataset_rows(dataset=dataset),
    )
    return FileResponse(file, as_attachment=True, filename=filename)


@require_safe
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """An issued report's file exactly as it was issued, for everyone (outputs' own pages are
    for the coordinator and leaders). A draft, or a format not produced, is a 404 that says so.
    The bytes never change: their SHA-256 is the ETag."""
    found = reports.issued_file(pk=pk, fmt=fmt)
    if found is None:
        message = _(
            "Không có tệp %(fmt)s của báo cáo đã ban hành số %(pk)s: xem danh sách tại "
            "/du-lieu-mo/bao-cao-da-ban-hanh/."
        ) % {"fmt": fmt.upper(), "pk": pk}
        return HttpResponseNotFound(message, content_type="text/plain; charset=utf-8")
    report, content, sha = found
    etag = f'"{sha}"'

    def build() -> HttpResponseBase:
        response = HttpResponse(content, content_type=reports.FILE_FORMATS[fmt][1])
        name = slugify(fold(report.number or report.title))[:60] or "bao-cao"
        response["Content-Disposition"] = f'attachment; filename="{name}-v{report.version}.{fmt}"'
        if report.issued_at:
            response["Last-Modified"] = http_date(report.issued_at.timestamp())
        return response

    response = _conditional(request, etag, build)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def schema(request: HttpRequest, slug: str) -> HttpResponseBase:
    dataset = selectors.dataset_get(slug=slug)
    if dataset is None:
        return missing(slug)
    body = json.dumps(formats.table_schema(fields=dataset.fields), ensure_ascii=False, indent=1)
    return _conditional(
        request,
        _etag(slug, "schema"),
        lambda: HttpResponse(body, content_type="application/json; charset=utf-8"),
    )


RDF_TYPES = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json; charset=utf-8"}


def _rdf(request: HttpRequest, fmt: str, slug: str | None) -> HttpResponseBase:
    if slug and selectors.dataset_get(slug=slug) is None:
        return missing(slug)

    def text() -> bytes:
        catalog = selectors.catalog()
        only = catalog.datasets.get(slug) if slug else None
        return dcat.serialize(dcat.catalog_graph(catalog=catalog, only=only), fmt=fmt).encode()

    return _public(
        store.respond(
            request,
            parts=("dcat", dcat.site(), slug, fmt),
            build=text,
            content_type=RDF_TYPES[fmt],
        )
    )


@require_safe
def catalog_rdf(request: HttpRequest, fmt: str) -> HttpResponseBase:
    return _rdf(request, fmt, None)


@require_safe
def dataset_rdf(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    return _rdf(request, fmt, slug)
