"""Every API error as `{"detail": "...", "errors": {"field": ["message"]}}` (DESIGN.md)."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

MESSAGES_VI = {
    400: "Dữ liệu gửi lên không hợp lệ.",
    401: "Cần xác thực: thiếu hoặc sai mã truy cập (token).",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ.",
    409: "Dữ liệu đã bị thay đổi bởi người khác hoặc trùng lặp.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Kiểu dữ liệu không được hỗ trợ: gửi application/json, "
    "application/x-www-form-urlencoded hoặc multipart/form-data.",
    429: "Quá nhiều yêu cầu.",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = MESSAGES_VI[409]
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    errors: Any = {}
    detail: Any
    if isinstance(exc, exceptions.ValidationError):
        detail = MESSAGES_VI[400]
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
    else:
        detail = data.get("detail") if isinstance(data, dict) else None
        if exc.__class__ in (
            exceptions.NotAuthenticated,
            exceptions.AuthenticationFailed,
            exceptions.NotFound,
            exceptions.MethodNotAllowed,
            exceptions.UnsupportedMediaType,
        ):
            detail = MESSAGES_VI.get(response.status_code, detail)
        elif isinstance(exc, exceptions.ParseError) and str(detail) == str(
            exceptions.ParseError.default_detail
        ):
            detail = "Nội dung gửi lên không đọc được."
        elif isinstance(exc, exceptions.PermissionDenied) and str(detail) == str(
            exceptions.PermissionDenied.default_detail
        ):
            detail = MESSAGES_VI[403]
    response.data = {
        "detail": str(detail or MESSAGES_VI.get(response.status_code, "Lỗi.")),
        "errors": errors,
    }
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response
