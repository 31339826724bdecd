"""Document metadata (number, kind, issuer, place, date, title) from the header of real plans:
the two-column header table written by portals, Word and PDF readers, with the agency's name cut
over several lines, the motto column between them, and the portal's own fields before the text."""

import json
from pathlib import Path

import pytest

from dxtrack.docimport import extract_bytes, extract_file, extract_text

from .test_pdf_fidelity import new_pdf, para, result_of
from .wordml import p, package, tbl, tc, tr

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "thai-nguyen" / "documents"
REVIEWED = ROOT / "data" / "thai-nguyen" / "extractions"
CORPUS = Path(__file__).with_name("corpus")
FIELDS = ("number", "kind", "issuer", "place", "issued_on")


def doc_of(text: str) -> dict:
    return extract_text(text)["document"]


def fields(doc: dict) -> tuple:
    return tuple(doc[k] for k in FIELDS)


BODY = "\n\nI. MỤC TIÊU\n\nĐến năm 2026, 100% hồ sơ được xử lý trực tuyến.\n"


def test_a_city_council_keeps_its_city_name_when_it_is_on_the_next_line():
    doc = doc_of(
        "|\n**ỦY BAN NHÂN DÂN**\n**THÀNH PHỐ CẦN THƠ**\n--------\n|\n"
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
        "Số: 153/KH-UBND\n|\n*Cần Thơ, ngày\n17 tháng 11 năm 2025*\n|\n\n\n**KẾ HOẠCH**\n\n"
        "TRIỂN KHAI CÁC DỰ ÁN PHÒNG, CHỐNG MA TÚY ĐẾN NĂM 2030" + BODY
    )
    assert fields(doc) == (
        "153/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân thành phố Cần Thơ",
        "Cần Thơ",
        "2025-11-17",
    )
    assert doc["title"] == "TRIỂN KHAI CÁC DỰ ÁN PHÒNG, CHỐNG MA TÚY ĐẾN NĂM 2030"


def test_a_city_written_with_its_level_in_the_place_of_issue_keeps_that_spelling():
    doc = doc_of(
        "**ỦY BAN NHÂN DÂN**\nTHÀNH PHỐ HỒ CHÍ MINH -------\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 174/KH-UBND\n\n"
        "*Thành phố Hồ Chí Minh, ngày 18 tháng 11 năm 2025*\n\n**KẾ HOẠCH**\n\nBÌNH ĐẲNG GIỚI NĂM 2025"
        + BODY
    )
    assert doc["issuer"] == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert doc["place"] == "Thành phố Hồ Chí Minh"


def test_a_ministry_name_cut_over_three_lines_of_the_header_is_one_issuer():
    doc = doc_of(
        "|\n**BỘ VĂN HÓA, THỂ\nTHAO **\nVÀ DU LỊCH\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 4385/QĐ-BVHTTDL\n|\n*Hà Nội, ngày 18\n"
        "tháng 11 năm 2025*\n|\n\n** **\n\n**QUYẾT ĐỊNH**\n\nVỀ VIỆC BAN HÀNH KẾ HOẠCH THỰC HIỆN QUY HOẠCH\n"
        "MẠNG LƯỚI CƠ SỞ VĂN HÓA VÀ THỂ THAO THỜI KỲ 2021-2030\n\n"
        "**BỘ TRƯỞNG BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH**\n\n*Căn cứ Luật Quy hoạch ngày 24/11/2017;*"
        + BODY
    )
    assert fields(doc) == (
        "4385/QĐ-BVHTTDL",
        "Quyết định",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Hà Nội",
        "2025-11-18",
    )
    assert doc["title"].endswith("THỜI KỲ 2021-2030")
    assert extract_text("BỘ VĂN HÓA" + BODY)["document"]["issuer"] is None  # no header, no issuer


