"""Header of real plans, round 3: a number on the line after its "Số:" label, an agency's name cut
anywhere by the header's wrapping, a party body under its parent, the horizon never taken from a
document the title cites, and a warning (with its line) when the number or the issuer is not read."""

import pytest

from dxtrack.docimport import extract_text
from dxtrack.docimport.document import (
    central_issuer,
    horizon_of_tasks,
    horizon_of_title,
    proper_name,
)

BODY = "\n\nI. MỤC TIÊU\n\nĐến năm 2026, 100% hồ sơ được xử lý trực tuyến.\n"

# a portal's two-column header: each cell on its own lines, "|" between cells
CITY_HEADER = (
    "|\n**ỦY BAN NHÂN\nDÂN **\nTHÀNH PHỐ HỒ CHÍ MINH\n--------\n|\n"
    "**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
    "Số:\n{number}\n|\n*Thành phố Hồ\nChí Minh, ngày 19 tháng 11 năm 2025*\n|\n\n\n**QUYẾT ĐỊNH**\n\n"
)


def result_of(text: str) -> dict:
    return extract_text(text)


def codes(result: dict) -> dict[str, int | None]:
    return {w["code"]: w["line"] for w in result["warnings"]}


def test_a_number_on_the_line_after_its_label_is_the_number_and_the_issuer_above_it_is_read():
    r = result_of(CITY_HEADER.format(number="2820/QĐ-UBND") + "BAN HÀNH KẾ HOẠCH DỮ LIỆU" + BODY)
    doc = r["document"]
    assert doc["number"] == "2820/QĐ-UBND"
    assert doc["kind"] == "Quyết định"
    assert doc["issuer"] == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert doc["place"] == "Thành phố Hồ Chí Minh"
    assert doc["issued_on"] == "2025-11-19"
    assert "no-number" not in codes(r) and "no-issuer" not in codes(r)


def test_a_label_with_a_blank_number_on_the_next_line_is_a_draft_said_at_the_label():
    text = CITY_HEADER.format(number="/QĐ-UBND") + "BAN HÀNH KẾ HOẠCH DỮ LIỆU" + BODY
    r = result_of(text)
    assert r["document"]["number"] is None
    assert r["document"]["kind"] == "Quyết định"  # the suffix still names the kind
    label_line = text.split("\n").index("Số:") + 1
    assert codes(r)["no-number"] == label_line
    assert "no-issuer" not in codes(r)


def test_a_label_followed_by_words_takes_no_number_from_them():
    r = result_of(
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n\nSố:\nThái Nguyên, ngày 15 tháng 11 năm 2024\n\n"
        "KẾ HOẠCH\nChuyển đổi số năm 2025" + BODY
    )
    doc = r["document"]
    assert doc["number"] is None
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Thái Nguyên"
    assert doc["issued_on"] == "2024-11-15"
    assert "no-number" in codes(r)


def test_a_plan_without_number_or_agency_in_its_header_says_so_at_its_heading():
    text = "\n\nĐỀ ÁN\nPhát triển khoa học công nghệ giai đoạn 2026-2030" + BODY
    r = result_of(text)
    assert r["document"]["number"] is None and r["document"]["issuer"] is None
    assert codes(r)["no-number"] == 3
    assert codes(r)["no-issuer"] == 3
    messages = " ".join(w["message"] for w in r["warnings"])
    assert "số hiệu" in messages and "cơ quan ban hành" in messages


def test_a_party_body_named_under_the_central_committee_is_the_issuer():
    doc = result_of(
        "ĐẢNG CỘNG SẢN VIỆT NAM\n\n**BAN CHẤP HÀNH TRUNG ƯƠNG**\n**ĐẢNG ĐOÀN QUỐC HỘI**\n\n"
        "Số 3260-KH/ĐĐQH15\n\nHà Nội, ngày 10 tháng 01 năm 2025\n\n**KẾ HOẠCH**\n\n"
        "**Triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị**" + BODY
    )["document"]
    assert doc["issuer"] == "Đảng đoàn Quốc hội"
    assert doc["number"] == "3260-KH/ĐĐQH15"
    assert doc["horizon_year"] is None  # 2024 is the day the resolution was issued


