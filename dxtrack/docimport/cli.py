"""``dxtrack import PATH [--json] [-o OUT.json]``: extract one plan document.

Exit status 0 on success, 2 on a document that cannot be imported (a Vietnamese message on
stderr, never a traceback) or on bad arguments.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from dxtrack.core.numbers import format_money_vnd

from .errors import DocumentError
from .extract import extract_text
from .readers import read_path


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise DocumentError(f"tham số không hợp lệ: {message}", code="usage")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="dxtrack import",
        description="Trích xuất mục tiêu, chỉ tiêu, kết quả và nhiệm vụ từ một văn bản kế hoạch.",
    )
    p.add_argument("path", help="tệp .docx, .pdf, .txt hoặc .md")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON ra stdout")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT.json",
        help="ghi JSON vào tệp này và văn bản thuần vào OUT.txt",
    )
    return p


def summary(result: dict[str, Any]) -> str:
    d = result["document"]
    measures = sum(len(t["measures"]) for t in result["targets"])
    lines = [
        f"{d.get('kind') or 'Văn bản'} {d.get('number') or '(không rõ số)'}"
        + (f", ngày {d['issued_on']}" if d.get("issued_on") else ""),
        f"  {d.get('title') or ''}".rstrip(),
        f"  Mục tiêu: {len(result['targets'])} (chỉ tiêu định lượng: {measures})",
        f"  Kết quả đã đạt: {len(result['observations'])}",
        f"  Nhiệm vụ: {len(result['tasks'])}",
    ]
    b = result["budget"]
    if b.get("stated_total_vnd") or b.get("tasks_total_vnd"):
        lines.append(
            f"  Kinh phí: nêu {_money(b.get('stated_total_vnd'))}; "
            f"cộng các nhiệm vụ {_money(b.get('tasks_total_vnd'))}"
        )
    lines.append(f"  Cảnh báo: {len(result['warnings'])}")
    for w in result["warnings"][:20]:
        lines.append(f"    dòng {w['line']}: {w['message']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        text = read_path(args.path)
        result = extract_text(text)
        result["document"]["source_file"] = Path(args.path).name
        payload = json.dumps(result, ensure_ascii=False, indent=1)
        if args.output:
            out = Path(args.output)
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(payload + "\n", encoding="utf-8")
                out.with_suffix(".txt").write_text(text, encoding="utf-8")
            except OSError as exc:
                raise DocumentError(
                    f"không ghi được tệp kết quả: {exc.strerror}", code="output", where=str(out)
                ) from exc
        if args.json:
            sys.stdout.write(payload + "\n")
        else:
            sys.stdout.write(summary(result) + "\n")
        return 0
    except DocumentError as exc:
        sys.stderr.write(f"Lỗi: {exc}\n")
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if isinstance(exc.code, int) else 2


def _money(dong: int | None) -> str:
    return "không nêu" if dong is None else format_money_vnd(int(dong))
