from django.utils import timezone
from rest_framework import authentication, exceptions

from dxtrack.api.models import ApiToken


class UnitTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token dxt_…`: the request acts as the token's user (and unit)."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] not in (self.keyword, "Bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Tiêu đề Authorization không hợp lệ.")
        token = (ApiToken.objects.select_related("user", "user__dx_role__unit")
                 .filter(digest=ApiToken.hash(header[1]), revoked_at__isnull=True).first())
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Mã truy cập không hợp lệ hoặc đã bị thu hồi.")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
