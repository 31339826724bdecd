"""The same plan as .txt, .docx and .pdf gives the same records.

The .docx is built with python-docx and the .pdf with fpdf2 inside the test. fpdf2 needs a
Unicode TTF font for Vietnamese: DejaVuSans (Debian package fonts-dejavu-core). Without it the
PDF test fails with a message saying so; it does not skip.
"""

from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from dxtrack.docimport import extract_file

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

PARAS = [
    "Số: 45/KH-UBND",
    "Lào Cai, ngày 10 tháng 5 năm 2024",
    "KẾ HOẠCH",
    "Chuyển đổi số tỉnh giai đoạn 2024-2026",
    "I. THỰC TRẠNG",
    "Năm 2023, tỷ lệ hồ sơ trực tuyến đạt 52,5%, xếp thứ 18/63 tỉnh, thành phố.",
    "II. MỤC TIÊU",
    "1. Mục tiêu đến năm 2026",
    "- Trên 90% thủ tục hành chính được cung cấp trực tuyến toàn trình.",
    "- Tốc độ băng rộng cố định đạt tối thiểu 200 Mbps.",
    "- Tỉnh thuộc nhóm 10 tỉnh dẫn đầu về chuyển đổi số.",
    "III. TỔ CHỨC THỰC HIỆN",
    "Các sở, ban, ngành triển khai kế hoạch.",
    "PHỤ LỤC",
]
HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]
ROWS = [
    ["1", "Hạ tầng số", "", "", "", ""],
    [
        "1.1",
        "Nâng cấp trung tâm dữ liệu",
        "Sở Khoa học và Công nghệ",
        "Sở Tài chính",
        "Quý IV năm 2025",
        "5 tỷ",
    ],
    [
        "1.2",
        "Phủ sóng 5G khu công nghiệp",
        "Các doanh nghiệp viễn thông",
        "Sở Công Thương, UBND cấp xã",
        "2025 - 2026",
        "650 triệu/năm",
    ],
]


def write_txt(path: Path) -> Path:
    lines = []
    for p in PARAS:
        lines += [p, ""]
    lines += ["\t".join(HEADER)] + ["\t".join(r) for r in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(path: Path) -> Path:
    d = docx.Document()
    for p in PARAS:
        d.add_paragraph(p)
    table = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for j, h in enumerate(HEADER):
        table.cell(0, j).text = h
    for i, row in enumerate(ROWS, start=1):
        for j, c in enumerate(row):
            table.cell(i, j).text = c
    # the group row spans the whole table, as in real appendices
    table.cell(1, 1).merge(table.cell(1, len(HEADER) - 1))
    table.cell(1, 1).text = "Hạ tầng số"
    d.save(path)
    return path


def write_pdf(path: Path) -> Path:
    assert FONT.exists(), f"missing font {FONT}: install the Debian package fonts-dejavu-core"
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    for p in PARAS:
        pdf.multi_cell(0, 5, p)
        pdf.ln(4)
    with pdf.table(col_widths=(10, 50, 40, 40, 25, 25), first_row_as_headings=False) as table:
        for row in [HEADER, *ROWS]:
            r = table.row()
            for c in row:
                r.cell(c)
    pdf.output(str(path))
    return path


def records(result):
    strip = lambda rec: {k: v for k, v in rec.items() if k != "line"}  # noqa: E731
    return {
        "document": {k: v for k, v in result["document"].items() if k != "source_file"},
        "targets": [
            [(m["comparator"], m["value"], m["unit"], m["year"]) for m in t["measures"]]
            for t in result["targets"]
        ],
        "observations": [
            (o["value"], o["unit"], o["year"], o["of"]) for o in result["observations"]
        ],
        "tasks": [strip(t) for t in result["tasks"]],
    }


@pytest.fixture
def txt_records(tmp_path):
    return records(extract_file(write_txt(tmp_path / "plan.txt")))


def test_the_text_version_gives_the_expected_records(txt_records):
    assert txt_records["targets"] == [
        [(">", 90, "%", 2026)],
        [(">=", 200, "Mbps", 2026)],
        [("top", 10, "rank", 2026)],
    ]
    assert txt_records["observations"] == [(52.5, "%", 2023, None), (18, "rank", 2023, 63)]
    assert [(t["code"], t["lead"], t["budget_vnd"]) for t in txt_records["tasks"]] == [
        ("1.1", ["Sở Khoa học và Công nghệ"], 5_000_000_000),
        ("1.2", ["Các doanh nghiệp viễn thông"], 650_000_000),
    ]


def test_the_docx_version_gives_the_same_records(tmp_path, txt_records):
    assert records(extract_file(write_docx(tmp_path / "plan.docx"))) == txt_records


def test_the_pdf_version_gives_the_same_records(tmp_path, txt_records):
    assert records(extract_file(write_pdf(tmp_path / "plan.pdf"))) == txt_records
