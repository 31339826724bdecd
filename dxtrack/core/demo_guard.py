"""`dxtrack demo` only where a demo belongs: it creates well-known accounts (`admin` / `demo`)
and simulated history, so it must never run against a real installation's database.

It refuses (CommandError, Vietnamese) when
- DEBUG is off and the operator did not say `DXTRACK_DEMO=1`: a production configuration; or
- the database holds data that is not the demo's: an account the demo does not create, or an
  audit row written by someone else than the demo's accounts and commands.

An empty database, or one a previous `dxtrack demo` set up, is fine (the demo is idempotent).
"""

from __future__ import annotations

import os
from collections.abc import Collection

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection

from dxtrack.core.models import AuditLog

#: Audit authors that are commands, not people (core.audit: "hệ thống" when no user is given).
SYSTEM_AUTHORS = ("", "hệ thống")
SYSTEM_PREFIX = "dxtrack "
YES = ("1", "true", "yes", "on")


def demo_allowed_by_settings() -> bool:
    return bool(settings.DEBUG) or os.getenv("DXTRACK_DEMO", "").strip().lower() in YES


def non_demo_accounts(*, demo_usernames: Collection[str]) -> list[str]:
    """User names the demo does not create (at most five, for the message)."""
    users = get_user_model().objects.exclude(username__in=list(demo_usernames))
    return list(users.order_by("username").values_list("username", flat=True)[:5])


def _demo_author(name: str, demo_usernames: Collection[str]) -> bool:
    """An audit author of the demo: a command, or a demo account ("reporter-soyte (api)")."""
    if name in SYSTEM_AUTHORS or name.startswith(SYSTEM_PREFIX):
        return True
    return name.split(" ", 1)[0] in demo_usernames


def non_demo_audit_rows(*, demo_usernames: Collection[str]) -> int:
    """How many audit rows someone other than the demo wrote."""
    authors = AuditLog.objects.values_list("actor_name", flat=True).distinct()
    others = [name for name in authors if not _demo_author(name, demo_usernames)]
    return AuditLog.objects.filter(actor_name__in=others).count() if others else 0


def require_demo_database(*, demo_usernames: Collection[str]) -> None:
    """Raise CommandError unless `dxtrack demo` may run here (see the module's docstring)."""
    if not demo_allowed_by_settings():
        raise CommandError(
            "dxtrack demo từ chối chạy: DEBUG đang tắt (cấu hình sản xuất). Dữ liệu mẫu tạo tài "
            "khoản admin/demo; nếu đây đúng là máy thử nghiệm, đặt DXTRACK_DEMO=1."
        )
    tables = set(connection.introspection.table_names())
    if get_user_model()._meta.db_table not in tables or AuditLog._meta.db_table not in tables:
        return  # a new database: migrate has not run yet
    accounts = non_demo_accounts(demo_usernames=demo_usernames)
    rows = non_demo_audit_rows(demo_usernames=demo_usernames)
    if accounts or rows:
        found = []
        if accounts:
            found.append(f"tài khoản không thuộc dữ liệu mẫu ({', '.join(accounts)}…)")
        if rows:
            found.append(f"{rows} dòng nhật ký do người dùng thật ghi")
        raise CommandError(
            "dxtrack demo từ chối chạy: cơ sở dữ liệu này có dữ liệu thật: "
            + "; ".join(found)
            + ". Dùng một cơ sở dữ liệu riêng cho bản trình diễn (DATABASE_URL)."
        )
