"""A CKAN-compatible action API (`/api/3/action/`), read-only, for CKAN harvesters and clients.

Answers follow CKAN 2.x: `{"help", "success": true, "result"}`, and on an error
`{"help", "success": false, "error": {"__type", "message"}}` with status 400, 404 or 409. Units
that publish datasets are organizations (name = unit code). The data are the catalogue's
(`selectors.catalog`), so drafts and unaccepted values are as absent here as everywhere else.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from dxtrack.opendata import dcat, selectors, store
from dxtrack.opendata.schema import FORMATS

MAX_ROWS = 1000
CKAN_VERSION = "2.10.4"  # the API behaviour this imitates (clients check it)


class ActionError(Exception):
    def __init__(self, kind: str, message: str, status: int, **extra: Any) -> None:
        super().__init__(message)
        self.kind, self.message, self.status, self.extra = kind, message, status, extra


def _help(request: HttpRequest, action: str) -> str:
    return request.build_absolute_uri(f"/api/3/action/help_show?name={action}")


def _stamp(moment: datetime | None) -> str | None:
    """CKAN writes naive UTC times with microseconds: 2026-01-05T03:04:05.000000."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _organization(code: str, catalog: selectors.Catalog, *, count: int | None = None) -> dict:
    info = catalog.organizations.get(code, {"name": code, "kind": ""})
    org: dict[str, Any] = {
        "id": code,
        "name": code,
        "title": info["name"],
        "display_name": info["name"],
        "description": "",
        "type": "organization",
        "is_organization": True,
        "state": "active",
        "approval_status": "approved",
        "image_url": "",
        "created": _stamp(catalog.issued),
    }
    if count is not None:
        org["package_count"] = count
    return org


def package_dict(d: selectors.Dataset, catalog: selectors.Catalog) -> dict[str, Any]:
    modified = _stamp(d.modified)
    resources = []
    for position, (fmt, (label, mime)) in enumerate(FORMATS.items()):
        resources.append(
            {
                "id": f"{d.slug}-{fmt}",
                "package_id": d.slug,
                "name": f"{d.title} ({label})",
                "description": f"Tệp {label} của bộ dữ liệu.",
                "url": dcat.download_url(d.slug, fmt),
                "format": label,
                "mimetype": mime,
                "last_modified": modified,
                "created": _stamp(d.issued),
                "size": None,  # streamed: not known before it is written
                "position": position,
                "state": "active",
                "url_type": None,
            }
        )
    for extra in d.files:  # an issued report's DOCX, PDF, XLSX, as frozen when issued
        resources.append(
            {
                "id": extra.id,
                "package_id": d.slug,
                "name": extra.title,
                "description": f"Tệp {extra.format} đã ban hành (SHA-256 {extra.sha256}).",
                "url": extra.url,
                "format": extra.format,
                "mimetype": extra.mimetype,
                "last_modified": _stamp(extra.modified),
                "created": _stamp(extra.modified),
                "size": extra.size,
                "hash": f"sha256:{extra.sha256}",
                "position": len(resources),
                "state": "active",
                "url_type": None,
            }
        )
    extras = [
        {"key": "title_en", "value": d.title_en},
        {"key": "notes_en", "value": d.description_en},
        {"key": "publisher_name", "value": settings.OPENDATA_PUBLISHER},
        {"key": "contact_name", "value": settings.OPENDATA_CONTACT_NAME},
        {"key": "contact_email", "value": settings.OPENDATA_CONTACT_EMAIL},
        {"key": "spatial_code", "value": settings.PROVINCE_UNIT_CODE},
        {"key": "theme", "value": f"{dcat.EU}data-theme/{d.theme}"},
        {"key": "language", "value": "vi"},
        {
            "key": "temporal_start",
            "value": d.temporal_start.isoformat() if d.temporal_start else "",
        },
        {"key": "temporal_end", "value": d.temporal_end.isoformat() if d.temporal_end else ""},
        {"key": "rows", "value": str(d.rows)},
        {"key": "simulated", "value": "true" if d.simulated else "false"},
        {"key": "dcat_url", "value": f"{dcat.site()}/du-lieu-mo/{d.slug}/dcat.ttl"},
        {"key": "schema_url", "value": f"{dcat.site()}/du-lieu-mo/{d.slug}/schema.json"},
    ]
    return {
        "id": d.slug,
        "name": d.slug,
        "title": d.title,
        "notes": d.description,
        "type": "dataset",
        "state": "active",
        "private": False,
        "metadata_created": _stamp(d.issued),
        "metadata_modified": modified,
        "license_id": settings.OPENDATA_LICENSE_ID,
        "license_title": settings.OPENDATA_LICENSE_TITLE,
        "license_url": settings.OPENDATA_LICENSE_URL,
        "maintainer": settings.OPENDATA_CONTACT_NAME,
        "maintainer_email": settings.OPENDATA_CONTACT_EMAIL,
        "author": settings.OPENDATA_PUBLISHER,
        "url": f"{dcat.site()}/du-lieu-mo/{d.slug}/",
        "owner_org": d.organization,
        "organization": _organization(d.organization, catalog),
        "tags": [{"name": k, "display_name": k, "state": "active"} for k in d.keywords],
        "num_tags": len(d.keywords),
        "groups": [],
        "extras": extras,
        "resources": resources,
        "num_resources": len(resources),
    }


