"""Word files as government offices write them → the records the importer must give.

Each test builds a .docx with one feature of real plans that python-docx's own files never have
(automatic numbering, footnotes, merged cells, the agency header table, page headers, tracked
changes, hidden text, text boxes) using ``wordml.py``, and checks the extracted records, in the
mistune style: input built in the test → expected records.
"""

import io
import random
import zipfile

import pytest

from dxtrack.docimport import DocumentError, extract_bytes, extract_text
from dxtrack.docimport.readers import read_docx_bytes

from .wordml import abstract, footnote_ref, num, p, package, r, tbl, tc, textbox, tr

# a list of headings: I. / 1. / a) ; and a bullet list
OUTLINE = abstract(1, ("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")) + abstract(
    2, ("bullet", "-")
)
NUMS = num(1, 1) + num(2, 2)

HEADER_TABLE = tbl(
    2,
    tr(
        tc("ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 45/KH-UBND"),
        tc(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Lào Cai, ngày 10 tháng 5 năm 2024",
        ),
    ),
    borders=False,
)

PLAN_BODY = (
    HEADER_TABLE
    + p("KẾ HOẠCH")
    + p("Chuyển đổi số tỉnh Lào Cai giai đoạn 2024-2026")
    + p("THỰC TRẠNG", num=(1, 0))
    + p(
        "Năm 2023, tỷ lệ hồ sơ trực tuyến đạt 52,5%, xếp thứ 18/63 tỉnh, thành phố",
        footnote_ref(1),
        r("."),
    )
    + p("MỤC TIÊU", num=(1, 0))
    + p("Mục tiêu đến năm 2026", num=(1, 1))
    + p("Chính quyền số", num=(1, 2))
    + p("Trên 90% thủ tục hành chính được cung cấp trực tuyến toàn trình.", num=(2, 0))
    + p("Tốc độ băng rộng cố định đạt tối thiểu 200 Mbps.", num=(2, 0))
    + p("Kinh tế số", num=(1, 2))
    + p("Tỉnh thuộc nhóm 10 tỉnh dẫn đầu về chuyển đổi số.", num=(2, 0))
    + p("TỔ CHỨC THỰC HIỆN", num=(1, 0))
    + p("Các sở, ban, ngành triển khai kế hoạch.")
)
PLAN_NOTES = {1: p("<w:r><w:footnoteRef/></w:r>", " Năm 2023, toàn tỉnh có 1.250 doanh nghiệp số.")}

# the same plan typed by hand, as the text reader reads it
PLAN_TEXT = """ỦY BAN NHÂN DÂN\n\nTỈNH LÀO CAI\n\nSố: 45/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n
Độc lập - Tự do - Hạnh phúc\n\nLào Cai, ngày 10 tháng 5 năm 2024\n\nKẾ HOẠCH\n
Chuyển đổi số tỉnh Lào Cai giai đoạn 2024-2026\n\nI. THỰC TRẠNG\n
Năm 2023, tỷ lệ hồ sơ trực tuyến đạt 52,5%, xếp thứ 18/63 tỉnh, thành phố¹.\n\nII. MỤC TIÊU\n
1. Mục tiêu đến năm 2026\n\na) Chính quyền số\n\n- Trên 90% thủ tục hành chính được cung cấp trực tuyến toàn trình.\n
- Tốc độ băng rộng cố định đạt tối thiểu 200 Mbps.\n\nb) Kinh tế số\n\n- Tỉnh thuộc nhóm 10 tỉnh dẫn đầu về chuyển đổi số.\n
III. TỔ CHỨC THỰC HIỆN\n\nCác sở, ban, ngành triển khai kế hoạch.\n\n¹ Năm 2023, toàn tỉnh có 1.250 doanh nghiệp số.\n"""

TASK_HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]


def docx(body: str, **kw) -> dict:
    return extract_bytes(package(body, **kw), ".docx")


def text_of(body: str, **kw) -> str:
    return read_docx_bytes(package(body, **kw))


