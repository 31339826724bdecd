"""`dxtrack demo_report [--remove]`: the living demo's issued report (issue 15).

`dxtrack demo` runs it after the simulated history and the evaluation, so that the leader finds
an issued quarterly report of the province and the open data portal lists one, as in a province
that has used dxtrack for a year. The report is drafted and issued by the demo's coordinator
through the same services as the "Báo cáo tổng hợp" page; its figures rest on the simulated
history, so the document marks them as simulated (its snapshot's ``simulated_any``) and the
portal shows "mô phỏng" beside it. It carries a number in the office's format ("<n>/BC-UBND",
n the next small number of the year's issued reports) so the list and the printed document read
as a real one would ("Số: 1/BC-UBND"); the simulated marking stays on it everywhere.

`--remove` (run by `dxtrack demo --no-sample`) deletes the reports whose figures rest on
simulated values: they go with the simulated history they were computed from.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from dxtrack.core.periods import Period
from dxtrack.evaluation.compute import today
from dxtrack.outputs import services
from dxtrack.outputs.models import Report
from dxtrack.reporting.models import Observation, ReviewState

DEMO_COORDINATOR = "coordinator"


def last_full_quarter() -> Period:
    return Period.for_date("quarter", today()).previous()


def demo_number(year: int) -> str:
    """The office's number of the demo report: the year's next one, "<n>/BC-UBND"."""
    issued = Report.objects.filter(state=Report.State.ISSUED, issued_on__year=year).count()
    return f"{issued + 1}/BC-UBND"


def simulated_reports():
    """Reports whose figures rest on simulated values, newest version first (a version
    protects the one it supersedes from deletion)."""
    return Report.objects.filter(snapshot__simulated_any=True).order_by("-version", "-pk")


class Command(BaseCommand):
    help = "Báo cáo quý đã ban hành của bản demo (số liệu mô phỏng); --remove để xoá."

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Xoá các báo cáo lập từ số liệu mô phỏng.",
        )
        parser.add_argument(
            "--as",
            dest="username",
            default=DEMO_COORDINATOR,
            help="Tài khoản điều phối lập và ban hành báo cáo (mặc định: coordinator).",
        )

    def handle(self, *args, remove: bool = False, username: str = DEMO_COORDINATOR, **options):
        if remove:
            self.remove()
            return
        if not Observation.objects.filter(simulated=True, state=ReviewState.ACCEPTED).exists():
            self.stdout.write("Không có số liệu mô phỏng: không lập báo cáo mẫu.")
            return
        period = last_full_quarter()
        issued = Report.objects.filter(
            state=Report.State.ISSUED, kind="quarter", scope="province", period=period.code
        )
        if issued.exists():
            self.stdout.write(f"Báo cáo {period.code} của toàn tỉnh đã ban hành: giữ nguyên.")
            return
        coordinator = get_user_model().objects.filter(username=username).first()
        if coordinator is None:
            self.stdout.write("Không có tài khoản điều phối của bản demo: không lập báo cáo mẫu.")
            return
        report = services.report_create(
            actor=coordinator, kind="quarter", period=period.code, scope="province"
        )
        report = services.report_issue(
            actor=coordinator, report=report, number=demo_number(today().year)
        )
        files = ", ".join(sorted(f.format for f in report.files.all()))
        self.stdout.write(
            f"Đã ban hành báo cáo mẫu số {report.number}: {report.title} "
            f"({files}; số liệu mô phỏng)."
        )

    @transaction.atomic
    def remove(self) -> None:
        count = 0
        for report in simulated_reports():
            report.files.all().delete()
            report.delete()
            count += 1
        if count:
            self.stdout.write(f"Đã xoá {count} báo cáo lập từ số liệu mô phỏng.")
