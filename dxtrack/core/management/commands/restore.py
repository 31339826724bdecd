"""`dxtrack restore FILE`: an archive of `dxtrack backup` into a fresh database (core.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from dxtrack.core import backup


class Command(BaseCommand):
    help = (
        "Khôi phục một tệp của `dxtrack backup` vào cơ sở dữ liệu của DATABASE_URL, phải là cơ sở "
        "dữ liệu mới (chưa có bảng), và các tệp minh chứng vào MEDIA_ROOT; kiểm tra mọi mã băm "
        "trước khi ghi."
    )
    # A fresh database has no tables: the checks must not need any.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do dxtrack backup tạo")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Không có tệp {path.name}.")
        connection.close()  # pg_restore and SQLite write through their own connections
        try:
            manifest = backup.restore(
                archive=path,
                database=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        files = len(manifest.files) - 1
        self.stdout.write(
            f"Đã khôi phục {path.name} (sao lưu lúc {manifest.created_at}, {files} tệp minh chứng)."
        )
