"""`dxtrack evaluate [--as-of YYYY-MM-DD]`: recompute every status, scorecard and ranking."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dxtrack.evaluation.services import evaluation_recompute_all


class Command(BaseCommand):
    help = (
        "Tính lại trạng thái chỉ tiêu, nhiệm vụ, điểm và xếp hạng đơn vị (mặc định: đến hôm nay)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            dest="as_of",
            metavar="YYYY-MM-DD",
            help="Đánh giá tại ngày này (chỉ dùng số liệu của các kỳ đã kết thúc "
            "và đã được chấp nhận đến ngày đó)",
        )

    def handle(self, *args, as_of=None, **options):
        when = None
        if as_of:
            try:
                when = date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"Ngày {as_of!r} không hợp lệ: dùng dạng YYYY-MM-DD") from None
        started = time.perf_counter()
        summary = evaluation_recompute_all(as_of=when)
        self.stdout.write(
            f"Đã đánh giá đến ngày {summary['as_of']}: {summary['targets']} chỉ tiêu, "
            f"{summary['tasks']} nhiệm vụ, {summary['scores']} điểm đơn vị, "
            f"{summary['ranking_rows']} dòng xếp hạng (kỳ {', '.join(summary['periods'])}) "
            f"trong {time.perf_counter() - started:.2f} s."
        )
