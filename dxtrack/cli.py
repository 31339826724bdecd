"""The `dxtrack` command.

`dxtrack import` runs the pure document importer without loading Django (it is a library with
no database); every other sub-command is a Django management command (`load`, `publish`,
`demo`, `evaluate`, `remind`, `submit`, `token`, and Django's own such as `migrate`).
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "import":
        # import here: `dxtrack import` loads the importer only, never Django (no settings needed)
        from dxtrack.docimport.cli import main as import_main

        return import_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    # import here: Django is loaded only for its own sub-commands, after the settings are chosen
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dxtrack", *args])
    return 0
