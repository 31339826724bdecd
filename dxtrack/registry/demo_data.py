"""The Thái Nguyên demo data: the unit registry and the five plans as a reviewer published them.

`data/thai-nguyen/sources.json` lists the plans in the order they were issued, with the
reviewer's corrections of the document header where the text itself does not say it (the
Nghị quyết's number is not in its text; a title read from a heading may need its kind).
"""

import json
from pathlib import Path

from django.conf import settings

from dxtrack.registry.services import (
    indicator_responsibilities_load,
    program_load_extraction,
    program_publish,
    units_load_registry,
)

DATA_DIR = Path(settings.BASE_DIR) / "data" / "thai-nguyen"


def demo_documents() -> list[dict]:
    return json.loads((DATA_DIR / "sources.json").read_text(encoding="utf-8"))["documents"]


def reviewed_extraction(entry: dict) -> tuple[dict, str]:
    data = json.loads((DATA_DIR / "extractions" / f"{entry['id']}.json").read_text("utf-8"))
    data["document"] = {**(data.get("document") or {}), **(entry.get("review") or {})}
    text_path = DATA_DIR / "extractions" / f"{entry['id']}.txt"
    return data, text_path.read_text(encoding="utf-8") if text_path.exists() else ""


def load_demo(*, log=print) -> None:
    counts = units_load_registry(data=json.loads((DATA_DIR / "units.json").read_text("utf-8")))
    log(
        f"Danh mục đơn vị: thêm {counts['created']}, cập nhật {counts['updated']}, "
        f"giữ nguyên {counts['unchanged']}."
    )
    for entry in demo_documents():
        data, text = reviewed_extraction(entry)
        report = program_load_extraction(
            data=data,
            source_text=text,
            source_name=f"{entry['id']}.json",
            source_note=entry.get("source", ""),
        )
        program_publish(program=report.program, acting_user=None)
        state = (
            "không đổi"
            if report.unchanged
            else f"{report.targets} chỉ tiêu, {report.tasks} nhiệm vụ"
        )
        log(f"{report.program}: {state}; đã công bố.")


def load_demo_responsibilities(*, log=print) -> None:
    """Who reports each indicator of the five plans (data/thai-nguyen/responsibilities.json);
    the coordinator's own edits are kept. Apart from `load_demo`: the tests' shared database
    is the plans as loaded, and the tests of responsibility load it themselves."""
    responsibilities = indicator_responsibilities_load(
        data=json.loads((DATA_DIR / "responsibilities.json").read_text("utf-8"))
    )
    log(
        f"Trách nhiệm báo cáo chỉ số: nạp {responsibilities['set']}, giữ nguyên "
        f"{responsibilities['kept']} (đã có), đổi cách tổng hợp {responsibilities['aggregation']}."
    )
