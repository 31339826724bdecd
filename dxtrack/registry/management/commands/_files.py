"""Reading the JSON files the commands take, with errors that say which file and where."""

import json
from pathlib import Path

from django.core.management.base import CommandError

MAX_JSON_BYTES = 50 * 1024 * 1024


def read_json(path: str | Path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    if path.stat().st_size > MAX_JSON_BYTES:
        raise CommandError(f"Tệp {path} quá lớn (tối đa {MAX_JSON_BYTES // 1024 // 1024} MB).")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CommandError(f"Tệp {path} không phải văn bản UTF-8.") from None
    except json.JSONDecodeError as error:
        raise CommandError(
            f"Tệp {path}, dòng {error.lineno}, cột {error.colno}: JSON không hợp lệ ({error.msg})."
        ) from None
