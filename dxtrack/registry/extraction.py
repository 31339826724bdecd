"""Checks an importer output (gold/SCHEMA.md shape) before anything is written.

Each error says where: `targets[3].measures[0].value: ...`, with the source line when known.
"""

from datetime import date

from dxtrack.core import comparators

COMPARATORS = frozenset(comparators.COMPARATORS)
RECURRENCES = {None, "", "annual", "continuous"}


def validate_extraction(data) -> list[str]:
    if not isinstance(data, dict):
        return ["Tệp không phải một đối tượng JSON trích xuất văn bản."]
    errors: list[str] = []
    errors += _document_errors(data.get("document"))
    for name in ("targets", "observations", "tasks"):
        if not isinstance(data.get(name, []), list):
            errors.append(f"{name}: phải là một danh sách.")
    if errors:
        return errors
    for i, record in enumerate(data.get("targets") or []):
        errors += _target_errors(f"targets[{i}]", record)
    for i, record in enumerate(data.get("observations") or []):
        errors += _observation_errors(f"observations[{i}]", record)
    for i, record in enumerate(data.get("tasks") or []):
        errors += _task_errors(f"tasks[{i}]", record)
    return errors


def _where(path: str, record: dict) -> str:
    line = record.get("line") if isinstance(record, dict) else None
    return f"{path} (dòng {line})" if line else path


def _document_errors(document) -> list[str]:
    if not isinstance(document, dict):
        return ["document: thiếu thông tin văn bản (số, loại, tên, ngày ban hành)."]
    errors = []
    if not (document.get("number") or document.get("title")):
        errors.append("document: cần có số hiệu (number) hoặc tên (title) văn bản.")
    issued = document.get("issued_on")
    if issued:
        try:
            date.fromisoformat(str(issued))
        except ValueError:
            errors.append(f"document.issued_on: ngày {issued!r} không hợp lệ (cần YYYY-MM-DD).")
    return errors


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _year_ok(value) -> bool:
    return value is None or (isinstance(value, int) and 1900 <= value <= 2100)


def _target_errors(path: str, record) -> list[str]:
    if not isinstance(record, dict) or not str(record.get("text") or "").strip():
        return [f"{path}: mục tiêu phải có nội dung (text)."]
    errors = []
    for j, measure in enumerate(record.get("measures") or []):
        where = _where(f"{path}.measures[{j}]", record)
        if not isinstance(measure, dict):
            errors.append(f"{where}: phải là một đối tượng.")
            continue
        if measure.get("comparator") not in COMPARATORS:
            errors.append(
                f"{where}.comparator: {measure.get('comparator')!r} không thuộc "
                f"{', '.join(sorted(COMPARATORS))}."
            )
        if not _is_number(measure.get("value")):
            errors.append(f"{where}.value: phải là một số, nhận {measure.get('value')!r}.")
        if not _year_ok(measure.get("year")):
            errors.append(f"{where}.year: năm {measure.get('year')!r} không hợp lệ.")
        if measure.get("quarter") not in (None, 1, 2, 3, 4):
            errors.append(f"{where}.quarter: quý phải từ 1 đến 4.")
    return errors


def _observation_errors(path: str, record) -> list[str]:
    if not isinstance(record, dict):
        return [f"{path}: phải là một đối tượng."]
    errors = []
    where = _where(path, record)
    if not _is_number(record.get("value")):
        errors.append(f"{where}.value: phải là một số, nhận {record.get('value')!r}.")
    if not _year_ok(record.get("year")):
        errors.append(f"{where}.year: năm {record.get('year')!r} không hợp lệ.")
    if record.get("of") is not None and not _is_number(record.get("of")):
        errors.append(f"{where}.of: phải là một số hoặc null.")
    return errors


def _task_errors(path: str, record) -> list[str]:
    if not isinstance(record, dict) or not str(record.get("name") or "").strip():
        return [f"{path}: nhiệm vụ phải có tên (name)."]
    errors = []
    where = _where(path, record)
    for key in ("lead", "coordinators"):
        names = record.get(key) or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            errors.append(f"{where}.{key}: phải là danh sách tên đơn vị.")
    for key in ("start_year", "end_year"):
        if not _year_ok(record.get(key)):
            errors.append(f"{where}.{key}: năm {record.get(key)!r} không hợp lệ.")
    if record.get("end_quarter") not in (None, 1, 2, 3, 4):
        errors.append(f"{where}.end_quarter: quý phải từ 1 đến 4.")
    start, end = record.get("start_year"), record.get("end_year")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        errors.append(f"{where}: năm kết thúc {end} trước năm bắt đầu {start}.")
    budget = record.get("budget_vnd")
    if budget is not None and (
        not isinstance(budget, int) or isinstance(budget, bool) or budget < 0
    ):
        errors.append(f"{where}.budget_vnd: kinh phí phải là số nguyên đồng không âm.")
    if record.get("recurrence") not in RECURRENCES:
        errors.append(f"{where}.recurrence: {record.get('recurrence')!r} không hợp lệ.")
    return errors