def packages() -> dict[str, dict[str, Any]]:
    """Every dataset's package dict, made once per stamp (and process): a search answer picks
    from them. Treated as read-only."""

    def build() -> dict[str, dict[str, Any]]:
        catalog = selectors.catalog()
        return {slug: package_dict(d, catalog) for slug, d in catalog.datasets.items()}

    return store.kept(parts=("ckan-packages", dcat.site()), build=build, shared=False)


# ---------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------


def _params(request: HttpRequest) -> dict[str, Any]:
    """GET query, or a POSTed JSON object or form (CKAN clients use both)."""
    if request.method == "POST":
        if request.content_type == "application/json":
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                raise ActionError(
                    "Validation Error", "Thân yêu cầu không phải JSON hợp lệ.", 400
                ) from None
            if not isinstance(body, dict):
                raise ActionError(
                    "Validation Error", "Thân yêu cầu phải là một đối tượng JSON.", 400
                )
            return body
        return request.POST.dict()
    return request.GET.dict()


def _int(params: dict[str, Any], name: str, default: int, *, low: int, high: int) -> int:
    value = params.get(name, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ActionError(
            "Validation Error",
            f"Tham số {name} phải là số nguyên, nhận “{str(value)[:40]}”.",
            409,
            **{name: ["Invalid integer"]},
        ) from None
    if not low <= number <= high:
        raise ActionError(
            "Validation Error",
            f"Tham số {name} phải từ {low} đến {high}.",
            409,
            **{name: ["Out of range"]},
        )
    return number


RANGE = re.compile(r"metadata_modified:\[\s*(\S+)\s+TO\s+(\S+)\s*\]")
ORG = re.compile(r'organization:"?([-\w]+)"?')


def _when(text: str) -> datetime | None:
    if text in ("*", "NOW"):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ActionError(
            "Search Query Error", f"Mốc thời gian không hợp lệ: “{text[:40]}”.", 409
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _filter_query(fq: str) -> tuple[datetime | None, datetime | None, str]:
    since = until = None
    organization = ""
    rest = fq
    for match in RANGE.finditer(fq):
        since, until = _when(match.group(1)), _when(match.group(2))
        rest = rest.replace(match.group(0), "")
    for match in ORG.finditer(fq):
        organization = match.group(1)
        rest = rest.replace(match.group(0), "")
    rest = re.sub(r"\b(AND|\+)\b", " ", rest).strip()
    if rest and rest not in ("*:*",):
        raise ActionError(
            "Search Query Error",
            f"Bộ lọc fq không hỗ trợ “{rest[:60]}”: dùng metadata_modified:[… TO *] và organization:.",
            409,
        )
    return since, until, organization


SORTS = {
    "metadata_modified": lambda d: d.modified.timestamp() if d.modified else 0.0,
    "name": lambda d: d.slug,
    "title_string": lambda d: d.title.lower(),
    "score": lambda d: 0,
}


def _sorted(found: list[selectors.Dataset], sort: str) -> list[selectors.Dataset]:
    for clause in reversed([c.strip() for c in sort.split(",") if c.strip()]):
        parts = clause.split()
        field, order = parts[0], (parts[1].lower() if len(parts) > 1 else "asc")
        if field not in SORTS or order not in ("asc", "desc"):
            raise ActionError(
                "Validation Error",
                f"Không sắp xếp được theo “{clause[:40]}”: dùng metadata_modified, name, "
                "title_string kèm asc hoặc desc.",
                409,
            )
        found = sorted(found, key=SORTS[field], reverse=order == "desc")
    return found


# ---------------------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------------------


def _package_list(params: dict[str, Any]) -> list[str]:
    names = sorted(selectors.catalog().datasets)
    offset = _int(params, "offset", 0, low=0, high=10**9)
    limit = _int(params, "limit", len(names) or 1, low=1, high=10**6)
    return names[offset : offset + limit]


def _package_show(params: dict[str, Any]) -> dict[str, Any]:
    name = str(params.get("id") or params.get("name_or_id") or "")
    if not name:
        raise ActionError("Validation Error", "Thiếu tham số id.", 409, id=["Missing value"])
    package = packages().get(name)
    if package is None:
        raise ActionError("Not Found Error", f"Không có bộ dữ liệu “{name[:80]}”.", 404)
    return package


MAX_QUERY = 500  # characters of q or fq


def _text_param(params: dict[str, Any], name: str) -> str:
    value = str(params.get(name) or "")
    if len(value) > MAX_QUERY:
        raise ActionError(
            "Validation Error",
            f"Tham số {name} dài {len(value)} ký tự, tối đa {MAX_QUERY}.",
            409,
            **{name: ["Too long"]},
        )
    return value


def _package_search(params: dict[str, Any]) -> dict[str, Any]:
    rows = _int(params, "rows", 10, low=0, high=MAX_ROWS)
    start = _int(params, "start", 0, low=0, high=10**9)
    since, until, organization = _filter_query(_text_param(params, "fq"))
    q = _text_param(params, "q").strip()
    if q in ("*:*", "*"):
        q = ""
    found = selectors.datasets_search(q=q, organization=organization, modified_since=since)
    if until is not None:
        found = [d for d in found if d.modified is not None and d.modified <= until]
    found = _sorted(found, str(params.get("sort") or "score desc, metadata_modified desc"))
    every = packages()
    return {
        "count": len(found),
        "sort": params.get("sort") or "score desc, metadata_modified desc",
        "facets": {},
        "search_facets": {},
        "results": [every[d.slug] for d in found[start : start + rows]],
    }


def _counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for d in selectors.catalog().datasets.values():
        counts[d.organization] = counts.get(d.organization, 0) + 1
    return counts


def _organization_list(params: dict[str, Any]) -> list[Any]:
    catalog = selectors.catalog()
    counts = _counts()
    codes = sorted(c for c in catalog.organizations if counts.get(c))
    if str(params.get("all_fields", "")).lower() in ("true", "1"):
        return [_organization(c, catalog, count=counts[c]) for c in codes]
    return codes


def _organization_show(params: dict[str, Any]) -> dict[str, Any]:
    code = str(params.get("id") or "")
    catalog = selectors.catalog()
    counts = _counts()
    if not counts.get(code):
        raise ActionError("Not Found Error", f"Không có tổ chức “{code[:80]}”.", 404)
    org = _organization(code, catalog, count=counts[code])
    if str(params.get("include_datasets", "")).lower() in ("true", "1"):
        every = packages()
        org["packages"] = [
            every[d.slug] for d in catalog.datasets.values() if d.organization == code
        ]
    return org


def _status_show(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "ckan_version": CKAN_VERSION,
        "site_url": dcat.site(),
        "site_title": "dxtrack — Dữ liệu mở chuyển đổi số tỉnh Thái Nguyên",
        "site_description": "Cổng dữ liệu mở của dxtrack (giao diện tương thích CKAN, chỉ đọc).",
        "locale_default": "vi",
        "extensions": ["dcat"],
    }


ACTIONS = {
    "package_list": _package_list,
    "package_show": _package_show,
    "package_search": _package_search,
    "organization_list": _organization_list,
    "organization_show": _organization_show,
    "status_show": _status_show,
}


@csrf_exempt  # read-only actions, no session used: a harvester POSTs without a CSRF token
def action(request: HttpRequest, name: str) -> HttpResponse:
    if request.method not in ("GET", "POST"):
        refused = JsonResponse(
            _error(request, name, "Validation Error", "Chỉ dùng GET hoặc POST.", {}), status=405
        )
        refused["Allow"] = "GET, POST"
        return refused
    handler = ACTIONS.get(name)
    if handler is None:
        return JsonResponse(
            _error(request, name, "Not Found Error", f"Không có hành động “{name[:60]}”.", {}),
            status=400,
        )
    try:
        params = _params(request)

        def build() -> bytes:
            result = handler(params)
            body = {"help": _help(request, name), "success": True, "result": result}
            return json.dumps(body, cls=DjangoJSONEncoder).encode()

        # The whole answer is kept under the stamp (bytes and gzip) for every thread of the
        # process: a harvester's repeated package_search costs a lookup. In this process only:
        # queries are the client's to vary, so they must not fill the disk. The help URL names
        # the host, so the host is part of the key; an error is answered afresh each time.
        response = store.respond(
            request,
            parts=("ckan", name, request.build_absolute_uri("/"), sorted(params.items())),
            build=build,
            content_type="application/json",
            shared=False,
        )
    except ActionError as error:
        body = _error(request, name, error.kind, error.message, error.extra)
        return JsonResponse(body, status=error.status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(request: HttpRequest, name: str, kind: str, message: str, extra: dict) -> dict:
    return {
        "help": _help(request, name),
        "success": False,
        "error": {"__type": kind, "message": message, **extra},
    }
