"""`make demo`: set up the Thái Nguyên demo (idempotently) and serve it."""

import os
import threading

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q

from dxtrack.core.audit import audit_record
from dxtrack.core.demo_guard import require_demo_database
from dxtrack.registry.demo_data import load_demo, load_demo_responsibilities
from dxtrack.registry.models import Role, Unit

DEMO_PASSWORD = "demo"
# (username, full name, role, unit code or None, is_staff)
DEMO_ACCOUNTS = [
    ("admin", "Quản trị hệ thống", "admin", None, True),
    (
        "coordinator",
        "Cán bộ điều phối (Sở Khoa học và Công nghệ)",
        "coordinator",
        "so-khoa-hoc-va-cong-nghe",
        True,
    ),
    ("leader", "Lãnh đạo UBND tỉnh", "leader", None, False),
    ("reporter-soyte", "Cán bộ báo cáo Sở Y tế", "reporter", "so-y-te", False),
    ("approver-soyte", "Lãnh đạo Sở Y tế", "approver", "so-y-te", False),
    (
        "reporter-phandinhphung",
        "Cán bộ báo cáo phường Phan Đình Phùng",
        "reporter",
        "phan-dinh-phung",
        False,
    ),
]


def demo_unit_code(code: str | None) -> str | None:
    """Phường Phan Đình Phùng is addressed by its official code; find it by name."""
    if code != "phan-dinh-phung":
        return code
    unit = Unit.objects.filter(
        kind=Unit.Kind.COMMUNE, name__iexact="Phường Phan Đình Phùng"
    ).first()
    return unit.code if unit else None


class Command(BaseCommand):
    help = "Dựng dữ liệu mẫu Thái Nguyên (chạy lại không tạo trùng) và chạy máy chủ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Chỉ dựng dữ liệu, không chạy máy chủ"
        )
        parser.add_argument(
            "--no-sample",
            action="store_true",
            help="Không có lịch sử báo cáo mô phỏng: chỉ số liệu của các văn bản (xoá bản mô "
            "phỏng nếu đã có)",
        )

    def handle(self, *args, no_serve, no_sample=False, **options):
        require_demo_database(demo_usernames=[account[0] for account in DEMO_ACCOUNTS])
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        load_demo(log=self.stdout.write)
        load_demo_responsibilities(log=self.stdout.write)
        self.create_accounts()
        self.simulate(remove=no_sample)
        self.after_load()
        self.demo_report(remove=no_sample)
        if not no_serve:
            host, port = os.getenv("HOST", "127.0.0.1"), os.getenv("PORT", "8000")
            self.stdout.write(f"\ndxtrack: http://{host}:{port}/  (Ctrl+C để dừng)")
            self.start_workers()
            call_command(
                "runserver",
                f"{host}:{port}",
                use_reloader=False,
                use_static_handler=False,
                insecure_serving=False,
            )

    def start_workers(self):
        """The demo serves alone: the background jobs' worker (round creation, reporting's
        `dxtrack round_jobs --loop`) runs in a thread beside the server, as a service would."""
        if "round_jobs" in get_commands():
            worker = threading.Thread(
                target=call_command, args=("round_jobs", "--loop"), name="round-jobs", daemon=True
            )
            worker.start()

    def simulate(self, *, remove: bool):
        """The simulated reporting history belongs to a higher app (it writes reporting's
        items): its command, `dxtrack simulate`, runs when installed, as `evaluate` below."""
        if "simulate" in get_commands():
            call_command("simulate", *(["--remove"] if remove else []), stdout=self.stdout)

    def demo_report(self, *, remove: bool):
        """The living demo's issued quarterly report, drafted from the simulated history
        (`dxtrack demo_report` of the outputs app, when installed); `--no-sample` removes it."""
        if "demo_report" in get_commands():
            call_command("demo_report", *(["--remove"] if remove else []), stdout=self.stdout)

    def after_load(self):
        """Hook for the apps that compute from the loaded data (evaluation)."""
        if "evaluate" in get_commands():
            call_command("evaluate")

    @transaction.atomic
    def create_accounts(self):
        users = get_user_model()
        self.stdout.write("\nTài khoản dùng thử (mật khẩu: demo):")
        for username, full_name, role, code, is_staff in DEMO_ACCOUNTS:
            user, created = users.objects.get_or_create(username=username)
            if created:
                user.set_password(DEMO_PASSWORD)
                user.first_name = full_name
                user.is_staff = is_staff
                user.is_superuser = role == "admin"
                user.email = f"{username}@demo.invalid"
                user.save()
                audit_record(
                    actor=None,
                    action="user.create_demo",
                    obj=user,
                    after={"username": username, "role": role},
                )
            unit = Unit.objects.filter(code=demo_unit_code(code)).first() if code else None
            if role != "admin":
                Role.objects.update_or_create(user=user, defaults={"name": role, "unit": unit})
            if role == "coordinator":
                self.grant_registry_admin(user)
            where = f" — {unit.name}" if unit else ""
            self.stdout.write(
                f"  {username:<24} {Role.Name(role).label if role != 'admin' else 'Quản trị'}{where}"
            )

    def grant_registry_admin(self, user):
        """The registry in the admin, and the values (reporting's `Observation` since decision
        14), which the coordinator corrects there as before the move. Roles only to see: only
        an administrator gives roles (separation of duties, issue 12); a database made by an
        earlier demo loses them too."""
        perms = Permission.objects.filter(
            Q(content_type__app_label="registry")
            | Q(content_type__app_label="reporting", content_type__model="observation")
        )
        role_writes = perms.filter(content_type__model="role").exclude(codename="view_role")
        user.user_permissions.add(*perms.exclude(pk__in=role_writes))
        user.user_permissions.remove(*role_writes)