@pytest.mark.parametrize(
    "title, horizon",
    [
        # the day a cited document was issued, in words or in figures
        (
            "BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA "
            "THỦ TƯỚNG CHÍNH PHỦ",
            None,
        ),
        ("TRIỂN KHAI THỰC HIỆN CHỈ THỊ SỐ 32/CT-TTG NGÀY 21/10/2025 CỦA THỦ TƯỚNG", None),
        # a year inside a cited document's number
        ("Thi hành Luật số 72/2025/QH15 trên địa bàn tỉnh", None),
        # the plan's own period or deadline wins, whatever it cites
        (
            "THỰC HIỆN NGHỊ QUYẾT SỐ 48/NQ-CP NGÀY 03/4/2023 CỦA CHÍNH PHỦ VỀ CHIẾN LƯỢC BIỂN "
            "ĐẾN NĂM 2030, TẦM NHÌN ĐẾN NĂM 2050",
            2030,
        ),
        ("Kế hoạch thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 giai đoạn 2025 - 2027", 2027),
        ("Chuyển đổi số tỉnh Bắc Ninh năm 2025", 2025),
        ("KHẮC PHỤC Ô NHIỄM GIAI ĐOẠN 2026 - 2030, TẦM NHÌN ĐẾN NĂM 2045", 2030),
        # an orientation is a vision: beyond the plan, unless the title names nothing else
        (
            "Thực hiện Quyết định số 749/QĐ-TTg ngày 03/6/2020 phê duyệt Chương trình Chuyển đổi "
            "số quốc gia đến năm 2025, định hướng đến năm 2030",
            2025,
        ),
        ("Chiến lược phát triển kinh tế số, tầm nhìn đến năm 2045", 2045),
    ],
)
def test_the_horizon_is_the_plans_own_year_never_a_cited_documents(title, horizon):
    assert horizon_of_title(title) == horizon


@pytest.mark.parametrize(
    "header, number, issuer",
    [
        ("**QUỐC HỘI**\n\nNghị quyết số: 60/2024/QH15", "60/2024/QH15", "Quốc hội"),
        ("**CHÍNH PHỦ**\n\nNghị quyết số:\n60/NQ-CP", "60/NQ-CP", "Chính phủ"),
        (
            "QUỐC HỘI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nLuật số: 60/2024/QH15 |",
            "60/2024/QH15",
            "Quốc hội",
        ),
    ],
)
def test_a_number_cell_named_by_the_documents_kind_gives_the_number_and_the_issuer(
    header, number, issuer
):
    doc = result_of(
        header
        + "\n\nHà Nội, ngày 30 tháng 11 năm 2024\n\n**NGHỊ QUYẾT**\n\nVề chuyển đổi số"
        + BODY
    )["document"]
    assert (doc["number"], doc["issuer"]) == (number, issuer)


def test_a_citation_with_a_colon_in_the_preamble_is_not_the_number():
    doc = result_of(
        "**ỦY BAN NHÂN DÂN**\n**TỈNH LAI CHÂU**\n\nSố: 87/2025/QĐ-UBND\n\n**QUYẾT ĐỊNH**\n\n"
        "Ban hành Quy định nếp sống văn minh\n\nCăn cứ Nghị quyết số: 12/NQ-HĐND ngày 1/1/2025;"
        + BODY
    )["document"]
    assert doc["number"] == "87/2025/QĐ-UBND"


