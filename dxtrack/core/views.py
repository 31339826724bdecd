from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request, exception=None):
    message = (
        str(exception)
        if exception and str(exception)
        else gettext("Bạn không có quyền xem trang này.")
    )
    return render(request, "error.html", {"code": 403, "message": message}, status=403)


def not_found(request, exception=None):
    return render(
        request,
        "error.html",
        {"code": 404, "message": gettext("Không tìm thấy trang.")},
        status=404,
    )


def server_error(request):
    return render(
        request,
        "error.html",
        {"code": 500, "message": gettext("Hệ thống gặp lỗi; sự cố đã được ghi lại.")},
        status=500,
    )
