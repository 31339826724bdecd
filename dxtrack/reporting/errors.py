"""What reporting's writes raise. Errors are raised, never returned.

`ReportingError` carries field errors (400 in the API, the messages next to the fields in a form),
`StaleVersion` a lost race (409), `Locked` a round that is not open or an item in a state that
does not allow the write (409).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy


class ReportingError(Exception):
    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class StaleVersion(ReportingError):
    pass


class Locked(ReportingError):
    pass


STALE_MESSAGE = gettext_lazy(
    "Mục này vừa được người khác cập nhật (phiên bản hiện tại {current}, bạn "
    "đang sửa phiên bản {given}). Thay đổi của bạn chưa được lưu: hãy tải lại "
    "trang, xem giá trị mới rồi nhập lại."
)