def test_a_title_with_bold_put_on_words_here_and_there_is_read_to_its_end():
    doc = result_of(
        "**BAN CHẤP HÀNH TRUNG ƯƠNG**\n\nSố 57-NQ/TW\n*Hà Nội*, *ngày 22 tháng 12 năm 2024*\n\n"
        "**NGHỊ QUYẾT**\n\nCỦA BỘ CHÍNH TRỊ\n**về đột phá phát triển khoa học, công nghệ**, **đổi mới "
        "sáng tạo và chuyển** đổi **số quốc gia**" + BODY
    )["document"]
    assert doc["title"] == (
        "về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    )
    assert doc["issuer"] == "Bộ Chính trị"


def test_the_front_body_of_a_province_keeps_its_proper_name():
    doc = result_of(
        "**ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM**\n**TỈNH THÁI NGUYÊN**\n\nSố: 12/KH-MTTQ\n\n"
        "Thái Nguyên, ngày 30 tháng 11 năm 2024\n\n**KẾ HOẠCH**\n\nVề chuyển đổi số" + BODY
    )["document"]
    assert doc["issuer"] == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên"


def test_a_plan_whose_title_names_no_year_of_its_own_ends_with_its_last_task():
    tasks = [
        {"end_year": 2026},
        {"end_year": 2030},
        {"end_year": None, "recurrence": "annual"},
        {"timeframe": "Khi có phát sinh."},
    ]
    assert horizon_of_tasks(tasks) == 2030
    assert horizon_of_tasks([{"end_year": None}]) is None
    assert horizon_of_tasks([]) is None


@pytest.mark.parametrize(
    "table",
    [
        # one row per line of the header, the column's lines cut by <br>
        "| ỦY BAN NHÂN DÂN<br>TỈNH BẮC NINH<br>-------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>"
        "Độc lập - Tự do - Hạnh phúc<br>--------------- |\n|---|---|\n"
        "| Số: 45/KH-UBND | Bắc Ninh, ngày 20 tháng 02 năm 2025 |",
        # the agency and its number in the same cell
        "| **ỦY BAN NHÂN DÂN TỈNH BẮC NINH**<br>Số: 45/KH-UBND | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT "
        "NAM**<br>**Độc lập - Tự do - Hạnh phúc**<br>*Bắc Ninh, ngày 20 tháng 02 năm 2025* |\n"
        "|---|---|",
    ],
)
def test_a_header_written_as_a_markdown_table_is_read_cell_by_cell(table):
    r = result_of(table + "\n\n**KẾ HOẠCH**\n\nChuyển đổi số năm 2025" + BODY)
    doc = r["document"]
    assert (doc["number"], doc["issuer"], doc["place"], doc["issued_on"]) == (
        "45/KH-UBND",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "Bắc Ninh",
        "2025-02-20",
    )
    assert doc["title"] == "Chuyển đổi số năm 2025"


def test_a_table_of_the_body_is_not_read_as_a_header():
    doc = result_of(
        "**KẾ HOẠCH**\n\nChuyển đổi số năm 2025\n\n| TT | Nhiệm vụ | Chủ trì |\n|---|---|---|\n"
        "| 1 | Kế hoạch số hóa hồ sơ | Sở Nội vụ |" + BODY
    )["document"]
    assert doc["kind"] == "Kế hoạch" and doc["title"] == "Chuyển đổi số năm 2025"
    assert doc["number"] is None and doc["issuer"] is None


@pytest.mark.parametrize(
    "agency, issuer",
    [
        ("ĐẢNG BỘ TỈNH THÁI NGUYÊN\nTỈNH ỦY", "Tỉnh ủy Thái Nguyên"),
        ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI\nTHÀNH UỶ", "Thành ủy Hà Nội"),
        ("ĐẢNG BỘ TỈNH THÁI NGUYÊN\nBAN THƯỜNG VỤ", "Ban Thường vụ Tỉnh ủy Thái Nguyên"),
        ("ĐẢNG BỘ XÃ TÂN CƯƠNG\nĐẢNG ỦY", "Đảng ủy xã Tân Cương"),
        # the executive committee is named with its organisation, as it calls itself
        ("ĐẢNG BỘ TỈNH NGHỆ AN\nBAN CHẤP HÀNH", "Ban Chấp hành Đảng bộ tỉnh Nghệ An"),
        ("TỈNH ỦY NGHỆ AN", "Tỉnh ủy Nghệ An"),
    ],
)
def test_a_party_committee_under_its_organisation_is_named_by_its_place(agency, issuer):
    doc = result_of(
        f"**{agency.replace(chr(10), '**' + chr(10) + '**')}**\n\n**ĐẢNG CỘNG SẢN VIỆT NAM**\n\n"
        "Số 18-KH/TU\n\nThái Nguyên, ngày 05 tháng 9 năm 2025\n\n**KẾ HOẠCH**\n\n"
        "Về chuyển đổi số đến năm 2030" + BODY
    )["document"]
    assert doc["issuer"] == issuer


def test_a_count_per_something_at_the_head_of_a_line_is_no_document_number():
    doc = result_of(
        "**KẾ HOẠCH**\n\nPhát triển doanh nghiệp số năm 2025\n\n"
        "| TT | Chỉ tiêu | Đơn vị |\n|---|---|---|\n| 1 | Số doanh nghiệp/1000 dân | doanh nghiệp |\n\n"
        "Số doanh nghiệp/1000 dân đạt 5." + BODY
    )["document"]
    assert doc["number"] is None


def test_an_appendix_saved_on_its_own_takes_kind_issuer_and_day_from_the_document_it_belongs_to():
    r = result_of(
        "**PHỤ LỤC I**\n\n**DANH MỤC CÁC CHỈ TIÊU CỤ THỂ**\n\n(Kèm theo Chương trình hành động tại "
        "Nghị quyết số /NQ-CP ngày 01 tháng 01 năm 2025 của Chính phủ)\n\n"
        "| TT | Chỉ tiêu | Đơn vị | Kết quả |\n|---|---|---|---|\n| 1 | Quy mô kinh tế số | % GDP | ≥ 30 |\n"
    )
    doc = r["document"]
    assert (doc["kind"], doc["issuer"], doc["issued_on"]) == (
        "Nghị quyết",
        "Chính phủ",
        "2025-01-01",
    )
    assert doc["number"] is None  # left blank in the appendix: still said
    assert "no-number" in codes(r) and "no-issuer" not in codes(r)


def test_an_appendix_of_a_numbered_decision_takes_its_number():
    doc = result_of(
        "PHỤ LỤC\n\nDANH MỤC NHIỆM VỤ\n\n*(Kèm theo Quyết định số 2820/QĐ-UBND ngày 19/11/2025 của "
        "Ủy ban nhân dân Thành phố Hồ Chí Minh)*" + BODY
    )["document"]
    assert doc["number"] == "2820/QĐ-UBND"
    assert doc["kind"] == "Quyết định"
    assert doc["issuer"] == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert doc["issued_on"] == "2025-11-19"


def test_a_document_with_its_own_header_keeps_it_whatever_its_appendix_says():
    doc = result_of(
        CITY_HEADER.format(number="2820/QĐ-UBND") + "BAN HÀNH KẾ HOẠCH DỮ LIỆU\n\n"
        "(Kèm theo Quyết định số 06/QĐ-TTg ngày 02/01/2025 của Thủ tướng Chính phủ)" + BODY
    )["document"]
    assert doc["number"] == "2820/QĐ-UBND"
    assert doc["issuer"] == "Ủy ban nhân dân Thành phố Hồ Chí Minh"


@pytest.mark.parametrize(
    "line, number",
    [
        ("Số: 15/2014/QĐ- UBND", "15/2014/QĐ-UBND"),  # a PDF reader's space after the dash
        ("Số: 45 / KH - UBND", "45/KH-UBND"),
        ("Số: 45/KH-UBND - Lào Cai", "45/KH-UBND"),
        ("**Số:** 87 /2025/QĐ-UBND", "87/2025/QĐ-UBND"),
    ],
)
def test_a_number_with_stray_spaces_is_read_whole(line, number):
    doc = result_of(
        f"**ỦY BAN NHÂN DÂN TỈNH LÀO CAI**\n\n{line}\n\nLào Cai, ngày 20 tháng 02 năm 2025\n\n"
        "**KẾ HOẠCH**\n\nChuyển đổi số năm 2025" + BODY
    )["document"]
    assert doc["number"] == number
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Lào Cai"


@pytest.mark.parametrize(
    "goals, horizon",
    [
        (
            "II. MỤC TIÊU\n\n1. Đến năm 2030\n\n- Đạt 100% hồ sơ trực tuyến.\n\n"
            "2. Tầm nhìn đến năm 2045\n\n- Thuộc nhóm dẫn đầu.",
            2030,
        ),
        (
            "I. MỤC TIÊU\n\n1. Mục tiêu chung\n\nPhát triển hạ tầng giao thông số.\n\n"
            "2. Mục tiêu cụ thể đến năm 2030\n\n- 100% tuyến đường được số hóa.",
            2030,
        ),
        # a milestone inside a statement is not the plan's end
        (
            "I. MỤC TIÊU\n\nĐến năm 2027, 100% hồ sơ được số hóa.\n\nII. NHIỆM VỤ\n\n"
            "1. Đến năm 2035 hoàn thành số hóa",
            None,
        ),
    ],
)
def test_a_plan_whose_title_names_no_year_takes_the_deadline_its_goals_are_headed_with(
    goals, horizon
):
    doc = result_of(
        "**ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP**\n\nSố: 597/KH-UBND\n\n"
        "Đồng Tháp, ngày 27 tháng 11 năm 2025\n\n**KẾ HOẠCH**\n\n"
        "Chuyển đổi số trong hoạt động giao thông\n\n" + goals + "\n"
    )["document"]
    assert doc["horizon_year"] == horizon


# ---------------------------------------------------------------- round 3, part 2: party documents
# and texts republished on the web

PARTY_LETTER = (
    "## Công Văn Số 402-CV/VPĐU\n\n**ĐẢNG ỦY CHÍNH PHỦ**\n**VĂN PHÒNG**\n{sep}Số 402-CV/VPĐU\n"
    "V/v xin ý kiến dự thảo báo cáo kết quả thực hiện Nghị quyết số 57-NQ/TW\n\n"
    "**ĐẢNG CỘNG SẢN VIỆT NAM**\nHà Nội, ngày 25 tháng 5 năm 2025\n\n**Kính gửi:** Các đồng chí.\n"
)


@pytest.mark.parametrize("sep", ["\\*\n", "*\n", "\n"])
def test_a_party_letter_under_a_star_separator_gives_number_issuer_and_its_subject_as_title(sep):
    r = result_of(PARTY_LETTER.format(sep=sep))
    doc = r["document"]
    assert doc["number"] == "402-CV/VPĐU"
    assert doc["kind"] == "Công văn"
    assert doc["issuer"] == "Văn phòng Đảng ủy Chính phủ"
    assert doc["title"].startswith("V/v xin ý kiến dự thảo báo cáo")
    assert doc["issued_on"] == "2025-05-25"
    assert doc["province"] is None  # "Hà Nội, ngày …" of a central body names no province
    assert "no-number" not in codes(r) and "no-issuer" not in codes(r)


def test_a_party_number_names_the_kind_when_no_heading_does():
    doc = result_of(
        "**TỈNH ỦY THÁI NGUYÊN**\n\nSố 12-CT/TU\n\nThái Nguyên, ngày 05 tháng 3 năm 2025\n\n"
        "Tăng cường lãnh đạo công tác chuyển đổi số" + BODY
    )["document"]
    assert doc["number"] == "12-CT/TU"
    assert doc["kind"] == "Chỉ thị"


REPUBLISHED = (
    "# Kết luận số 69-KL/TW\n\n"
    "{lead} số 69-KL/TW ngày 11/01/2024 của Bộ Chính trị về tiếp tục thực hiện Nghị quyết số "
    "20-NQ/TW, ngày 01/11/2012 của Ban Chấp hành Trung ương Đảng khoá XI về phát triển khoa học "
    "và công nghệ\n\n1. Sau hơn 10 năm thực hiện Nghị quyết, khoa học đã có bước phát triển.\n"
)


def test_a_republished_text_without_header_is_named_by_its_heading_and_lead_sentence():
    r = result_of(REPUBLISHED.format(lead="Kết luận"))
    doc = r["document"]
    assert doc["number"] == "69-KL/TW"
    assert doc["kind"] == "Kết luận"
    assert doc["issuer"] == "Bộ Chính trị"
    assert doc["issued_on"] == "2024-01-11"
    assert doc["title"].startswith("về tiếp tục thực hiện Nghị quyết số 20-NQ/TW")
    assert doc["horizon_year"] is None  # 2012 is the day of the resolution it carries out
    assert doc["province"] is None
    assert "no-number" not in codes(r) and "no-issuer" not in codes(r)


def test_a_first_sentence_that_carries_out_another_document_does_not_name_this_one():
    r = result_of(
        REPUBLISHED.format(lead="Thực hiện Kết luận").replace("# Kết luận số 69-KL/TW", "")
    )
    doc = r["document"]
    assert doc["number"] is None and doc["issuer"] is None and doc["issued_on"] is None
    assert "no-number" in codes(r)


def test_a_resolution_of_a_plenary_meeting_takes_its_subject_as_title_not_the_meeting():
    doc = result_of(
        "| BAN CHẤP HÀNH TRUNG ƯƠNG | ĐẢNG CỘNG SẢN VIỆT NAM |\n| :---- | :---- |\n"
        "| Số: 20-NQ/TW | *Hà Nội, ngày 01 tháng 11 năm 2012* |\n\n"
        "**NGHỊ QUYẾT**  \n**HỘI NGHỊ LẦN THỨ SÁU BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHOÁ XI**\n\n"
        "VỀ PHÁT TRIỂN KHOA HỌC VÀ CÔNG NGHỆ\n\n**A- TÌNH HÌNH VÀ NGUYÊN NHÂN**\n\nNội dung.\n"
    )["document"]
    assert doc["number"] == "20-NQ/TW"
    assert doc["kind"] == "Nghị quyết"
    assert doc["title"] == "VỀ PHÁT TRIỂN KHOA HỌC VÀ CÔNG NGHỆ"
    assert doc["province"] is None


@pytest.mark.parametrize(
    "parts, horizon",
    [
        # the goals sit in a part headed with its deadline; the vision is not the plan's end
        (
            "**B- ĐỊNH HƯỚNG PHÁT TRIỂN ĐẾN NĂM 2020 VÀ TẦM NHÌN ĐẾN NĂM 2030**\n\n"
            "I- QUAN ĐIỂM\n\nPhát triển là quốc sách.\n\nII- MỤC TIÊU\n\n"
            "**1- Mục tiêu tổng quát**\n\nPhát triển đồng bộ.\n",
            2020,
        ),
        # a sibling section's year ("I. KẾT QUẢ … ĐẾN NĂM 2025") is not the goals' deadline
        (
            "I. KẾT QUẢ THỰC HIỆN ĐẾN NĂM 2025\n\nĐã đạt nhiều kết quả.\n\n"
            "II. MỤC TIÊU\n\n1. Mục tiêu chung\n\nPhát triển đồng bộ.\n",
            None,
        ),
        # the part just above the goals names no year: a part higher up says nothing of them
        (
            "**A- TÌNH HÌNH ĐẾN NĂM 2020**\n\nĐã đạt nhiều kết quả.\n\n"
            "**B- ĐỊNH HƯỚNG PHÁT TRIỂN**\n\nI- MỤC TIÊU\n\nPhát triển đồng bộ.\n",
            None,
        ),
    ],
)
def test_goals_without_a_year_take_the_deadline_of_the_part_they_sit_in(parts, horizon):
    doc = result_of(
        "**BAN CHẤP HÀNH TRUNG ƯƠNG**\n\nSố: 20-NQ/TW\n\nHà Nội, ngày 01 tháng 11 năm 2012\n\n"
        "**NGHỊ QUYẾT**\n\nVỀ PHÁT TRIỂN KHOA HỌC VÀ CÔNG NGHỆ\n\n" + parts
    )["document"]
    assert doc["horizon_year"] == horizon


def test_a_letters_subject_wrapped_in_its_header_cell_is_read_whole_and_names_a_cong_van():
    doc = result_of(
        "| ỦY BAN NHÂN DÂN<br>TỈNH THÁI NGUYÊN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>"
        "Độc lập - Tự do - Hạnh phúc |\n|---|---|\n| Số: 123/UBND-KGVX<br>V/v triển khai thực hiện"
        "<br>chuyển đổi số năm 2025 | Thái Nguyên, ngày 5 tháng 3 năm 2025 |\n\n"
        "Kính gửi: Các sở, ngành.\n\nNội dung.\n"
    )["document"]
    assert doc["number"] == "123/UBND-KGVX"
    assert doc["kind"] == "Công văn"  # a state letter's number names no kind: its "V/v" does
    assert doc["title"] == "V/v triển khai thực hiện chuyển đổi số năm 2025"
    assert doc["issuer"] == "Ủy ban nhân dân tỉnh Thái Nguyên"


def test_a_lead_sentence_names_the_central_committee_without_its_term():
    doc = result_of(
        "# Nghị quyết 57-NQ/TW\n\nNghị quyết số 57-NQ/TW ngày 22/12/2024 của Ban Chấp hành "
        "Trung ương Đảng khóa XIII về đột phá phát triển khoa học\n\nNội dung.\n"
    )["document"]
    assert doc["number"] == "57-NQ/TW"
    assert doc["issuer"] == "Ban Chấp hành Trung ương"
    assert doc["title"] == "về đột phá phát triển khoa học"


def test_a_terms_roman_numeral_keeps_its_capitals_in_an_agencys_name():
    assert proper_name("BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII").endswith("khóa XIII")


@pytest.mark.parametrize(
    "number, heading, kind",
    [("Số: 13/2023/NĐ-CP", "NGHỊ ĐỊNH", "Nghị định"), ("Luật số: 60/2024/QH15", "LUẬT", "Luật")],
)
def test_a_legal_acts_heading_names_its_kind_and_the_title_under_it(number, heading, kind):
    doc = result_of(
        "**CHÍNH PHỦ**\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n\n"
        f"{number}\n\nHà Nội, ngày 17 tháng 4 năm 2023\n\n**{heading}**\n\n"
        "**Bảo vệ dữ liệu cá nhân**\n\n*Căn cứ Luật Tổ chức Chính phủ;*\n\nNội dung.\n"
    )["document"]
    assert doc["kind"] == kind
    assert doc["title"] == "Bảo vệ dữ liệu cá nhân"


def test_a_regulation_heading_alone_leaves_an_appendix_its_parents_kind():
    doc = result_of(
        "**QUY ĐỊNH**\n\n**Về quản lý dữ liệu**\n\n*(Ban hành kèm theo Quyết định số 12/2025/QĐ-UBND "
        "ngày 05 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Lào Cai)*\n\nNội dung.\n"
    )["document"]
    assert doc["kind"] == "Quyết định"
    assert doc["number"] == "12/2025/QĐ-UBND"


@pytest.mark.parametrize(
    "agency, place, issuer, province",
    [
        # the city's name, as the law writes it, whatever way its place of issue is written
        (
            "**ỦY BAN NHÂN DÂN**\n**THÀNH PHỐ HỒ CHÍ MINH**",
            "TP. Hồ Chí Minh",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "Hồ Chí Minh",
        ),
        (
            "**ỦY BAN NHÂN DÂN THÀNH PHỐ**",
            "TP. Hồ Chí Minh",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "Hồ Chí Minh",
        ),
        # a level without its name takes the place's name, not its level a second time
        (
            "**ỦY BAN NHÂN DÂN THÀNH PHỐ**",
            "TP. Cần Thơ",
            "Ủy ban nhân dân thành phố Cần Thơ",
            "Cần Thơ",
        ),
        ("**ỦY BAN NHÂN DÂN TỈNH**", "Tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai"),
    ],
)
def test_a_city_or_province_is_named_once_and_the_same_way(agency, place, issuer, province):
    doc = result_of(
        f"{agency}\n\nSố: 12/KH-UBND\n\n{place}, ngày 05 tháng 3 năm 2025\n\n**KẾ HOẠCH**\n\n"
        "Chuyển đổi số năm 2025" + BODY
    )["document"]
    assert doc["issuer"] == issuer
    assert doc["province"] == province


@pytest.mark.parametrize(
    "header",
    [
        # a plain text whose header lines a reader ran together
        "BAN CHẤP HÀNH TRUNG ƯƠNG * Số 57-NQ/TW\n\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM Hà Nội, ngày 22 tháng 12 năm 2024\n\n"
        "NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ về đột phá phát triển khoa học\n\n",
        "BAN CHẤP HÀNH TRUNG ƯƠNG\n*\nSố 57-NQ/TW\n\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Hà Nội, ngày 22 tháng 12 năm 2024\n\nNGHỊ QUYẾT\nCỦA BỘ CHÍNH TRỊ\n"
        "về đột phá phát triển khoa học\n\n",
    ],
)
def test_header_lines_run_together_are_read_apart(header):
    """The party's "*" between agency and number, the motto before the place and day."""
    doc = result_of(header + "I. MỤC TIÊU\n\nĐến năm 2030, đạt 5%.\n")["document"]
    assert doc["number"] == "57-NQ/TW"
    assert doc["issuer"] == "Bộ Chính trị"  # the enacting body named with the kind
    assert doc["issued_on"] == "2024-12-22"
    assert doc["place"] == "Hà Nội"
    assert doc["title"] == "về đột phá phát triển khoa học"


@pytest.mark.parametrize(
    "issuer, central",
    [
        ("Thủ tướng Chính phủ", True),
        ("Bộ Lao động - Thương binh và Xã hội", True),
        ("Văn phòng Đảng ủy Chính phủ", True),
        ("Ban Chấp hành Trung ương", True),
        ("Bộ Chính trị", True),
        ("Đảng đoàn Quốc hội", True),
        ("Ủy ban nhân dân Thành phố Hồ Chí Minh", False),
        ("Bộ Chỉ huy Quân sự tỉnh Lào Cai", False),  # a ministry's body in a province
        ("Ban Thường vụ Tỉnh ủy Thái Nguyên", False),
        (None, False),
    ],
)
def test_a_body_of_the_whole_country_is_told_from_a_local_one(issuer, central):
    assert central_issuer(issuer) is central


def test_both_mottos_run_into_the_place_and_day_leave_the_place_alone():
    doc = result_of(
        "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN\n\nSố: 12/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc Thái Nguyên, ngày 05 tháng 3 năm 2025\n\nKẾ HOẠCH\n\n"
        "Chuyển đổi số năm 2025" + BODY
    )["document"]
    assert doc["place"] == "Thái Nguyên"
    assert doc["issued_on"] == "2025-03-05"