def records(result):
    return {
        "document": {k: v for k, v in result["document"].items() if k != "source_file"},
        "targets": [
            (
                t["section"],
                t["text"],
                [(m["comparator"], m["value"], m["unit"], m["year"]) for m in t["measures"]],
            )
            for t in result["targets"]
        ],
        "observations": [
            (o["value"], o["unit"], o["year"], o["of"]) for o in result["observations"]
        ],
        "tasks": [{k: v for k, v in t.items() if k != "line"} for t in result["tasks"]],
    }


def tasks_of(*rows: str, cols: int = 6, before: str = "") -> list[dict]:
    body = (
        p("Số: 7/KH-UBND")
        + p("Lào Cai, ngày 02 tháng 01 năm 2025")
        + p("KẾ HOẠCH")
        + p("Chuyển đổi số năm 2025")
        + before
        + p("PHỤ LỤC")
        + tbl(cols, tr(*TASK_HEADER, *[""] * (cols - 6)), *rows)
    )
    return docx(body)["tasks"]


def task_row(*cells: str) -> str:
    return tr(*cells)


# ---------------------------------------------------------------- automatic numbering


@pytest.fixture(scope="module")
def plan():
    return docx(PLAN_BODY, numbering=OUTLINE + NUMS, footnotes=PLAN_NOTES)


def test_word_numbering_restores_the_heading_tree_and_the_goal_bullets(plan):
    assert records(plan)["targets"] == [
        (
            "II.1.a Chính quyền số",
            "Trên 90% thủ tục hành chính được cung cấp trực tuyến toàn trình.",
            [(">", 90, "%", 2026)],
        ),
        (
            "II.1.a Chính quyền số",
            "Tốc độ băng rộng cố định đạt tối thiểu 200 Mbps.",
            [(">=", 200, "Mbps", 2026)],
        ),
        (
            "II.1.b Kinh tế số",
            "Tỉnh thuộc nhóm 10 tỉnh dẫn đầu về chuyển đổi số.",
            [("top", 10, "rank", 2026)],
        ),
    ]


def test_the_word_plan_gives_the_same_records_as_the_plan_typed_as_text(plan):
    assert records(plan) == records(extract_text(PLAN_TEXT))


def test_multi_level_numbers_and_restarted_lists_are_counted_as_word_shows_them():
    numbering = (
        abstract(1, ("decimal", "%1."), ("decimal", "%1.%2."), ("lowerLetter", "%3)"))
        + abstract(2, ("upperRoman", "%1.", 3))
        + num(1, 1)
        + num(5, 1, {0: 1})
        + num(2, 2)
    )
    body = (
        p("Một", num=(1, 0))
        + p("Một một", num=(1, 1))
        + p("Một hai", num=(1, 1))
        + p("Chữ", num=(1, 2))
        + p("Hai", num=(1, 0))
        + p("Hai một", num=(1, 1))
        + p("Chữ lại từ a", num=(1, 2))
        + p("Danh sách mới", num=(5, 0))
        + p("Con", num=(5, 1))
        + p("Bắt đầu từ ba", num=(2, 0))
        + p("Không số", num=(0, 0))
        + p("Danh sách không có", num=(99, 0))
    )
    lines = [ln for ln in text_of(body, numbering=numbering).split("\n") if ln]
    assert lines == [
        "1. Một",
        "1.1. Một một",
        "1.2. Một hai",
        "a) Chữ",
        "2. Hai",
        "2.1. Hai một",
        "a) Chữ lại từ a",
        "1. Danh sách mới",
        "1.1. Con",
        "III. Bắt đầu từ ba",
        "Không số",
        "Danh sách không có",
    ]


def test_a_number_typed_by_hand_after_an_automatic_one_is_not_doubled():
    numbering = abstract(1, ("decimal", "%1.")) + num(1, 1)
    assert text_of(p("1. Mục tiêu", num=(1, 0)), numbering=numbering).strip() == "1. Mục tiêu"


