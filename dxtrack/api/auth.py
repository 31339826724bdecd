from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from dxtrack.api.models import ApiToken
from dxtrack.core import throttle

#: `last_used_at` is a "seen recently" mark for `dxtrack token list`, not an access log: it is
#: written at most once per interval, so a busy system does not pay a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenThrottled(exceptions.Throttled):
    """429 with Retry-After; the wait said in Vietnamese (DRF's own would add an English one)."""

    wait: int

    def __init__(self, wait: int):
        super().__init__(
            detail=(
                "Quá nhiều mã truy cập sai từ địa chỉ này; "
                f"vui lòng thử lại sau {throttle.wait_text(wait)}."
            )
        )
        self.wait = wait


class UnitTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token dxt_…`: the request acts as the token's user (and unit).

    One query: the token with its user, the user's role and the role's unit. Wrong tokens are
    counted per client address (core.throttle): past THROTTLE_TOKEN_FAILURES the address gets
    429 with Retry-After, its token checked or not, for a wait that doubles with each failure.
    """

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] not in (self.keyword, "Bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Tiêu đề Authorization không hợp lệ.")
        key = throttle.token_key(request)
        wait = throttle.wait_seconds(key)
        if wait:
            raise TokenThrottled(wait)
        token = (
            ApiToken.objects.select_related("user", "user__dx_role__unit")
            .filter(digest=ApiToken.hash(header[1]), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            throttle.record_failure(key)
            raise exceptions.AuthenticationFailed("Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            # Conditional, so concurrent requests of one token write it once per interval.
            ApiToken.objects.filter(pk=token.pk).exclude(
                last_used_at__gt=now - LAST_USED_RESOLUTION
            ).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
