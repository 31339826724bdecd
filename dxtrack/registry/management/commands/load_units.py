from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dxtrack.registry.management.commands._files import read_json
from dxtrack.registry.services import LoadError, units_load_registry


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị (sở, ban, ngành, xã, phường…) từ tệp JSON; chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(settings.BASE_DIR / "data" / "thai-nguyen" / "units.json"),
        )

    def handle(self, *args, path, **options):
        try:
            counts = units_load_registry(data=read_json(path))
        except LoadError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Danh mục đơn vị: thêm {counts['created']}, cập nhật {counts['updated']}, "
            f"giữ nguyên {counts['unchanged']}."
        )
