"""`dxtrack report --period 2026Q3 [--program NUMBER] [--as-of DATE] --format docx|pdf|xlsx -o FILE`

Drafts the report from the data as the "Báo cáo tổng hợp" page does and writes one file; nothing
is stored (a report is issued on the page). Bad input: a Vietnamese message and exit status 2.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from dxtrack.core.periods import Period
from dxtrack.outputs import render, services
from dxtrack.registry.models import Program

KIND_OF = {"quarter": "quarter", "half": "half", "year": "year"}
KINDS = ("quarter", "half", "year", "topic", "adhoc")
EXAMPLE = "dxtrack report --period 2026Q3 --format docx -o bao-cao.docx"


def fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Lập báo cáo tổng hợp từ số liệu và ghi ra tệp DOCX, PDF hoặc XLSX."

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse: its messages would be English.
        parser.add_argument("--period", help="Kỳ báo cáo: 2026Q3, 2026S1, 2026.")
        parser.add_argument("--program", help="Số hiệu (38/KH-UBND) hoặc mã của một chương trình.")
        parser.add_argument("--pillar", help="Mã trụ cột (chinh_quyen_so, kinh_te_so, …).")
        parser.add_argument("--as-of", dest="as_of", help="Ngày chốt số liệu, YYYY-MM-DD.")
        parser.add_argument(
            "--kind", help="Loại báo cáo: quarter, half, year, topic, adhoc (mặc định theo kỳ)."
        )
        parser.add_argument("--format", dest="fmt", help="docx, pdf hoặc xlsx.")
        parser.add_argument("-o", "--output", help="Tệp ghi ra.")

    def handle(self, *args, period, program, pillar, as_of, kind, fmt, output, **options):
        missing = [
            name
            for name, value in (("--period", period), ("--format", fmt), ("-o", output))
            if not value
        ]
        if missing:
            raise fail(f"Thiếu {', '.join(missing)}. Ví dụ: {EXAMPLE}")
        if fmt not in render.FORMATS:
            raise fail(f"Định dạng “{fmt}” không hỗ trợ: chọn docx, pdf hoặc xlsx.")
        if kind is not None and kind not in KINDS:
            raise fail(f"Loại báo cáo “{kind}” không hợp lệ: chọn {', '.join(KINDS)}.")
        try:
            parsed = Period.parse(period)
        except ValueError as error:
            raise fail(f"Kỳ báo cáo “{period}” không hợp lệ: {error}.") from None
        when = None
        if as_of:
            try:
                when = date.fromisoformat(as_of)
            except ValueError:
                raise fail(f"Ngày chốt số liệu “{as_of}” phải có dạng YYYY-MM-DD.") from None
        program_id = None
        if program:
            match = Program.objects.filter(Q(number=program) | Q(key=program))
            if program.isdigit():
                match = match | Program.objects.filter(pk=int(program))
            found = match.first()
            if found is None:
                raise fail(f"Không có chương trình “{program}” (ghi số hiệu, ví dụ 38/KH-UBND).")
            program_id = found.pk
        kind = kind or KIND_OF.get(parsed.kind)
        if kind is None:
            raise fail("Kỳ tháng cần ghi rõ --kind topic hoặc --kind adhoc.")
        scope = "program" if program_id else "pillar" if pillar else "province"
        target = Path(output)
        if not target.parent.exists():
            raise fail(f"Thư mục “{target.parent}” không tồn tại.")
        try:
            report = services.report_build(
                kind=kind,
                period=parsed.code,
                scope=scope,
                program_id=program_id,
                pillar=pillar or "",
                as_of=when,
            )
            data = render.render_format(report, fmt)
        except ValidationError as error:
            messages = (
                [m for msgs in error.message_dict.values() for m in msgs]
                if hasattr(error, "error_dict")
                else error.messages
            )
            raise fail(" ".join(messages)) from None
        except render.PdfUnavailable as error:
            raise fail(str(error)) from None
        target.write_bytes(data)
        self.stdout.write(f"Đã ghi {target} ({len(data):,} byte)".replace(",", "."))
