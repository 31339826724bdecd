"""The OpenAPI 3 description of /api/v1/ (served at /api/v1/schema/ by drf-spectacular).

The views are functions returning the dicts of `shapes.py`, so their shapes are written here once,
as JSON Schema, and each view names its answers with `responses(...)`: the success shape and every
error status it can really give, each in the error shape of DESIGN.md (`Error`). The contract test
(tests/api/test_schema_contract.py, schemathesis) checks every answer of the running server
against this file, so a shape changed in `shapes.py` without its schema here fails the suite.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiViewExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from dxtrack.api.errors import MESSAGES_VI
from dxtrack.api.parsing import LIMITS, MAX_ID
from dxtrack.reporting.models import TaskUpdate

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


STRING: Schema = {"type": "string"}
INTEGER: Schema = {"type": "integer"}
NUMBER: Schema = {"type": "number"}
DATE: Schema = {"type": "string", "format": "date"}
DATETIME: Schema = {"type": "string", "format": "date-time"}
STRINGS: Schema = {"type": "array", "items": STRING}
ANY_OBJECT: Schema = {"type": "object", "additionalProperties": True}
#: A period code: a year, a half (S1, S2), a quarter (Q1–Q4) or a month (01–12).
PERIOD_PATTERN = r"^[0-9]{4}(S[12]|Q[1-4]|0[1-9]|1[0-2])?$"


def obj(properties: Schema, *, optional: tuple[str, ...] = ()) -> Schema:
    """An object with exactly these properties, all present in every answer but `optional` (a
    field added to a shape without its schema here fails the contract test)."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


# -- the shapes (shapes.py) -----------------------------------------------------------------------

