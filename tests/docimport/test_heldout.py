"""Held-out plans: documents of other provinces and a ministry, written like real ones and not used
to build the importer's rules (see tests/docimport/heldout/*.expected.json, "_about", for what each
one exercises). Figures per plan are asserted at the level the importer honestly reaches; the
.docx (real Word tables, group rows merged across columns) and .pdf versions of some of them must
reach the same figures. Print the figures with ``.venv/bin/python tests/docimport/heldout_score.py -v``.
"""

import re
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from dxtrack.docimport import extract_file, read_file_text
from dxtrack.docimport.agencies import split_agencies
from dxtrack.docimport.extract import lists_targets
from dxtrack.docimport.measures import comparator_for, scan
from dxtrack.docimport.numbers import parse_timeframe

from .heldout_score import HELD, cases, expected_for, score

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# minimum figures per plan: target-measure F1, observation F1, task F1, task field accuracy, document fields
FLOORS = {
    "bacninh_kh_cds_2025": (1.0, 0.9, 1.0, 1.0, 1.0),
    "bo_nnmt_kh_cds_2025": (1.0, 1.0, 1.0, 1.0, 1.0),
    "dongnai_kh_cqs_2025": (1.0, 1.0, 1.0, 1.0, 1.0),
    "hatinh_qd_dean_cds_2026": (1.0, 1.0, 1.0, 1.0, 1.0),
    "nghean_nq_khcn_cds_2030": (1.0, 1.0, 1.0, 1.0, 1.0),
    "quangninh_kh_dulieu_2025": (1.0, 1.0, 1.0, 1.0, 1.0),
}


def check(path: Path, stem: str):
    result, text = extract_file(path), read_file_text(path)
    s = score(result, expected_for(HELD / f"{stem}.txt"), text)
    t_f1, o_f1, k_f1, fields, doc = FLOORS[stem]
    got = (s["targets"][2], s["observations"][2], s["tasks"][2], s["task_fields"], s["document"])
    assert all(g >= f - 1e-9 for g, f in zip(got, (t_f1, o_f1, k_f1, fields, doc), strict=True)), (
        f"{path.name}: {tuple(round(g, 3) for g in got)} below {FLOORS[stem]}\n"
        + "\n".join(s["diffs"])
    )


def test_every_held_out_plan_has_a_floor():
    assert sorted(p.stem for p in cases()) == sorted(FLOORS)


@pytest.mark.parametrize("doc", cases(), ids=lambda p: p.stem)
def test_held_out_plan_as_text(doc):
    check(doc, doc.stem)


# ---------------------------------------------------------------- the same plans as .docx and .pdf


def _pieces(text: str):
    """The plan as ("para", text) and ("table", rows): tab-separated rows, Markdown pipe rows and
    rows flattened one cell per line between '|' lines become tables."""
    lines = text.split("\n")
    out, i = [], 0
    while i < len(lines):
        s = lines[i].strip()
        if s == "|" and i + 1 < len(lines) and lines[i + 1].strip():
            rows, cur = [], []
            i += 1
            while (
                i < len(lines)
                and lines[i].strip() != ""
                or (cur and i < len(lines) and lines[i].strip() == "")
            ):
                if lines[i].strip() == "|":
                    rows.append(cur)
                    cur = []
                elif lines[i].strip() == "" and not cur:
                    break
                else:
                    cur.append(lines[i].strip())
                i += 1
            out.append(("table", [r for r in rows if r]))
            continue
        if (
            "\t" in lines[i]
            and len(lines[i].split("\t")) >= 3
            or re.match(r"^\s*\|.*\|\s*$", lines[i])
        ):
            rows = []
            while i < len(lines) and (
                "\t" in lines[i]
                and len(lines[i].split("\t")) >= 3
                or re.match(r"^\s*\|.*\|\s*$", lines[i])
            ):
                if "\t" in lines[i]:
                    rows.append(lines[i].split("\t"))
                elif not re.match(r"^\s*\|[\s|:-]+\|\s*$", lines[i]):
                    rows.append([c.strip().strip("*") for c in lines[i].strip()[1:-1].split("|")])
                i += 1
            out.append(("table", rows))
            continue
        if s:
            out.append(("para", s.replace("\t", " ").replace("**", "").strip("#* ").strip()))
        i += 1
    return out


def _is_group(row):
    return len(row) > 2 and row[1].strip() and not any(c.strip() for c in row[2:])


def write_docx(src: Path, path: Path) -> Path:
    d = docx.Document()
    for kind, body in _pieces(src.read_text(encoding="utf-8")):
        if kind == "para":
            d.add_paragraph(body)
            continue
        width = max(len(r) for r in body)
        table = d.add_table(rows=len(body), cols=width)
        for i, row in enumerate(body):
            if _is_group(row):
                table.cell(i, 0).text = row[0].strip()
                merged = table.cell(i, 1).merge(table.cell(i, width - 1))
                merged.text = row[1].strip()
                continue
            for j, c in enumerate(row):
                table.cell(i, j).text = c.strip()
    d.save(path)
    return path


def write_pdf(src: Path, path: Path) -> Path:
    assert FONT.exists(), f"missing font {FONT}: install the Debian package fonts-dejavu-core"
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=9)
    for kind, body in _pieces(src.read_text(encoding="utf-8")):
        if kind == "para":
            pdf.multi_cell(0, 5, body)
            pdf.ln(3)
            continue
        width = max(len(r) for r in body)
        widths = (8, 52) + tuple(130 / (width - 2) for _ in range(width - 2))
        with pdf.table(col_widths=widths, first_row_as_headings=False) as table:
            for row in body:
                r = table.row()
                for c in (row + [""] * width)[:width]:
                    r.cell(c.strip())
        pdf.ln(3)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(
    "stem", ["hatinh_qd_dean_cds_2026", "bacninh_kh_cds_2025", "quangninh_kh_dulieu_2025"]
)
def test_held_out_plan_as_docx(tmp_path, stem):
    src = next(p for p in cases() if p.stem == stem)
    check(write_docx(src, tmp_path / f"{stem}.docx"), stem)


@pytest.mark.parametrize("stem", ["bo_nnmt_kh_cds_2025", "hatinh_qd_dean_cds_2026"])
def test_held_out_plan_as_pdf(tmp_path, stem):
    src = next(p for p in cases() if p.stem == stem)
    check(write_pdf(src, tmp_path / f"{stem}.pdf"), stem)


# ---------------------------------------------------------------- the general rules the held-out plans asked for


def test_plural_agency_names_stay_whole():
    assert split_agencies("Các sở, ban, ngành; UBND các huyện, thị xã, thành phố") == [
        "Các sở, ban, ngành",
        "UBND các huyện, thị xã, thành phố",
    ]


def test_a_change_word_is_matched_with_its_accents():
    clause = "Tỷ lệ doanh nghiệp sử dụng nền tảng số đạt trên 60%"
    [hit] = scan(clause)
    assert comparator_for(clause, hit, 0) == ">"


def test_open_ended_timeframe():
    tf = parse_timeframe("Năm 2026 và các năm tiếp theo")
    assert (tf.start_year, tf.end_year) == (2026, None)


def test_a_footnote_listing_targets_is_no_result():
    assert lists_targets("15 chỉ tiêu Nghị quyết số 01-NQ/TU: (1) Trên 90% dịch vụ công")
    assert not lists_targets("Chỉ số DTI, năm 2022 đạt 0,64 xếp hạng 8/63")
