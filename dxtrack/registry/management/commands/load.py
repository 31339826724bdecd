from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dxtrack.registry.management.commands._files import read_json
from dxtrack.registry.services import LoadError, program_load_extraction, program_publish


class Command(BaseCommand):
    help = (
        "Nạp một tệp trích xuất (kết quả của `dxtrack import`) thành chương trình nháp. "
        "Nạp lại cùng tệp không thay đổi gì; tệp có lỗi không nạp gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="EXTRACTION.json")
        parser.add_argument("--text", help="Văn bản thuần đã trích (mặc định: cùng tên, đuôi .txt)")
        parser.add_argument("--source-note", default="", help="Nguồn của văn bản (ghi trên trang)")
        parser.add_argument("--publish", action="store_true", help="Công bố ngay sau khi nạp")

    def handle(self, *args, path, text, source_note, publish, **options):
        data = read_json(path)
        text_path = Path(text) if text else Path(path).with_suffix(".txt")
        source_text = text_path.read_text(encoding="utf-8") if text_path.is_file() else ""
        try:
            report = program_load_extraction(
                data=data,
                source_text=source_text,
                source_name=Path(path).name,
                source_note=source_note,
            )
        except LoadError as error:
            lines = [str(error), *(f"  - {e}" for e in error.errors[:50])]
            if len(error.errors) > 50:
                lines.append(f"  … và {len(error.errors) - 50} lỗi khác.")
            raise CommandError("\n".join(lines)) from None
        program = report.program
        if report.unchanged:
            self.stdout.write(f"{program}: không có gì thay đổi (đã nạp tệp này).")
        else:
            self.stdout.write(
                f"{program}: {'tạo mới' if report.created else 'nạp lại'}; {report.goals} mục tiêu, "
                f"{report.targets} chỉ tiêu, {report.tasks} nhiệm vụ, {report.observations} số liệu; "
                f"{report.new_indicators} chỉ số mới."
            )
            for name in report.new_units:
                self.stdout.write(f"  đơn vị chưa có trong danh mục, đã tạo để rà soát: {name}")
            for message in report.skipped:
                self.stdout.write(f"  bỏ qua {message}")
        if publish:
            program_publish(program=program, acting_user=None)
            self.stdout.write(f"{program}: đã công bố.")
        return