COMPONENTS: dict[str, Schema] = {
    "Error": {
        "type": "object",
        "description": "Mọi lỗi của API: thông báo tiếng Việt và lỗi theo từng trường.",
        "properties": {
            "detail": STRING,
            "errors": {"type": "object", "additionalProperties": STRINGS},
        },
        "required": ["detail", "errors"],
    },
    "Counts": obj(
        {"goals": nullable(INTEGER), "targets": nullable(INTEGER), "tasks": nullable(INTEGER)}
    ),
    "Program": obj(
        {
            "id": INTEGER,
            "number": STRING,
            "kind": STRING,
            "title": STRING,
            "issuer": STRING,
            "issued_on": nullable(DATE),
            "horizon_year": nullable(INTEGER),
            "status": {"type": "string", "enum": ["draft", "published"]},
            "counts": ref("Counts"),
            "budget_total_vnd": nullable(INTEGER),
        }
    ),
    "Unit": obj(
        {
            "unit_code": STRING,
            "name": STRING,
            "short_name": nullable(STRING),
            "kind": STRING,
            "parent": nullable(STRING),
            "valid_from": nullable(DATE),
            "valid_to": nullable(DATE),
            "successors": STRINGS,
            "aliases": STRINGS,
        }
    ),
    "Task": obj(
        {
            "id": INTEGER,
            "program": INTEGER,
            "code": STRING,
            "group": STRING,
            "name": STRING,
            "lead": STRINGS,
            "coordinators": STRINGS,
            "lead_as_written": STRINGS,
            "timeframe": STRING,
            "start_year": nullable(INTEGER),
            "end_year": nullable(INTEGER),
            "end_quarter": nullable(INTEGER),
            "recurrence": nullable(STRING),
            "budget_vnd": nullable(INTEGER),
            "budget_per_year": {"type": "boolean"},
            "budget_source": nullable(STRING),
            "product": nullable(STRING),
            "line": nullable(INTEGER),
            "status": nullable(STRING),
        }
    ),
    "TargetBasic": obj(
        {
            "id": INTEGER,
            "program": INTEGER,
            "goal_text": STRING,
            "section": STRING,
            "indicator_id": nullable(INTEGER),
            "indicator_name": STRING,
            "comparator": STRING,
            "value": NUMBER,
            "unit": STRING,
            "year": nullable(INTEGER),
            "quarter": nullable(INTEGER),
            "scope": nullable(STRING),
            "line": nullable(INTEGER),
        }
    ),
    "Goal": obj(
        {
            "id": INTEGER,
            "section": STRING,
            "text": STRING,
            "line": nullable(INTEGER),
            "targets": {"type": "array", "items": ref("TargetBasic")},
        }
    ),
    "LatestValue": nullable(
        obj(
            {
                "value": NUMBER,
                "period": STRING,
                "unit_code": nullable(STRING),
                "source": nullable(STRING),
            }
        )
    ),
    "Observation": obj(
        {
            "id": INTEGER,
            "indicator": INTEGER,
            "unit_code": STRING,
            "period": STRING,
            "value": NUMBER,
            "state": STRING,
            "source": STRING,
            "submitted_by": nullable(STRING),
            "submitted_at": nullable(DATETIME),
            "version": INTEGER,
            "note": nullable(STRING),
            "round": nullable(INTEGER),
            "flags": {"type": "array", "items": {}},
            "review_comment": nullable(STRING),
        }
    ),
    "Evidence": obj({"id": INTEGER, "name": STRING, "sha256": STRING, "size": INTEGER}),
    "TaskUpdate": obj(
        {
            "id": INTEGER,
            "task": INTEGER,
            "unit_code": STRING,
            "period": STRING,
            "progress": STRING,
            "percent_done": nullable(NUMBER),
            "narrative": STRING,
            "difficulties": STRING,
            "proposals": STRING,
            "expected_completion": nullable(DATE),
            "completed_on": nullable(DATE),
            "disbursed": nullable(INTEGER),
            "state": STRING,
            "version": INTEGER,
            "round": nullable(INTEGER),
            "submitted_by": nullable(STRING),
            "submitted_at": nullable(DATETIME),
            "evidence": {"type": "array", "items": ref("Evidence")},
            "review_comment": nullable(STRING),
        }
    ),
    "UnitCompleteness": obj(
        {
            "unit_code": STRING,
            "unit_name": STRING,
            "expected": INTEGER,
            "submitted": INTEGER,
            "accepted": INTEGER,
            "returned": INTEGER,
            "missing": INTEGER,
            "awaiting_approval": INTEGER,
            "late": INTEGER,
            "on_time": {"type": "boolean"},
            "status": STRING,
            "last_submitted_at": nullable(DATETIME),
        }
    ),
    "RoundStatus": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "period": STRING,
            "state": STRING,
            "programs": {"type": "array", "items": INTEGER},
            "window_start": DATE,
            "window_end": DATE,
            "due_date": DATE,
            "totals": {"type": "object", "additionalProperties": INTEGER},
            "units": {"type": "array", "items": ref("UnitCompleteness")},
        }
    ),
    "RankingRow": obj(
        {
            "rank": nullable(INTEGER),
            "unit_code": STRING,
            "unit_name": STRING,
            "score": nullable(NUMBER),
            "previous_rank": nullable(INTEGER),
            "change": nullable(INTEGER),
            "components": {"type": "array", "items": {}},
            "formula": nullable(STRING),
            "formula_en": nullable(STRING),
        }
    ),
}
COMPONENTS["ProgramDetail"] = obj(
    {
        **COMPONENTS["Program"]["properties"],
        "goals": {"type": "array", "items": ref("Goal")},
        "tasks": {"type": "array", "items": ref("Task")},
        "warnings": {"type": "array", "items": {}},
    }
)
COMPONENTS["Target"] = obj(
    {
        **COMPONENTS["TargetBasic"]["properties"],
        "status": STRING,
        "status_label": STRING,
        "progress_ratio": nullable(NUMBER),
        "expected_now": nullable(NUMBER),
        "latest": ref("LatestValue"),
        "as_of": DATE,
        "explanation": nullable(STRING),
        "explanation_en": nullable(STRING),
    }
)


