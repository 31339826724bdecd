from django.core.management.base import BaseCommand, CommandError

from dxtrack.registry.models import Program
from dxtrack.registry.services import program_publish


class Command(BaseCommand):
    help = "Công bố một chương trình (theo số hiệu văn bản hoặc id)."

    def add_arguments(self, parser):
        parser.add_argument("program", help="Số hiệu (vd. 2840/QĐ-UBND) hoặc id")

    def handle(self, *args, program, **options):
        found = Program.objects.filter(key=program).first()
        if found is None and program.isdigit():
            found = Program.objects.filter(pk=int(program)).first()
        if found is None:
            raise CommandError(f"Không có chương trình {program!r}.")
        program_publish(program=found, acting_user=None)
        self.stdout.write(f"{found}: đã công bố.")