def test_bullets_become_dashes_and_plus_bullets_stay_plus():
    numbering = abstract(1, ("bullet", "\uf0b7"), ("bullet", "+")) + num(1, 1)
    lines = [
        ln
        for ln in text_of(
            p("Ý một", num=(1, 0)) + p("ý con", num=(1, 1)), numbering=numbering
        ).split("\n")
        if ln
    ]
    assert lines == ["- Ý một", "+ ý con"]


def test_a_heading_style_without_a_number_still_opens_a_goal_section():
    numbering = abstract(2, ("bullet", "-")) + num(2, 2)
    body = (
        p("Số: 8/KH-UBND")
        + p("Yên Bái, ngày 02 tháng 01 năm 2025")
        + p("KẾ HOẠCH")
        + p("Dữ liệu số năm 2025")
        + p("Tình hình chung", style="Heading1")
        + p("Hạ tầng được đầu tư.")
        + p("Mục tiêu cụ thể", style="TieuDe2")
        + p("Tối thiểu 80% cơ sở dữ liệu được kết nối.", num=(2, 0))
        + p("Tổ chức thực hiện", style="Heading1")
        + p("Các sở chủ động triển khai.")
    )
    result = docx(body, numbering=numbering)
    assert [
        (t["section"], [(m["comparator"], m["value"], m["unit"]) for m in t["measures"]])
        for t in result["targets"]
    ] == [("Mục tiêu cụ thể", [(">=", 80, "%")])]


# ---------------------------------------------------------------- tables


def test_a_lead_agency_merged_down_three_rows_leads_each_of_them():
    tasks = tasks_of(
        task_row("1", "Số hóa hồ sơ", tc("Sở Nội vụ", vmerge="restart"), "", "Năm 2025", "1 tỷ"),
        task_row("2", "Lưu trữ điện tử", tc(vmerge="continue"), "", "Năm 2025", "2 tỷ"),
        task_row("3", "Đào tạo văn thư", tc(vmerge="continue"), "Sở Tài chính", "Năm 2026", "3 tỷ"),
    )
    assert [(t["code"], t["lead"], t["coordinators"], t["budget_vnd"]) for t in tasks] == [
        ("1", ["Sở Nội vụ"], [], 1_000_000_000),
        ("2", ["Sở Nội vụ"], [], 2_000_000_000),
        ("3", ["Sở Nội vụ"], ["Sở Tài chính"], 3_000_000_000),
    ]


def test_a_budget_merged_down_rows_is_counted_once():
    tasks = tasks_of(
        task_row("1", "Số hóa hồ sơ", "Sở Nội vụ", "", "Năm 2025", tc("6 tỷ", vmerge="restart")),
        task_row("2", "Lưu trữ điện tử", "Sở Nội vụ", "", "Năm 2025", tc(vmerge="continue")),
    )
    assert [t["budget_vnd"] for t in tasks] == [6_000_000_000, None]


def test_a_group_row_merged_across_columns_is_a_group_and_not_a_task():
    tasks = tasks_of(
        task_row("I", tc("Hạ tầng số", span=5)),
        task_row("1", "Phủ sóng 5G", "Sở Khoa học và Công nghệ", "", "Quý IV năm 2025", "5 tỷ"),
    )
    assert [(t["code"], t["group"], t["name"]) for t in tasks] == [
        ("I.1", "I Hạ tầng số", "Phủ sóng 5G")
    ]


