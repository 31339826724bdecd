"""`dxtrack backup [-o FILE]`: the database and the evidence files in one archive (core.backup)."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from dxtrack.core import backup


def applied_migrations() -> dict[str, str]:
    """The last applied migration of each app, so a restore can say which code it needs."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (SQLite: sao chép trực tuyến; PostgreSQL: pg_dump) và các tệp "
        "minh chứng vào một tệp .tar.gz có manifest mã băm SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="Tệp sao lưu (mặc định: var/backups/dxtrack-NGÀYGIỜ.tar.gz)",
        )

    def handle(self, *args, output=None, **options):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        archive = (
            Path(output)
            if output
            else Path(settings.VAR_DIR) / "backups" / f"dxtrack-{stamp}.tar.gz"
        )
        sqlite_source = None
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            sqlite_source = connection.connection
        try:
            manifest = backup.backup(
                archive=archive,
                database=connection.settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
                migrations=applied_migrations(),
                sqlite_source=sqlite_source,
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        files = len(manifest.files) - 1
        self.stdout.write(
            f"Đã sao lưu vào {archive} (cơ sở dữ liệu {manifest.engine}, {files} tệp minh chứng)."
        )
