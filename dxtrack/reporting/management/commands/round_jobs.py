"""`dxtrack round_jobs`: create the rounds the coordinator asked for (cron every minute, or
`--loop` under systemd); the pages only queue them (reporting/jobs.py)."""

import time

from django.core.management.base import BaseCommand

from dxtrack.reporting.jobs import round_jobs_run_pending


class Command(BaseCommand):
    help = (
        "Tạo các kỳ báo cáo đang chờ (cán bộ điều phối đã yêu cầu trên trang) cùng phân công "
        "đề xuất. Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Chạy liên tục, kiểm tra hàng đợi vài giây một lần"
        )
        parser.add_argument(
            "--every", type=float, default=3.0, help="Số giây giữa hai lần kiểm tra"
        )

    def handle(self, *args, loop=False, every=3.0, **options):
        while True:
            ran = round_jobs_run_pending()
            if ran or not loop:
                self.stdout.write(f"Đã xử lý {ran} yêu cầu tạo kỳ báo cáo.")
            if not loop:
                return
            time.sleep(max(every, 0.5))