def test_a_pdf_header_whose_columns_have_different_lengths_gives_number_kind_issuer_and_title():
    pdf = new_pdf()
    for left, right in [
        ("BỘ NÔNG NGHIỆP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("VÀ MÔI", "Độc lập - Tự do - Hạnh phúc"),
        ("TRƯỜNG", ""),
        ("Số: 1520/KH-BNNMT", "Hà Nội, ngày 12 tháng 3 năm 2025"),
    ]:
        pdf.cell(70, 6, left, align="C")
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for text in [
        "KẾ HOẠCH",
        "Chuyển đổi số năm 2025 của Bộ Nông nghiệp và Môi trường",
        "I. MỤC TIÊU",
    ]:
        para(pdf, text)
    doc = result_of(pdf)["document"]
    assert fields(doc) == (
        "1520/KH-BNNMT",
        "Kế hoạch",
        "Bộ Nông nghiệp và Môi trường",
        "Hà Nội",
        "2025-03-12",
    )
    assert doc["title"] == "Chuyển đổi số năm 2025 của Bộ Nông nghiệp và Môi trường"
    assert doc["province"] is None  # a ministry's plan has no province of its own


def test_a_word_header_table_with_the_agency_cut_in_its_left_cell_gives_the_issuer():
    left = tc(p("BỘ VĂN HÓA, THỂ"), p("THAO VÀ DU LỊCH"), p("-------"), p("Số: 4385/QĐ-BVHTTDL"))
    right = tc(
        p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        p("Độc lập - Tự do - Hạnh phúc"),
        p("Hà Nội, ngày 18 tháng 11 năm 2025"),
    )
    body = (
        tbl(2, tr(left, right), borders=False)
        + p("QUYẾT ĐỊNH")
        + p("Về việc ban hành kế hoạch thực hiện quy hoạch")
        + p("BỘ TRƯỞNG BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
        + p("Căn cứ Luật Quy hoạch;")
        + p("I. MỤC TIÊU")
        + p("Đến năm 2030, 100% cơ sở được số hóa.")
    )
    doc = extract_bytes(package(body), ".docx")["document"]
    assert fields(doc) == (
        "4385/QĐ-BVHTTDL",
        "Quyết định",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "Hà Nội",
        "2025-11-18",
    )
    assert doc["title"] == "Về việc ban hành kế hoạch thực hiện quy hoạch"


PORTAL = (
    "Bản dịch này thuộc quyền sở hữu của ** THƯ VIỆN PHÁP LUẬT**.\n\nĐang tải văn bản...\n#\n"
    "**Số hiệu:**\n|\n624/TB-VPCP\n|\n|\n**Loại văn bản:**\n|\nThông báo\n|\n**Nơi ban hành:**\n|\n"
    "Văn phòng Chính phủ\n|\n|\n**Người ký:**\n|\nPhạm Mạnh Cường\n|\n**Ngày ban hành:**\n|\n16/11/2025\n|\n"
    "|\n**Tình trạng:**\n|\nĐã biết\n|\n\n"
)


def test_the_government_office_is_the_issuer_and_the_portal_fields_are_not_the_heading():
    doc = doc_of(
        PORTAL + "|\n**VĂN PHÒNG CHÍNH PHỦ**\n-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 624/TB-VPCP\n|\n*Hà Nội, ngày 16\n"
        "tháng 11 năm 2025*\n|\n**THÔNG BÁO**\nKẾT\nLUẬN PHIÊN HỌP LẦN THỨ NĂM CỦA BAN CHỈ ĐẠO VỀ CHUYỂN ĐỔI SỐ\n"
        "Ngày 15 tháng 11 năm 2025, tại Trụ sở Chính phủ, Thủ tướng Chính phủ chủ trì Phiên họp."
        + BODY
    )
    assert fields(doc) == (
        "624/TB-VPCP",
        "Thông báo",
        "Văn phòng Chính phủ",
        "Hà Nội",
        "2025-11-16",
    )
    assert doc["title"] == "KẾT LUẬN PHIÊN HỌP LẦN THỨ NĂM CỦA BAN CHỈ ĐẠO VỀ CHUYỂN ĐỔI SỐ"


def test_the_portal_fields_fill_what_a_text_without_its_header_does_not_say():
    doc = doc_of(PORTAL + "Nội dung văn bản đang được cập nhật." + BODY)
    assert (doc["number"], doc["kind"], doc["issuer"], doc["issued_on"]) == (
        "624/TB-VPCP",
        "Thông báo",
        "Văn phòng Chính phủ",
        "2025-11-16",
    )
    assert doc["title"] is None  # "Thông báo" under "Loại văn bản:" is a field, not the heading


def test_a_title_in_capitals_ends_before_the_bold_line_glued_after_it():
    doc = doc_of(
        "**THỦ TƯỚNG CHÍNH PHỦ**\n-------\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n\nSố: 2530/QĐ-TTg\n\n"
        "*Hà Nội, ngày 19 tháng 11 năm 2025*\n\n**QUYẾT ĐỊNH**\nPHÊ\nDUYỆT KẾ HOẠCH HÀNH ĐỘNG QUỐC GIA VỀ KHÔNG KHÍ\n"
        "GIAI ĐOẠN 2026 - 2030, TẦM NHÌN ĐẾN NĂM 2045\n**THỦ TƯỚNG CHÍNH PHỦ**\n*Căn cứ Luật Tổ chức\n"
        "Chính phủ ngày 18 tháng 02 năm 2025;*" + BODY
    )
    assert doc["issuer"] == "Thủ tướng Chính phủ"
    assert doc["title"] == (
        "PHÊ DUYỆT KẾ HOẠCH HÀNH ĐỘNG QUỐC GIA VỀ KHÔNG KHÍ GIAI ĐOẠN 2026 - 2030, TẦM NHÌN ĐẾN NĂM 2045"
    )
    assert doc["horizon_year"] == 2030


@pytest.mark.parametrize(
    "header, issuer",
    [
        ("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nSỞ Y TẾ", "Sở Y tế"),
        ("UBND TỈNH BẮC NINH\nSỞ KHOA HỌC VÀ\nCÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
        ("TỈNH ỦY QUẢNG TRỊ", "Tỉnh ủy Quảng Trị"),
        ("ĐẢNG BỘ TỈNH NGHỆ AN\nBAN CHẤP HÀNH", "Ban Chấp hành Đảng bộ tỉnh Nghệ An"),
        ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
        ("HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐẮK LẮK", "Hội đồng nhân dân tỉnh Đắk Lắk"),
        ("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nVĂN PHÒNG", "Văn phòng Ủy ban nhân dân tỉnh Hà Giang"),
        ("BỘ KHOA HỌC VÀ CÔNG NGHỆ\nCỤC CHUYỂN ĐỔI SỐ QUỐC GIA", "Cục Chuyển đổi số quốc gia"),
        (
            "TỈNH ỦY THÁI NGUYÊN\nBAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC,\nCÔNG NGHỆ VÀ CHUYỂN ĐỔI SỐ\n*",
            "Ban Chỉ đạo phát triển khoa học, công nghệ và chuyển đổi số",
        ),
        ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("ĐẢNG BỘ TỈNH THÁI NGUYÊN\nĐẢNG ỦY XÃ ĐẠI PHÚC", "Đảng ủy xã Đại Phúc"),
        # upper-case lines that do not open as an agency are not taken for one
        ("CÔNG TY CỔ PHẦN VIỄN THÔNG", None),
    ],
)
def test_the_issuer_is_the_lowest_agency_of_the_header_in_its_ordinary_spelling(header, issuer):
    motto = "ĐẢNG CỘNG SẢN VIỆT NAM" if "ỦY" in header and "ĐẢNG" in header else "CỘNG HÒA XÃ HỘI"
    doc = doc_of(
        f"{header}\n-------\n\n{motto}\n\nSố: 12/KH-XX\n\nHà Nội, ngày 3 tháng 4 năm 2025\n\n"
        "KẾ HOẠCH\nThực hiện chuyển đổi số" + BODY
    )
    assert doc["issuer"] == issuer


def test_the_preamble_run_into_the_title_by_a_reader_is_not_part_of_it():
    doc = doc_of(
        "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG\n\nSố: 12/KH-UBND\n\nHà Giang, ngày 3 tháng 4 năm 2025\n\n"
        "KẾ HOẠCH\nChuyển đổi số năm 2025\nCăn cứ Quyết định số 1/QĐ-UBND ngày 2/1/2025;" + BODY
    )
    assert doc["title"] == "Chuyển đổi số năm 2025"
    assert doc["horizon_year"] == 2025


def test_a_draft_without_its_number_and_day_keeps_the_issuer_and_place():
    doc = doc_of(
        "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\n\nSố:       /KH-UBND\n\nLào Cai, ngày      tháng 5 năm 2024\n\n"
        "KẾ HOẠCH\nChuyển đổi số" + BODY
    )
    assert fields(doc) == (None, "Kế hoạch", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", None)


def test_a_date_written_in_figures_and_a_kind_that_goes_on_into_the_title():
    doc = doc_of(
        "BỘ Y TẾ\n\nSố: 12/KH-BYT\n\nHà Nội, ngày 05/3/2025\n\nKẾ HOẠCH HÀNH ĐỘNG\n\n"
        "THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW" + BODY
    )
    assert (doc["issued_on"], doc["place"], doc["issuer"]) == ("2025-03-05", "Hà Nội", "Bộ Y tế")
    assert doc["title"] == "HÀNH ĐỘNG THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW"


def test_the_body_named_under_a_resolution_is_its_issuer():
    doc = doc_of(
        "ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY NGHỆ AN\n\nSố: 18-NQ/TU\n\nNghệ An, ngày 25 tháng 3 năm 2025\n\n"
        "NGHỊ QUYẾT\nCỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH\nvề chuyển đổi số tỉnh Nghệ An đến năm 2030"
        + BODY
    )
    assert doc["issuer"] == "Ban Chấp hành Đảng bộ tỉnh Nghệ An"
    assert doc["title"] == "về chuyển đổi số tỉnh Nghệ An đến năm 2030"


def test_an_upper_case_heading_of_the_text_is_never_taken_for_the_issuer():
    doc = doc_of(
        "KẾ HOẠCH\nChuyển đổi số năm 2025\n\nI. MỤC TIÊU CHUNG\n\nĐến năm 2026, 100% hồ sơ được xử lý.\n"
    )
    assert doc["issuer"] is None
    assert doc["kind"] == "Kế hoạch"


def test_the_bundled_plans_give_their_reviewed_header():
    for seed in sorted(SEEDS.glob("*.txt")):
        reviewed = json.loads((REVIEWED / f"{seed.name[:3]}.json").read_text(encoding="utf-8"))
        got = extract_file(seed)["document"]
        want = reviewed["document"]
        assert [got[k] for k in (*FIELDS, "title")] == [want[k] for k in (*FIELDS, "title")], (
            seed.name
        )


@pytest.mark.parametrize(
    "stem, issuer",
    [
        ("174-kh-ubnd", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
        ("157-kh-ubnd", "Ủy ban nhân dân thành phố Cần Thơ"),
        ("4385-qd-bvhttdl", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("624-tb-vpcp", "Văn phòng Chính phủ"),
        ("2530-qd-ttg", "Thủ tướng Chính phủ"),
        ("2954-qd-ubnd", "Ủy ban nhân dân tỉnh Sơn La"),
    ],
)
def test_the_real_plans_name_their_issuer(stem, issuer):
    doc = extract_file(CORPUS / f"{stem}.md")["document"]
    assert doc["issuer"] == issuer
    assert doc["number"].replace("/", "-").replace("Đ", "D").lower() == stem
    assert doc["title"] and "Nơi ban hành" not in doc["title"]
