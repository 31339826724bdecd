"""Snippets of a plan for the importer's rule tests: a header, then the text under test."""

from dxtrack.docimport import extract_text

PLAN = "KẾ HOẠCH\n\nSố: 987/KH-UBND\n\nNghệ An, ngày 20 tháng 11 năm 2025\n\n"


def measures_of(text: str) -> list[tuple]:
    """(comparator, value, unit, year) of every measure the importer reads in ``PLAN + text``."""
    r = extract_text(PLAN + text)
    return [
        (m["comparator"], m["value"], m["unit"], m["year"])
        for t in r["targets"]
        for m in t["measures"]
    ]
