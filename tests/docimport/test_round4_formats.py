"""The same real plan as portal text, .docx and .pdf gives the same records (issue 13), round 4.

Fixtures (corpus_formats/build.py --office): 03/NQ-CP (an indicator table with "≥"/"≤" values and
a 140-row task table), 2954/QĐ-UBND (indicator tables by year), 2530/QĐ-TTg (two wide task tables
on landscape pages, true Word footnotes referenced from their heading cells, agency cells with one
agency per paragraph) and 987/KH-UBND (a prose plan with Word bullets). The PDFs are LibreOffice's
export: heading rows repeated on every page, cells wrapped in narrow columns, footnotes at the foot
of table pages, bullets drawn as Symbol glyphs under a hanging indent.

Records are matched by content (the lines of a .docx / .pdf are not the portal text's): each record
read from a file takes the line of the same record read from the .md, then is scored on the gold.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from dxtrack.docimport import extract_file, extract_text
from dxtrack.docimport.readers.pdf import (
    Line,
    PageLayout,
    _join_cell_lines,
    drop_repeated_header_rows,
    join_rows_cut_by_page_breaks,
    paragraphs,
)
from dxtrack.docimport.readers.text import join_cell_pieces

from .heldout_score import norm, score_gold

HERE = Path(__file__).parent
FORMATS = HERE / "corpus_formats"
CORPUS = HERE / "corpus"
GOLD = CORPUS / "gold"


# ---------------------------------------------------------------- readers: snippets


def _cell_line(text: str, x: float, y: float, size: float = 13.0) -> list[dict]:
    """The characters of one line of a cell, 0.5 em a letter, a space 0.25 em."""
    out, pos = [], x
    for ch in text:
        if ch == " ":
            pos += 0.25 * size
            continue
        out.append({"text": ch, "x0": pos, "x1": pos + 0.5 * size, "top": y, "bottom": y + size})
        out[-1]["size"] = size
        pos += 0.5 * size
    return out


def test_pdf_cell_line_that_left_room_for_the_next_word_ended_its_paragraph():
    # a cell 120 pt wide: "Bộ Công an" leaves room for "Bộ", so "Bộ Tài chính" is a paragraph
    lines = [_cell_line("Bộ Công an", 5, 0), _cell_line("Bộ Tài chính", 5, 16)]
    assert _join_cell_lines(lines, 0, 130) == "Bộ Công an; Bộ Tài chính"


def test_pdf_cell_line_wrapped_because_the_next_word_did_not_fit_goes_on():
    # "Bộ Khoa học và" fills a 90 pt cell: "Công" did not fit, the name goes on
    lines = [_cell_line("Bộ Khoa học và", 5, 0), _cell_line("Công nghệ", 5, 16)]
    assert _join_cell_lines(lines, 0, 90) == "Bộ Khoa học và Công nghệ"


def test_pdf_cell_bullet_glyph_opens_a_paragraph_and_is_dropped_as_in_word():
    lines = [_cell_line("\uf0b7 Sở Nội vụ;", 5, 0), _cell_line("\uf0b7 Sở Y tế", 5, 16)]
    assert _join_cell_lines(lines, 0, 300) == "Sở Nội vụ; Sở Y tế"


@pytest.mark.parametrize(
    "pieces, joined",
    [
        (["Bộ Tài chính", "các bộ, ngành"], "Bộ Tài chính; các bộ, ngành"),
        (["Sở Tài chính và", "các đơn vị liên quan"], "Sở Tài chính và các đơn vị liên quan"),
        (
            ["Thực hiện rà soát, cập nhật", "các hướng dẫn"],
            "Thực hiện rà soát, cập nhật; các hướng dẫn",
        ),
        (["Bộ Xây dựng chủ trì phối hợp với", "các bộ"], "Bộ Xây dựng chủ trì phối hợp với các bộ"),
        (["Nâng cấp hệ thống", "thông tin của tỉnh"], "Nâng cấp hệ thống thông tin của tỉnh"),
    ],
)
def test_cell_paragraph_opening_with_cac_is_the_next_body_of_a_list(pieces, joined):
    assert join_cell_pieces(pieces) == joined


def _line(text: str, top: float, x0: float, x1: float) -> Line:
    return Line(text, top, top + 13, x0, x1, 13.0)


def test_pdf_bullet_glyph_under_a_hanging_indent_is_one_item_read_as_a_dash():
    # Word's List Bullet: the glyph at 90 pt, the text and its wrapped lines at 108 pt
    lines = [
        _line(
            "\uf0b7 Tại Hà Nội, nồng độ bụi PM2.5 trung bình năm vào năm 2030 đạt dưới",
            100,
            90,
            520,
        ),
        _line("40 μg/m3 (giảm 20% so với mức trung bình năm 2024).", 116, 108, 400),
        _line("Đối với các tỉnh xung quanh thành phố Hà Nội, nồng độ bụi giảm.", 140, 90, 480),
    ]
    texts = [t for _, t in paragraphs(lines)]
    assert texts[0] == (
        "- Tại Hà Nội, nồng độ bụi PM2.5 trung bình năm vào năm 2030 đạt dưới "
        "40 μg/m3 (giảm 20% so với mức trung bình năm 2024)."
    )
    assert len(texts) == 2


def test_pdf_table_goes_on_over_a_page_whose_foot_holds_footnotes():
    head = "STT\tCơ quan chủ trì\tNội dung nhiệm vụ\tThời hạn hoàn thành"
    first = PageLayout(height=595, width=842)
    first.lines.append(
        Line("PHỤ LỤC I. BẢNG PHÂN CÔNG THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP", 30, 43, 200, 640, 13.0)
    )
    first.tables.append(
        (
            60.0,
            [
                head.replace("chủ trì", "chủ trì¹"),
                "1\tBộ Y tế\tRà soát\tGiai đoạn 2026 - 2027. Thực hiện",
            ],
        )
    )
    # the page's footnote, under the table: no text of the body after it
    first.lines.append(
        Line("¹ Cơ quan chủ trì thực hiện toàn bộ nhiệm vụ.", 540, 550, 60, 400, 10.0)
    )
    second = PageLayout(height=595, width=842)
    second.tables.append((60.0, [head, "\t\tquy định\tcác hướng dẫn (nếu có)"]))
    pages = [first, second]
    drop_repeated_header_rows(pages)  # the repeat shows no note mark: still the same heading
    join_rows_cut_by_page_breaks(pages)
    assert first.tables[0][1][-1].split("\t") == [
        "1",
        "Bộ Y tế",
        "Rà soát quy định",
        "Giai đoạn 2026 - 2027. Thực hiện các hướng dẫn (nếu có)",
    ]
    assert second.tables[0][1] == []


# ---------------------------------------------------------------- the real plans


def _records_by_content(result: dict) -> tuple[Counter, Counter, Counter]:
    measures = Counter(
        (m["comparator"], m["value"], m["unit"], m["year"])
        for t in result["targets"]
        for m in t["measures"]
    )
    observations = Counter((o["value"], o["unit"], o["year"]) for o in result["observations"])
    tasks = Counter(
        (
            norm(t["name"]),
            tuple(t["lead"]),
            tuple(t["coordinators"]),
            t["end_year"],
            t["recurrence"],
        )
        for t in result["tasks"]
    )
    return measures, observations, tasks


def _on_text_lines(text_result: dict, result: dict) -> dict:
    """``result``'s records placed on the lines of the same records read from the .md."""

    def key_of_target(t):
        return tuple(
            sorted((m["comparator"], m["value"], m["unit"], m["year"]) for m in t["measures"])
        )

    for records, key in (
        ("targets", key_of_target),
        ("observations", lambda o: (o["value"], o["unit"], o["year"])),
        ("tasks", lambda t: norm(t["name"])),
    ):
        lines: dict = {}
        for r in text_result[records]:
            lines.setdefault(key(r), []).append(r["line"])
        for r in result[records]:
            r["line"] = lines[key(r)].pop(0) if lines.get(key(r)) else -1
    return result