def page_of(item: str, extra: Schema | None = None) -> Schema:
    """A page (`pagination.Pagination`): `{"count", "next", "previous", "results"}`."""
    properties: Schema = {
        **(extra or {}),
        "count": {"type": "integer", "minimum": 0},
        "next": nullable({"type": "string", "format": "uri"}),
        "previous": nullable({"type": "string", "format": "uri"}),
        "results": {"type": "array", "items": ref(item)},
    }
    return obj(properties)


# -- answers ----------------------------------------------------------------------------------------

#: What each error status means here (the `detail` is one of errors.MESSAGES_VI or more precise).
ERROR_MEANINGS = {
    400: "Tham số hoặc nội dung không hợp lệ; `errors` nói trường nào sai.",
    401: "Mã truy cập thiếu, sai hoặc đã bị thu hồi (`WWW-Authenticate: Token`).",
    403: "Tài khoản không có quyền với dữ liệu này (đơn vị khác, không phải lãnh đạo đơn vị).",
    404: "Không tìm thấy (hoặc không được xem), hoặc trang kết quả không tồn tại.",
    409: "Phiên bản đã cũ, kỳ báo cáo đã khóa, hoặc Idempotency-Key đã dùng cho yêu cầu khác.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Kiểu nội dung không được hỗ trợ.",
    429: "Quá nhiều mã truy cập sai từ địa chỉ này; chờ theo `Retry-After`.",
}
#: Every operation: a bad query string or URL (NUL byte), a wrong token, a throttled address.
COMMON_ERRORS = (400, 401, 404, 429)
READ_ERRORS = COMMON_ERRORS
WRITE_ERRORS = (*COMMON_ERRORS, 403, 409, 413, 415)


def error(status: int) -> OpenApiResponse:
    return OpenApiResponse(
        response=ref("Error"),
        description=f"{MESSAGES_VI.get(status, '')} {ERROR_MEANINGS[status]}".strip(),
    )


def responses(ok: dict[int, Schema], errors: tuple[int, ...]) -> dict[int, Any]:
    """The answers of one operation: its successes, then its errors in the error shape."""
    answers: dict[int, Any] = {
        status: OpenApiResponse(response=schema, description="Thành công.")
        for status, schema in ok.items()
    }
    answers.update({status: error(status) for status in sorted(set(errors))})
    return answers


# -- parameters and bodies ------------------------------------------------------------------------

PAGE_PARAMETERS = [
    OpenApiParameter(
        "page", int, description="Trang (từ 1); trang không có là 404.", required=False
    ),
    OpenApiParameter(
        "page_size",
        int,
        description="Số dòng mỗi trang (mặc định 50, tối đa 1000).",
        required=False,
    ),
]


def query(name: str, description: str, kind: type = str, **extra: Any) -> OpenApiParameter:
    return OpenApiParameter(name, kind, description=description, required=False, **extra)


def _text(name: str) -> Schema:
    return {"type": "string", "maxLength": LIMITS[name]}


ID: Schema = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
ID_OR_TEXT: Schema = {"oneOf": [ID, {"type": "string", "pattern": "^[0-9]{1,19}$"}]}
FLAG: Schema = {
    "oneOf": [{"type": "boolean"}, {"type": "string", "maxLength": 10}],
    "description": '"false", "0", "no" (hoặc false) là không; mặc định có.',
}
PERIOD: Schema = {"type": "string", "pattern": PERIOD_PATTERN, "maxLength": 8}
UNIT_CODE: Schema = {
    "type": "string",
    "maxLength": LIMITS["unit_code"],
    "description": "Mã đơn vị của mã truy cập (đơn vị khác: 403).",
}


