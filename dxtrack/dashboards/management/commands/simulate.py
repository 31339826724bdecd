"""`dxtrack simulate [--seed N] [--remove]`: the demo's simulated reporting history (marked as
simulated on every page), or its removal. `dxtrack demo` runs it unless `--no-sample`."""

import time

from django.core.management.base import BaseCommand

from dxtrack.core.demo_guard import require_demo_database
from dxtrack.dashboards.demo_history import SEED, history_remove, history_simulate
from dxtrack.registry.management.commands.demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = (
        "Dựng lịch sử báo cáo mô phỏng (từ 2025Q1 đến quý vừa kết thúc, đánh dấu là mô phỏng) "
        "cho bản trình diễn, hoặc xoá nó (--remove)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=SEED, help="Hạt giống ngẫu nhiên")
        parser.add_argument("--remove", action="store_true", help="Xoá dữ liệu mô phỏng")

    def handle(self, *args, seed, remove, **options):
        if remove:
            history_remove(log=self.stdout.write)
            return
        # Simulated rounds and values belong in a demo database only (as `dxtrack demo` itself).
        require_demo_database(demo_usernames=[account[0] for account in DEMO_ACCOUNTS])
        started = time.perf_counter()
        totals = history_simulate(seed=seed, log=self.stdout.write)
        if totals:
            self.stdout.write(
                f"Dữ liệu mô phỏng: {totals['rounds']} kỳ báo cáo, {totals['values']} số liệu, "
                f"{totals['tasks']} báo cáo tiến độ ({totals['late']} trễ hạn, "
                f"{totals['returned']} bị trả lại rồi sửa, {totals['missing']} không gửi) "
                f"trong {time.perf_counter() - started:.1f} s."
            )