_TEXT_CACHE: dict[str, dict] = {}


def _as_text(stem: str) -> dict:
    if stem not in _TEXT_CACHE:
        _TEXT_CACHE[stem] = extract_text((CORPUS / f"{stem}.md").read_text(encoding="utf-8"))
    return json.loads(json.dumps(_TEXT_CACHE[stem]))


NAMES = [
    f"{stem}.{ext}"
    for stem in ("03-nq-cp", "2530-qd-ttg", "2954-qd-ubnd", "987-kh-ubnd")
    for ext in ("docx", "pdf")
]

# Measured when the fixtures were built (session 6), task fields against the gold: all 1.000 but
# 2530.pdf 0.954 (the agency columns, see NARROW_AGENCY_COLUMNS), 0.998 since two names joined
# there are split after a complete known one (agencies.fused_lines); targets, observations, tasks
# 1.000.
FIELD_FLOORS = {"2530-qd-ttg.pdf": 0.995}

# 2530.pdf: an agency cell 3 cm wide holds one agency per paragraph; where the next agency's first
# word would not have fitted on the line before either ("Bộ Ngoại giao" / "Bộ Giáo dục và Đào
# tạo"), the PDF cannot tell a new paragraph from a wrapped name, and the two names come joined
# ("Bộ Nông nghiệp và Môi trường Bộ Công Thương"). The importer splits them where the first is a
# name the vocabulary knows and the second opens with a head word; left joined: a collective in
# lower case after a known name ("Bộ Tài chính các bộ ngành liên quan"). Tasks whose lead and
# coordinators match the .md's: 52 of 82 at first, 81 now (names, years, recurrence: all).
NARROW_AGENCY_COLUMNS = {"2530-qd-ttg.pdf": 81}


