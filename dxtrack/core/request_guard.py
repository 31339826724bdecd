"""Refuse, with a 400, a URL or query string holding a character no page can use: a NUL byte
(PostgreSQL refuses it in any text, so a look-up by it was a 500) or a lone surrogate (which no
UTF-8 text can hold). For every page, before any view or middleware reads the request: a JSON
error in the API's shape under /api/, a short Vietnamese page elsewhere.

The write API checks its bodies the same way (`api.parsing`, with `bad_string` from here).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = (
    "Địa chỉ hoặc tham số truy vấn chứa ký tự không được phép (ký tự NUL hoặc nửa cặp surrogate)."
)
DETAIL = "Dữ liệu gửi lên không hợp lệ."


def bad_string(text: str) -> bool:
    """A NUL byte or a lone surrogate (which no database nor UTF-8 can store)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def bad_part(request: HttpRequest) -> str | None:
    """ "path" or "query" when that part of the request holds a refused character."""
    if bad_string(request.path) or bad_string(request.path_info):
        return "path"
    for key, values in request.GET.lists():
        if bad_string(key) or any(bad_string(value) for value in values):
            return "query"
    return None


def refusal(request: HttpRequest, part: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": DETAIL, "errors": {part: [MESSAGE]}}, status=400)
    page = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        "<title>Yêu cầu không hợp lệ</title></head><body>"
        f"<h1>400 — Yêu cầu không hợp lệ</h1><p>{escape(MESSAGE)}</p>"
        '<p><a href="/">Về trang chủ</a></p></body></html>'
    )
    return HttpResponse(page, status=400, content_type="text/html; charset=utf-8")


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        part = bad_part(request)
        if part is not None:
            return refusal(request, part)
        return self.get_response(request)
