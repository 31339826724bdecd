import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import translation
from django.utils.translation import gettext


class LanguageMiddleware:
    """Vietnamese unless the user chose English with the switch (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would show
    officials on an English-language browser a half-English page; the plans' language is first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


#: The session keys of SessionTimeoutMiddleware: when the user logged in, when last seen.
SESSION_LOGIN_AT = "dx_login_at"
SESSION_SEEN_AT = "dx_seen_at"
#: The "last seen" mark is written at most once a minute, not a session write per request.
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Logs out a session idle for SESSION_IDLE_TIMEOUT seconds or older than SESSION_COOKIE_AGE.

    Each request renews the idle clock; the absolute lifetime counts from the login (Django's
    own expiry is renewed by every session write, so it is no absolute limit by itself).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            login_at = request.session.get(SESSION_LOGIN_AT)
            seen_at = request.session.get(SESSION_SEEN_AT)
            if login_at is None or seen_at is None:
                request.session[SESSION_LOGIN_AT] = login_at or now
                request.session[SESSION_SEEN_AT] = now
            elif (
                now - seen_at > settings.SESSION_IDLE_TIMEOUT
                or now - login_at > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(
                    request,
                    gettext("Phiên làm việc đã hết hạn; vui lòng đăng nhập lại."),
                )
            elif now - seen_at >= SEEN_RESOLUTION:
                request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