@pytest.fixture(scope="module", params=NAMES)
def read(request):
    name = request.param
    return name, extract_file(FORMATS / name)


def test_real_plan_file_reaches_its_floor_on_the_gold(read):
    name, result = read
    stem = name.rsplit(".", 1)[0]
    s = score_gold(_on_text_lines(_as_text(stem), json.loads(json.dumps(result))), GOLD, stem)
    assert s["targets"][2] == 1.0 and s["observations"][2] == 1.0, s["diffs"]
    assert s["tasks"][2] == 1.0, s["diffs"]
    assert s["task_fields"] >= FIELD_FLOORS.get(name, 1.0), s["diffs"]


def test_real_plan_file_gives_the_same_targets_and_observations_as_the_text(read):
    name, result = read
    measures, observations, _ = _records_by_content(_as_text(name.rsplit(".", 1)[0]))
    got_measures, got_observations, _ = _records_by_content(result)
    assert got_measures == measures
    assert got_observations == observations


def test_real_plan_file_gives_the_same_tasks_as_the_text(read):
    name, result = read
    as_text = _as_text(name.rsplit(".", 1)[0])
    if name not in NARROW_AGENCY_COLUMNS:
        assert _records_by_content(result)[2] == _records_by_content(as_text)[2]
        return
    by_name = {norm(t["name"]): t for t in as_text["tasks"]}
    assert sorted(by_name) == sorted(norm(t["name"]) for t in result["tasks"])
    same = 0
    for t in result["tasks"]:
        want = by_name[norm(t["name"])]
        assert (t["end_year"], t["recurrence"]) == (want["end_year"], want["recurrence"])
        same += (t["lead"], t["coordinators"]) == (want["lead"], want["coordinators"])
    assert same >= NARROW_AGENCY_COLUMNS[name]


def test_word_footnotes_of_a_heading_cell_read_alike_from_docx_and_pdf():
    from dxtrack.docimport.readers import read_path

    heads = []
    for ext in ("docx", "pdf"):
        text = read_path(FORMATS / f"2530-qd-ttg.{ext}")
        heads.append(
            (
                [ln for ln in text.split("\n") if ln.startswith("STT\t")],
                [ln[:40] for ln in text.split("\n") if ln and ln[0] in "¹²³⁴"],
            )
        )
    assert heads[0] == heads[1]
    assert "Thuộc nhóm nhiệm vụ, hành động¹" in heads[0][0][0].split("\t")
