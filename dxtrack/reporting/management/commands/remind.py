"""`dxtrack remind`: send the reminders due today, each once (run from cron, e.g. hourly)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dxtrack.reporting.services import reminders_send


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị còn thiếu báo cáo: trước hạn gửi và khi quá hạn, qua thư điện tử và "
        "thông báo trong hệ thống. Chạy lại không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày coi là hôm nay (YYYY-MM-DD), để thử")
        parser.add_argument(
            "--days-before",
            type=int,
            default=None,
            help="Nhắc trước hạn bao nhiêu ngày làm việc (mặc định REMINDER_DAYS_BEFORE)",
        )

    def handle(self, *args, today=None, days_before=None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(f"--today phải có dạng YYYY-MM-DD, nhận được {today!r}") from None
        sent = reminders_send(today=day, days_before=days_before)
        self.stdout.write(f"Đã gửi {sent} lời nhắc.")
