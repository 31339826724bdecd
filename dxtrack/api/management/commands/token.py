"""`dxtrack token create --user U`: a unit's API token, printed once (only its hash is kept)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dxtrack.api.models import ApiToken
from dxtrack.core import permissions
from dxtrack.core.audit import audit_record


class Command(BaseCommand):
    help = "Tạo, liệt kê hoặc thu hồi mã truy cập API của một cán bộ đơn vị."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo mã mới (in ra một lần duy nhất)")
        create.add_argument("--user", required=True)
        create.add_argument("--name", default="", help="Tên hệ thống dùng mã (để nhận biết)")
        listing = sub.add_parser("list", help="Liệt kê mã (chỉ tiền tố)")
        listing.add_argument("--user")
        revoke = sub.add_parser("revoke", help="Thu hồi mã theo tiền tố")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_create(self, *, user, name="", **_):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"Không có người dùng {user!r}")
        unit = permissions.unit_of(account)
        if unit is None:
            raise CommandError(
                f"{user} không phải cán bộ báo cáo của một đơn vị: mã API gắn với một đơn vị."
            )
        token = ApiToken.generate()
        with transaction.atomic():
            row = ApiToken.objects.create(
                user=account, name=name, prefix=token[:8], digest=ApiToken.hash(token)
            )
            audit_record(
                actor=None,
                actor_name="dxtrack token",
                action="api_token.create",
                obj=row,
                after={"user": user, "unit": unit.code, "prefix": row.prefix, "name": name},
                unit_code=unit.code,
            )
        self.stderr.write(f"Mã truy cập cho {user} ({unit.name}); chỉ hiện một lần, hãy lưu lại:")
        self.stdout.write(token)

    def do_list(self, *, user=None, **_):
        rows = ApiToken.objects.select_related("user").order_by("created_at")
        if user:
            rows = rows.filter(user__username=user)
        for row in rows:
            state = "đã thu hồi" if row.revoked_at else "đang dùng"
            self.stdout.write(
                f"{row.prefix}…  {row.user.username}  {row.name}  {state}  "
                f"{row.last_used_at or '-'}"
            )

    def do_revoke(self, *, prefix, **_):
        with transaction.atomic():
            rows = list(
                ApiToken.objects.select_for_update().filter(prefix=prefix, revoked_at__isnull=True)
            )
            if not rows:
                raise CommandError(f"Không có mã đang dùng với tiền tố {prefix!r}")
            for row in rows:
                row.revoked_at = timezone.now()
                row.save(update_fields=["revoked_at"])
                audit_record(
                    actor=None,
                    actor_name="dxtrack token",
                    action="api_token.revoke",
                    obj=row,
                    after={"prefix": prefix},
                )
        self.stdout.write(f"Đã thu hồi {len(rows)} mã.")
