"""Reading the fields of a write request: typed values, and every problem as a field error
(`{"field": ["message"]}`, answered 400 by `errors.exception_handler`).

All the fields of a request are read before any is refused, so a client learns every mistake at
once; `RequestFields.raise_errors()` then raises the ValidationError.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from rest_framework.exceptions import ValidationError

from dxtrack.core.periods import Period

REQUIRED = "Trường này là bắt buộc."
NOT_AN_INTEGER = "Phải là số nguyên."
NOT_A_DATE = "Ngày phải có dạng YYYY-MM-DD."
NOT_A_STRING = "Phải là chuỗi ký tự."
FALSE_WORDS = ("false", "0", "no")


def _blank(value: object) -> bool:
    return value is None or value == ""


class RequestFields:
    """The body of one request (JSON, form or multipart) and the errors found reading it."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.errors: dict[str, list[str]] = {}

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raw(self, name: str, *, required: bool = True) -> Any:
        """The value as sent; a missing or empty required one is an error."""
        value = self.data.get(name)
        if required and _blank(value):
            self.error(name, REQUIRED)
        return value

    def text(self, name: str) -> str:
        """An optional free text ("" when absent)."""
        return str(self.data.get(name) or "")

    def integer(self, name: str, *, required: bool = True) -> int | None:
        value = self.raw(name, required=required)
        if _blank(value):
            return None
        if isinstance(value, bool):
            self.error(name, NOT_AN_INTEGER)
            return None
        try:
            return int(str(value))
        except ValueError:
            self.error(name, NOT_AN_INTEGER)
            return None

    def period(self, name: str = "period") -> str | None:
        """A period code (2025, 2025S1, 2025Q3, 202507), required."""
        value = self.raw(name)
        if _blank(value):
            return None
        try:
            return Period.parse(str(value)).code
        except ValueError as exc:
            self.error(name, str(exc))
            return None

    def day(self, name: str) -> date | None:
        """An optional ISO date."""
        value = self.data.get(name)
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
        return str(self.data.get(name)).lower() not in FALSE_WORDS

    def string(self, name: str) -> str:
        """An optional string that must be one if sent ("" when absent or null)."""
        value = self.data.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(name, NOT_A_STRING)
            return ""
        return value

    def raise_errors(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)