def test_a_group_cell_merged_down_its_rows_gives_each_row_the_group():
    header = ["Lĩnh vực", *TASK_HEADER]
    body = (
        p("Số: 7/KH-UBND")
        + p("Lào Cai, ngày 02 tháng 01 năm 2025")
        + p("KẾ HOẠCH")
        + p("Chuyển đổi số năm 2025")
        + p("PHỤ LỤC")
        + tbl(
            7,
            tr(*header),
            tr(
                tc("Y tế", vmerge="restart"),
                "1",
                "Bệnh án điện tử",
                "Sở Y tế",
                "",
                "Năm 2025",
                "1 tỷ",
            ),
            tr(tc(vmerge="continue"), "2", "Khám bệnh từ xa", "Sở Y tế", "", "Năm 2026", "2 tỷ"),
        )
    )
    tasks = docx(body)["tasks"]
    assert [(t["code"], t["name"], t["lead"]) for t in tasks] == [
        ("1", "Bệnh án điện tử", ["Sở Y tế"]),
        ("2", "Khám bệnh từ xa", ["Sở Y tế"]),
    ]


def test_a_two_tier_header_merged_down_and_across_names_every_column():
    body = (
        p("Số: 7/KH-UBND")
        + p("Lào Cai, ngày 02 tháng 01 năm 2025")
        + p("KẾ HOẠCH")
        + p("Chuyển đổi số năm 2025")
        + p("PHỤ LỤC")
        + tbl(
            6,
            tr(
                tc("TT", vmerge="restart"),
                tc("Nhiệm vụ", vmerge="restart"),
                tc("Cơ quan thực hiện", span=2),
                tc("Thời gian", vmerge="restart"),
                tc("Kinh phí (triệu đồng)", vmerge="restart"),
            ),
            tr(
                tc(vmerge="continue"),
                tc(vmerge="continue"),
                "Chủ trì",
                "Phối hợp",
                tc(vmerge="continue"),
                tc(vmerge="continue"),
            ),
            tr("1", "Số hóa hồ sơ", "Sở Y tế", "Sở Tài chính", "Năm 2025", "500"),
        )
    )
    tasks = docx(body)["tasks"]
    assert [
        (t["code"], t["lead"], t["coordinators"], t["end_year"], t["budget_vnd"]) for t in tasks
    ] == [("1", ["Sở Y tế"], ["Sở Tài chính"], 2025, 500_000_000)]


def test_a_header_row_repeated_on_the_next_page_is_not_a_task_and_the_row_it_cuts_stays_one_task():
    tasks = tasks_of(
        task_row(
            "1",
            "Xây dựng kho dữ liệu dùng chung của tỉnh phục vụ",
            "Sở Khoa học và Công nghệ",
            "Sở Tài chính",
            "Năm 2025",
            "10 tỷ",
        ),
        tr(*TASK_HEADER, header=True),
        task_row("", "chỉ đạo, điều hành", "", "", "", ""),
        task_row("2", "Đào tạo kỹ năng số", "Sở Nội vụ", "", "Năm 2026", "1 tỷ"),
    )
    assert [(t["code"], t["name"]) for t in tasks] == [
        ("1", "Xây dựng kho dữ liệu dùng chung của tỉnh phục vụ chỉ đạo, điều hành"),
        ("2", "Đào tạo kỹ năng số"),
    ]


def test_agencies_on_separate_lines_of_a_cell_are_separate_agencies():
    two_paras = tc("Sở Tài chính", "Sở Nội vụ")
    line_break = tc(p("Công an tỉnh", "<w:r><w:br/></w:r>", "UBND cấp xã"))
    tasks = tasks_of(
        task_row(
            "1",
            "Số hóa hồ sơ",
            "Sở Y tế",
            two_paras.replace("<w:tc>", "<w:tc>", 1),
            "Năm 2025",
            "1 tỷ",
        ),
        task_row("2", "Cấp căn cước", "Sở Y tế", line_break, "Năm 2025", "1 tỷ"),
    )
    assert [t["coordinators"] for t in tasks] == [
        ["Sở Tài chính", "Sở Nội vụ"],
        ["Công an tỉnh", "UBND cấp xã"],
    ]


def test_a_task_name_wrapped_onto_a_second_line_of_its_cell_stays_one_name():
    tasks = tasks_of(
        task_row(
            "1", tc("Xây dựng nền tảng", "tích hợp dữ liệu"), "Sở Y tế", "", "Năm 2025", "1 tỷ"
        )
    )
    assert tasks[0]["name"] == "Xây dựng nền tảng tích hợp dữ liệu"


