"""`dxtrack submit --round R --unit CODE FILE.xlsx`: the Excel upload from the command line."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dxtrack.core import permissions
from dxtrack.registry.models import Unit
from dxtrack.reporting import excel
from dxtrack.reporting.models import Round


class Command(BaseCommand):
    help = (
        "Nạp tệp Excel báo cáo của một đơn vị cho một kỳ: kiểm tra mọi dòng, không lưu gì nếu "
        "có lỗi; mặc định gửi luôn để duyệt (--draft: chỉ lưu nháp)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--round", required=True, type=int, help="Số (id) của kỳ báo cáo")
        parser.add_argument("--unit", required=True, help="Mã đơn vị")
        parser.add_argument("--user", help="Tên đăng nhập người gửi (cán bộ của đơn vị)")
        parser.add_argument("--draft", action="store_true", help="Chỉ lưu nháp, không gửi")

    def handle(self, *args, file, round, unit, user=None, draft=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không thấy tệp {file}")
        rnd = Round.objects.filter(pk=round).first()
        if rnd is None:
            raise CommandError(f"Không có kỳ báo cáo {round}")
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"Không có đơn vị mã {unit!r}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {user!r}")
            if not permissions.can_report_for(actor, target):
                raise CommandError(f"{user} không phải cán bộ của {target.name}")
        if not rnd.is_open:
            raise CommandError("Kỳ báo cáo không mở: không nạp được số liệu.")
        try:
            result = excel.workbook_import(
                acting_user=actor,
                rnd=rnd,
                unit=target,
                data=path.read_bytes(),
                submit=not draft,
                via="cli",
            )
        except excel.WorkbookInvalid as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(exc.errors)} lỗi; không lưu gì.") from None
        verb = "lưu nháp" if draft else "gửi"
        self.stdout.write(
            f"Đã {verb} {result.values} số liệu và {result.tasks} báo cáo tiến độ "
            f"({result.unchanged} dòng không đổi)."
        )
