"""Reading a write request: the body's bytes into a JSON object within limits, then typed values
with every problem as a field error (`{"field": ["message"]}`, answered 400 by
`errors.exception_handler`).

The body (`request_body`): JSON (`StrictJSONParser`), a form or multipart (`LimitedFormParser`,
`LimitedMultiPartParser`); it must be an object (a JSON array, string or null is a 400), no larger
than `API_MAX_BODY_BYTES` (413; `UPLOAD_MAX_BYTES` for multipart with evidence files), nested no
deeper than `API_MAX_JSON_DEPTH`, with no NaN or Infinity and no string holding a NUL byte or a
lone surrogate (400). Another Content-Type is a 415. The fields (`RequestFields`): every free text
as long as the web form allows (`LIMITS`, the forms' `max_length`), and a message never repeats
more than `ECHO_CHARS` characters of what was sent.

All the fields of a request are read before any is refused, so a client learns every mistake at
once; `RequestFields.raise_errors()` then raises the ValidationError.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.request import Request

from dxtrack.core.periods import Period
from dxtrack.core.request_guard import bad_string

REQUIRED = "Trường này là bắt buộc."
NOT_AN_INTEGER = "Phải là số nguyên."
NOT_A_DATE = "Ngày phải có dạng YYYY-MM-DD."
NOT_A_STRING = "Phải là chuỗi ký tự."
NOT_A_NUMBER = "Phải là số hoặc chuỗi ký tự."
NOT_AN_OBJECT = "Nội dung gửi lên phải là một đối tượng JSON ({…})."
NOT_JSON = "Nội dung gửi lên không phải JSON hợp lệ (UTF-8)."
TOO_DEEP = "JSON lồng quá {depth} cấp."
NOT_FINITE = "Không nhận NaN hay Infinity: số phải là số hữu hạn."
BAD_CHARACTER = "Chuỗi chứa ký tự không được phép (ký tự NUL hoặc nửa cặp surrogate)."
TOO_LONG = "Tối đa {limit} ký tự (đã gửi {length})."
FALSE_WORDS = ("false", "0", "no")

#: The longest a free text may be, as in the web forms (reporting/forms.py: ValueForm,
#: TaskUpdateForm, UnitDecisionForm) and the models' codes; any other string field gets
#: `DEFAULT_MAX_CHARS`.
LIMITS = {
    "value": 40,
    "note": 4000,
    "percent_done": 10,
    "narrative": 8000,
    "difficulties": 8000,
    "proposals": 8000,
    "comment": 4000,
    "unit_code": 64,
    "period": 8,
    "progress": 40,
    "expected_completion": 10,
    "completed_on": 10,
    "disbursed": 40,
}
DEFAULT_MAX_CHARS = 100
#: The fields a number may be sent for (as a JSON number or a string).
NUMERIC_FIELDS = ("value", "percent_done", "disbursed")
#: How much of a refused value a message may repeat.
ECHO_CHARS = 100
#: Ids and versions are stored in 64-bit integer columns.
MAX_ID = 2**63 - 1
#: The most digits a JSON integer may have (the longest value is 40 characters).
MAX_INT_DIGITS = 40


def short(value: object, limit: int = ECHO_CHARS) -> str:
    """`value` as text cut to `limit` characters, for a message that repeats what was sent."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _blank(value: object) -> bool:
    return value is None or value == ""


# -- the body ------------------------------------------------------------------------------------


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Nội dung gửi lên quá lớn."
    default_code = "request_too_large"


def _max_body() -> int:
    return int(getattr(settings, "API_MAX_BODY_BYTES", 1024 * 1024))


def _max_depth() -> int:
    return int(getattr(settings, "API_MAX_JSON_DEPTH", 20))


def _declared_length(parser_context: Mapping[str, Any] | None) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        return 0