def test_a_nested_table_is_flattened_into_its_cell():
    inner = tbl(1, tr("Sở Tài chính"), tr("Sở Nội vụ"))
    tasks = tasks_of(task_row("1", "Số hóa hồ sơ", "Sở Y tế", tc(inner), "Năm 2025", "1 tỷ"))
    assert tasks[0]["lead"] == ["Sở Y tế"] and tasks[0]["coordinators"] == [
        "Sở Tài chính",
        "Sở Nội vụ",
    ]
    assert tasks[0]["timeframe"] == "Năm 2025" and tasks[0]["budget_vnd"] == 1_000_000_000


def test_empty_trailing_columns_change_nothing():
    plain = tasks_of(task_row("1", "Số hóa hồ sơ", "Sở Y tế", "", "Năm 2025", "1 tỷ"))
    wide = tasks_of(
        task_row("1", "Số hóa hồ sơ", "Sở Y tế", "", "Năm 2025", "1 tỷ", "", ""), cols=8
    )
    assert [{k: v for k, v in t.items() if k != "line"} for t in wide] == [
        {k: v for k, v in t.items() if k != "line"} for t in plain
    ]


def test_automatic_numbers_in_the_tt_column_become_task_codes():
    numbering = abstract(1, ("decimal", "%1")) + num(1, 1)
    body = (
        p("Số: 7/KH-UBND")
        + p("Lào Cai, ngày 02 tháng 01 năm 2025")
        + p("KẾ HOẠCH")
        + p("Chuyển đổi số năm 2025")
        + p("PHỤ LỤC")
        + tbl(
            6,
            tr(*TASK_HEADER),
            tr(tc(p(num=(1, 0))), "Số hóa hồ sơ", "Sở Y tế", "", "Năm 2025", "1 tỷ"),
            tr(tc(p("", num=(1, 0))), "Cấp căn cước", "Công an tỉnh", "", "Năm 2025", "1 tỷ"),
        )
    )
    # an empty numbered paragraph still shows its number in Word
    tasks = docx(body, numbering=numbering)["tasks"]
    assert [(t["code"], t["name"]) for t in tasks] == [("1", "Số hóa hồ sơ"), ("2", "Cấp căn cước")]


# ---------------------------------------------------------------- notes, header, page header/footer


def test_a_footnote_keeps_its_mark_in_the_body_and_its_text_as_a_footnote_line(plan):
    text = text_of(PLAN_BODY, numbering=OUTLINE + NUMS, footnotes=PLAN_NOTES)
    assert "thành phố¹." in text
    assert text.rstrip().endswith("¹ Năm 2023, toàn tỉnh có 1.250 doanh nghiệp số.")


def test_a_result_written_in_a_footnote_is_an_observation(plan):
    assert (1250, "doanh nghiệp", 2023, None) in records(plan)["observations"]


def test_footnotes_are_numbered_in_the_order_of_their_references():
    body = p("Thứ nhất", footnote_ref(7), r(" và thứ hai"), footnote_ref(3), r("."))
    notes = {
        3: p("<w:r><w:footnoteRef/></w:r>", "Ghi chú B."),
        7: p("<w:r><w:footnoteRef/></w:r>", "Ghi chú A."),
    }
    lines = [ln for ln in text_of(body, footnotes=notes).split("\n") if ln]
    assert lines == ["Thứ nhất¹ và thứ hai².", "¹ Ghi chú A.", "² Ghi chú B."]


def test_the_agency_header_table_gives_the_document_metadata(plan):
    assert records(plan)["document"] == {
        "number": "45/KH-UBND",
        "kind": "Kế hoạch",
        "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
        "title": "Chuyển đổi số tỉnh Lào Cai giai đoạn 2024-2026",
        "issued_on": "2024-05-10",
        "place": "Lào Cai",
        "horizon_year": 2026,
        "province": "Lào Cai",
    }


