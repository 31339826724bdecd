from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy

from dxtrack.core import throttle


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


class LoginForm(AuthenticationForm):
    """A login form that refuses attempts while the account or the address waits (core.throttle).

    A blocked attempt is refused before the password is checked, with the wait in the message;
    a failed one counts for the account and the address; a successful one clears the account.
    """

    error_messages = {
        "invalid_login": gettext_lazy("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": gettext_lazy("Tài khoản này đã bị khoá."),
        "throttled": gettext_lazy("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(wait)s."),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = [throttle.account_key(username)]
        if self.request is not None:
            keys.append(throttle.address_key(self.request))
        wait = throttle.wait_seconds(*keys)
        if wait:
            self.throttle_wait = wait
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"wait": throttle.wait_text(wait)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if any(e.code == "invalid_login" for e in error.error_list):
                throttle.record_failure(*keys)
            raise
        throttle.clear(keys[0])
        return cleaned


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's login, throttled like the login page."""


class LoginView(auth_views.LoginView):
    """The login page: throttled (LoginForm); a refused attempt answers 429 with Retry-After."""

    template_name = "login.html"
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        wait = getattr(form, "throttle_wait", 0)
        if wait:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response


#: Fields of a refused form never shown back: secrets and Django's own.
_SECRET_FIELDS = ("password", "token", "csrf", "secret", "key")


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: the form expired (or cookies are off), in the site's style.

    What was typed cannot be saved without the check it failed, so the page shows the posted
    text fields (never passwords or tokens) for the user to copy, and a link back to the form.
    """
    typed = []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if any(word in name.lower() for word in _SECRET_FIELDS) or name == "next":
                continue
            text = "\n".join(value for value in values if value.strip())
            if text:
                typed.append((name, text[:5000]))
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = request.path
    return render(
        request,
        "csrf_failure.html",
        {"typed": typed[:50], "back": back, "no_cookies": "cookie" in reason.lower()},
        status=403,
    )