def _body(properties: Schema, required: tuple[str, ...], description: str) -> dict[str, Schema]:
    """The same fields as JSON, a form or multipart (`parsing.PARSERS`)."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "description": description,
    }
    form = {**schema, "properties": {k: _as_form(v) for k, v in properties.items()}}
    return {
        "application/json": schema,
        "application/x-www-form-urlencoded": form,
        "multipart/form-data": form,
    }


def _as_form(schema: Schema) -> Schema:
    """A form sends text: a number or a yes/no as its characters."""
    if "oneOf" in schema:
        return next(s for s in schema["oneOf"] if s.get("type") == "string")
    return schema


OBSERVATION_BODY = _body(
    {
        "indicator": ID_OR_TEXT,
        "unit_code": UNIT_CODE,
        "period": PERIOD,
        "value": {
            "oneOf": [NUMBER, {"type": "string", "maxLength": LIMITS["value"]}],
            "description": "Số (42.5) hoặc chuỗi theo cách viết Việt Nam (“42,5”, “3/5”).",
        },
        "version": ID_OR_TEXT,
        "round": ID_OR_TEXT,
        "note": {**_text("note"), "description": "Không gửi: giữ ghi chú đã lưu."},
        "submit": FLAG,
    },
    ("indicator", "unit_code", "period", "value"),
    "Số liệu của đơn vị cho một chỉ số và kỳ. Sửa một số liệu đã có: gửi `version` đã đọc "
    "(409 nếu đã cũ). `submit` false: lưu nháp.",
)
TASK_UPDATE_BODY = _body(
    {
        "task": ID_OR_TEXT,
        "unit_code": UNIT_CODE,
        "period": PERIOD,
        "progress": {"type": "string", "enum": list(TaskUpdate.Progress.values)},
        "percent_done": {"oneOf": [NUMBER, {"type": "string", "maxLength": 10}]},
        "narrative": _text("narrative"),
        "difficulties": _text("difficulties"),
        "proposals": _text("proposals"),
        "expected_completion": {"type": "string", "format": "date"},
        "completed_on": {"type": "string", "format": "date"},
        "disbursed": {
            "oneOf": [INTEGER, {"type": "string", "maxLength": LIMITS.get("disbursed", 40)}],
            "description": "Số tiền đã giải ngân (đồng, lũy kế).",
        },
        "note": _text("note"),
        "version": ID_OR_TEXT,
        "round": ID_OR_TEXT,
        "submit": FLAG,
    },
    ("task", "unit_code", "period", "progress"),
    "Báo cáo tiến độ một nhiệm vụ. Trường không gửi giữ giá trị đã lưu (cập nhật từng phần); "
    "multipart có thể kèm tệp minh chứng (`evidence`).",
)
TASK_UPDATE_BODY["multipart/form-data"]["properties"]["evidence"] = {
    "type": "array",
    "items": {"type": "string", "format": "binary"},
}
DECISION_BODY = _body(
    {"version": ID_OR_TEXT, "comment": _text("comment")},
    ("version",),
    "Lãnh đạo đơn vị ký duyệt (approve) hoặc trả lại (return, cần `comment`) phiên bản đã xem.",
)


# -- authentication -------------------------------------------------------------------------------

#: The writes and a round's status need an account of a unit: a token, or the web session (whose
#: POSTs also need the CSRF token, as the forms send it).
#: (Typed Any: drf-spectacular's stubs say a list of names, it writes the list as given.)
UNIT_AUTH: Any = [{"tokenAuth": []}, {"cookieAuth": []}]
#: A path's id (api/urls.py, IdConverter): up to 18 digits; a longer one is a 404.
PATH_ID: Schema = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}


class UnitTokenScheme(OpenApiAuthenticationExtension):
    target_class = "dxtrack.api.auth.UnitTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> Schema:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Token dxt_…` — mã của một tài khoản đơn vị, tạo bằng "
            "`dxtrack token create --user TÊN`. Sai 10 lần từ một địa chỉ: 429.",
        }


# -- the official reports (api/reports_views.py, another team's views: described from here) ------

COMPONENTS["Report"] = obj(
    {
        "id": INTEGER,
        "kind": STRING,
        "scope": STRING,
        "program": nullable(INTEGER),
        "pillar": nullable(STRING),
        "period": STRING,
        "as_of": DATE,
        "title": STRING,
        "number": nullable(STRING),
        "issued_on": nullable(DATE),
        "issuer": STRING,
        "version": INTEGER,
        "supersedes": nullable(INTEGER),
        "superseded_by": nullable(INTEGER),
        "content_sha256": STRING,
        "files": {
            "type": "object",
            "additionalProperties": obj(
                {"url": {"type": "string", "format": "uri"}, "sha256": STRING, "size": INTEGER}
            ),
        },
        "counts": obj({"targets": INTEGER, "tasks": INTEGER}),
    }
)
COMPONENTS["ReportDetail"] = obj(
    {**COMPONENTS["Report"]["properties"], "figures": ANY_OBJECT, "edits": {}}
)
REPORT_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
REPORT_ERRORS = (*READ_ERRORS, 403)


def _raw_error(status: int) -> Schema:
    return {
        "description": f"{MESSAGES_VI.get(status, '')} {ERROR_MEANINGS[status]}".strip(),
        "content": {"application/json": {"schema": ref("Error")}},
    }


def _raw_responses(ok: Schema, content: dict[str, Schema]) -> Schema:
    answers = {"200": {"description": ok.get("description", "Thành công."), "content": content}}
    answers.update({str(status): _raw_error(status) for status in sorted(REPORT_ERRORS)})
    return answers


#: path → (operationId, summary, the 200's content): the reports' views carry no description.
REPORT_OPERATIONS: dict[str, tuple[str, str, dict[str, Schema]]] = {
    "/api/v1/reports/": (
        "reports_list",
        "Các báo cáo tổng hợp đã ban hành (điều phối, lãnh đạo, quản trị; đơn vị: 403)",
        {"application/json": {"schema": page_of("Report")}},
    ),
    "/api/v1/reports/{id}/": (
        "report_retrieve",
        "Một báo cáo đã ban hành, với số liệu đã chốt",
        {"application/json": {"schema": ref("ReportDetail")}},
    ),
    "/api/v1/reports/{id}/files/{fmt}/": (
        "report_file_retrieve",
        "Tệp của báo cáo như đã ban hành (docx, pdf, xlsx)",
        {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in REPORT_FORMATS.values()
        },
    ),
}


def _report_view_extension(view: str) -> None:
    """Describe a view of outputs/api_views.py from here (drf-spectacular cannot read a
    function's answers; `_describe_reports` then writes them in the schema)."""

    class Described(OpenApiViewExtension):
        target_class = f"dxtrack.outputs.api_views.{view}"
        optional = True  # moved or renamed: the contract test then says what is undescribed

        def view_replacement(self) -> Any:
            view_class = getattr(self.target, "cls", self.target)  # the function's APIView
            return extend_schema(responses={200: ANY_OBJECT})(view_class)

    Described.__name__ = f"Described_{view}"


for _view in ("report_list", "report_detail", "report_file"):
    _report_view_extension(_view)


def _describe_reports(paths: Schema) -> None:
    for path, (operation_id, summary, content) in REPORT_OPERATIONS.items():
        operation = paths.get(path, {}).get("get")
        if operation is None:
            continue
        operation["operationId"] = operation_id
        operation["summary"] = summary
        operation["tags"] = ["Báo cáo tổng hợp"]
        operation["responses"] = _raw_responses({}, content)
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "fmt":
                parameter["schema"] = {"type": "string", "enum": list(REPORT_FORMATS)}
        if path == "/api/v1/reports/":
            operation["parameters"] = [
                {"name": name, "in": "query", "required": False, "schema": {"type": "integer"}}
                for name in ("page", "page_size")
            ]


def postprocess(result: Schema, generator: Any, request: Any, public: bool) -> Schema:
    """drf-spectacular hook: add the shapes above to the schema's components."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(COMPONENTS)
    _describe_reports(result.get("paths", {}))
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] != "fmt":
                    parameter["schema"] = dict(PATH_ID)
        if path.startswith("/api/v1/task-updates/{"):
            ok = operations["post"]["responses"]["200"]["content"]["application/json"]
            ok["schema"] = ref("TaskUpdate")
    return result