def test_page_headers_and_footers_do_not_leak_into_the_text():
    text = text_of(
        p("Nội dung kế hoạch."),
        header=p("Kế hoạch chuyển đổi số tỉnh Lào Cai"),
        footer=p(
            "Trang ",
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            "<w:r><w:instrText> PAGE </w:instrText></w:r>",
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            "1",
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        ),
    )
    assert text == "Nội dung kế hoạch.\n"


def test_a_field_shows_its_result_and_not_its_instruction():
    body = p(
        "Xem ",
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        "<w:r><w:instrText> REF _Ref1 \\h </w:instrText></w:r>",
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "Phụ lục I",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        ".",
    )
    assert text_of(body) == "Xem Phụ lục I.\n"


# ---------------------------------------------------------------- tracked changes, hidden text, characters


def test_tracked_deletions_and_hidden_text_are_left_out_and_insertions_kept():
    body = p(
        "Trên ",
        '<w:del w:id="1" w:author="A"><w:r><w:delText>80</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="A"><w:r><w:t>90</w:t></w:r></w:ins>',
        "% hồ sơ",
        r(" (ghi chú ẩn)", "<w:vanish/>"),
        r(" (ẩn theo kiểu)", '<w:rStyle w:val="An"/>'),
        " được xử lý trực tuyến.",
    )
    moved = p('<w:moveFrom w:id="3" w:author="A"><w:r><w:t>Câu cũ.</w:t></w:r></w:moveFrom>')
    assert text_of(body + moved) == "Trên 90% hồ sơ được xử lý trực tuyến.\n"


def test_a_tracked_deleted_table_row_is_not_a_task():
    deleted = tr("2", "Nhiệm vụ bỏ", "Sở Y tế", "", "Năm 2025", "1 tỷ").replace(
        "<w:tr>", '<w:tr><w:trPr><w:del w:id="9" w:author="A"/></w:trPr>', 1
    )
    tasks = tasks_of(task_row("1", "Số hóa hồ sơ", "Sở Y tế", "", "Năm 2025", "1 tỷ"), deleted)
    assert [t["code"] for t in tasks] == ["1"]


def test_soft_hyphens_and_non_breaking_spaces_are_normalised_and_smart_quotes_kept():
    body = p(
        "Chuyển\u00a0đổi số “toàn diện” cho chính\u00adquyền",
        "<w:r><w:softHyphen/></w:r>",
        " số",
        "<w:r><w:t>\u200b</w:t><w:noBreakHyphen/><w:t>2025</w:t></w:r>",
    )
    assert text_of(body) == "Chuyển đổi số “toàn diện” cho chínhquyền số-2025\n"


def test_a_text_box_is_read_once_and_not_twice_through_its_fallback_copy():
    body = p(textbox("Dự thảo lần 2"), "Nội dung.")
    assert text_of(body) == "Dự thảo lần 2\n\nNội dung.\n"


# ---------------------------------------------------------------- safety


def test_mutated_word_parts_give_a_result_or_a_document_error():
    data = package(PLAN_BODY, numbering=OUTLINE + NUMS, footnotes=PLAN_NOTES)
    zin = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: zin.read(n) for n in zin.namelist()}
    rng = random.Random(11)
    for _ in range(150):
        name = rng.choice(
            ["word/document.xml", "word/numbering.xml", "word/footnotes.xml", "word/styles.xml"]
        )
        blob = bytearray(parts[name])
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(blob))
            blob[pos : pos + rng.randint(0, 4)] = rng.choice(
                [b"", b"<", b'"', b'w:val="-1"', b"%9", b"99999", b"\x00"]
            )
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zout:
            for n, content in parts.items():
                zout.writestr(n, bytes(blob) if n == name else content)
        try:
            extract_bytes(buf.getvalue(), ".docx")
        except DocumentError as exc:
            assert exc.message