def _read_limited(stream: IO[bytes], limit: int, parser_context: Mapping[str, Any] | None) -> bytes:
    """The body, refused (413) past `limit` bytes: by its Content-Length before reading, and by
    what is read (a body without a length, or a false one)."""
    if _declared_length(parser_context) > limit:
        raise RequestTooLarge(f"Nội dung gửi lên quá lớn (tối đa {limit} byte).")
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise RequestTooLarge(f"Nội dung gửi lên quá lớn (tối đa {limit} byte).")
    return data


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit` (outside strings), checked before
    `json.loads`, whose recursion a deep body would exhaust."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _refuse_constant(name: str) -> Any:
    raise ParseError(NOT_FINITE)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ParseError(NOT_FINITE)
    return number


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ParseError(f"Số nguyên quá dài (tối đa {MAX_INT_DIGITS} chữ số).")
    return int(text)


def _walk_strings(value: Any, path: str) -> str | None:
    """The first place (a field name) where a string, or a key, holds a NUL or a lone surrogate."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if bad_string(item):
                return where
        elif isinstance(item, dict):
            for key, sub in item.items():
                if bad_string(key):
                    return where or "non_field_errors"
                stack.append((sub, where or key))
        elif isinstance(item, list):
            stack.extend((sub, where) for sub in item)
    return None


class StrictJSONParser(BaseParser):
    """JSON within the API's limits (size, depth, finite numbers, UTF-8 with no lone surrogate);
    DRF's JSONParser reads any size and depth, and a 5 000-deep body crashed it."""

    media_type = "application/json"

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        raw = _read_limited(stream, _max_body(), parser_context)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ParseError(NOT_JSON) from None
        if json_depth_exceeds(text, _max_depth()):
            raise ParseError(TOO_DEEP.format(depth=_max_depth()))
        try:
            return json.loads(
                text,
                parse_constant=_refuse_constant,
                parse_float=_finite_float,
                parse_int=_bounded_int,
            )
        except (ValueError, RecursionError):
            raise ParseError(NOT_JSON) from None


class LimitedFormParser(FormParser):
    """A urlencoded form within `API_MAX_BODY_BYTES` (DRF's reads any size)."""

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        raw = _read_limited(stream, _max_body(), parser_context)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return QueryDict(raw, encoding=encoding)
        except (ValueError, UnicodeDecodeError):
            raise ParseError(NOT_AN_OBJECT) from None


class LimitedMultiPartParser(MultiPartParser):
    """multipart/form-data (fields and evidence files) within `UPLOAD_MAX_BYTES`."""

    def parse(
        self,
        stream: IO[bytes],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = int(getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
        if _declared_length(parser_context) > limit:
            raise RequestTooLarge(f"Nội dung gửi lên quá lớn (tối đa {limit} byte).")
        try:
            return super().parse(stream, media_type, parser_context)
        except (MultiPartParserError, ValueError, UnicodeDecodeError):
            raise ParseError("Nội dung multipart/form-data không hợp lệ.") from None


#: The parsers of every write endpoint.
PARSERS = [StrictJSONParser, LimitedFormParser, LimitedMultiPartParser]


def request_body(request: Request) -> Mapping[str, Any]:
    """The parsed body, checked: an object (JSON) or a form's fields, with no NUL byte nor lone
    surrogate in any string. An empty body is an empty object."""
    data = request.data
    if isinstance(data, QueryDict):
        for key, values in data.lists():
            if bad_string(key) or any(isinstance(v, str) and bad_string(v) for v in values):
                raise ValidationError(
                    {short(key, 40) if not bad_string(key) else "non_field_errors": [BAD_CHARACTER]}
                )
        return data
    if not isinstance(data, dict):
        raise ValidationError({"non_field_errors": [NOT_AN_OBJECT]})
    where = _walk_strings(data, "")
    if where is not None:
        raise ValidationError({short(where, 40): [BAD_CHARACTER]})
    return data


class RequestFields:
    """The body of one request (JSON, form or multipart) and the errors found reading it."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.errors: dict[str, list[str]] = {}

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def sent(self, name: str) -> bool:
        """Whether the request carries the field at all (null and "" included): a field not sent
        leaves an existing item's value as it is."""
        return name in self.data

    def _checked(self, name: str, value: Any) -> Any:
        """`value` if it is a number or a string within the field's length, else None with an
        error (a list or an object where one value is expected; a text too long)."""
        if value is None or isinstance(value, (int, float)):
            return value
        if not isinstance(value, str):
            self.error(name, NOT_A_NUMBER if name in NUMERIC_FIELDS else NOT_A_STRING)
            return None
        limit = LIMITS.get(name, DEFAULT_MAX_CHARS)
        if len(value) > limit:
            self.error(name, TOO_LONG.format(limit=limit, length=len(value)))
            return None
        return value

    def raw(self, name: str, *, required: bool = True) -> Any:
        """The value as sent (a number or a string within its length, else None with an error);
        a missing or empty required one is an error."""
        value = self.data.get(name)
        if required and _blank(value):
            self.error(name, REQUIRED)
        if isinstance(value, bool):
            self.error(name, NOT_A_NUMBER if name in NUMERIC_FIELDS else NOT_A_STRING)
            return None
        return self._checked(name, value)

    def text(self, name: str) -> str:
        """An optional free text ("" when absent), within the form's length."""
        value = self.data.get(name)
        if _blank(value):
            return ""
        checked = self._checked(name, value)
        return "" if checked is None else str(checked)

    def integer(self, name: str, *, required: bool = True) -> int | None:
        value = self.raw(name, required=required)
        if _blank(value):
            return None
        if isinstance(value, float) or len(str(value)) > 20:
            self.error(name, NOT_AN_INTEGER)
            return None
        try:
            number = int(str(value))
        except ValueError:
            self.error(name, NOT_AN_INTEGER)
            return None
        if not 0 <= number <= MAX_ID:
            self.error(name, f"Phải là số nguyên từ 0 đến {MAX_ID}.")
            return None
        return number

    def period(self, name: str = "period") -> str | None:
        """A period code (2025, 2025S1, 2025Q3, 202507), required."""
        value = self.raw(name)
        if _blank(value):
            return None
        try:
            return Period.parse(str(value)).code
        except ValueError as exc:
            self.error(name, short(str(exc), 2 * ECHO_CHARS))
            return None

    def day(self, name: str) -> date | None:
        """An optional ISO date."""
        value = self.raw(name, required=False)
        if _blank(value):
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.error(name, NOT_A_DATE)
            return None

    def flag(self, name: str, *, default: bool) -> bool:
        """A yes/no; anything but "false", "0" or "no" is yes."""
        if name not in self.data:
            return default
        return short(self.data.get(name), 10).lower() not in FALSE_WORDS

    def string(self, name: str) -> str:
        """An optional string that must be one if sent ("" when absent or null)."""
        value = self.data.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(name, NOT_A_STRING)
            return ""
        return str(self._checked(name, value) or "")

    def raise_errors(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
