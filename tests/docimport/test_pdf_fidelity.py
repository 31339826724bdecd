"""PDFs as Word exports them → the records the importer must give.

Each test builds a PDF with fpdf2 (DejaVuSans, see test_formats.py) that has one feature of real
exported plans: running heads and page numbers, paragraphs and goal bullets wrapped over several
lines, a task table that runs on across a page under a repeated header, footnotes in a smaller font
at the foot of the page with superscript marks, the agency header in two columns.
"""

from pathlib import Path

from fpdf import FPDF

from dxtrack.docimport import extract_bytes
from dxtrack.docimport.readers import read_pdf_bytes

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEAD = [
    "Số: 45/KH-UBND",
    "Lào Cai, ngày 10 tháng 5 năm 2024",
    "KẾ HOẠCH",
    "Chuyển đổi số tỉnh Lào Cai giai đoạn 2024-2026",
]
TASK_HEADER = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Kinh phí"]
WIDTHS = (10, 60, 35, 35, 25, 25)


def new_pdf(running_head: str | None = None, page_numbers: bool = False):
    assert FONT.exists(), f"missing font {FONT}: install the Debian package fonts-dejavu-core"

    class Plan(FPDF):
        def header(self):
            if running_head:
                self.set_font("DejaVu", size=9)
                self.cell(0, 6, running_head, align="C")
                self.ln(10)
                self.set_font("DejaVu", size=11)

        def footer(self):
            if page_numbers:
                self.set_y(-12)
                self.set_font("DejaVu", size=9)
                self.cell(0, 6, f"Trang {self.page_no()}", align="C")
                self.set_font("DejaVu", size=11)

    pdf = Plan()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    return pdf


def para(pdf, text: str, gap: float = 3, width: float = 0):
    pdf.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")
    if gap:
        pdf.ln(gap)


def with_sup(pdf, before: str, mark: str, after: str = "", h: float = 6):
    pdf.write(h, before)
    pdf.char_vpos = "SUP"
    pdf.write(h, mark)
    pdf.char_vpos = "LINE"
    if after:
        pdf.write(h, after)
    pdf.ln(h)


def task_table(pdf, rows, header=True):
    with pdf.table(col_widths=WIDTHS, first_row_as_headings=False) as table:
        for row in ([TASK_HEADER] if header else []) + rows:
            r = table.row()
            for c in row:
                r.cell(c)


def result_of(pdf) -> dict:
    return extract_bytes(bytes(pdf.output()), ".pdf")


def text_of(pdf) -> str:
    return read_pdf_bytes(bytes(pdf.output()))


def measures(result):
    return [
        [(m["comparator"], m["value"], m["unit"], m["year"]) for m in t["measures"]]
        for t in result["targets"]
    ]


LONG_STATUS = (
    "Trong những năm qua, các cơ quan nhà nước của tỉnh đã tích cực ứng dụng công nghệ thông tin trong công "
    "tác chỉ đạo, điều hành; hạ tầng số được đầu tư đồng bộ từ tỉnh đến cơ sở; nhiều hệ thống dùng chung "
    "được đưa vào vận hành ổn định, phục vụ người dân và doanh nghiệp ngày càng tốt hơn. "
)


# ---------------------------------------------------------------- running heads and page numbers


def test_running_heads_and_page_numbers_are_left_out_of_the_text():
    pdf = new_pdf("Kế hoạch chuyển đổi số tỉnh Lào Cai", page_numbers=True)
    for h in HEAD:
        para(pdf, h)
    for k in range(3):
        para(pdf, f"Đoạn {k + 1}. " + LONG_STATUS * 4)
    text = text_of(pdf)
    assert pdf.page_no() >= 2
    assert "Trang" not in text and "Kế hoạch chuyển đổi số tỉnh Lào Cai" not in text
    assert text.count("Đoạn ") == 3


def test_a_heading_at_the_top_of_a_single_page_is_kept():
    pdf = new_pdf()
    para(pdf, "ỦY BAN NHÂN DÂN TỈNH LÀO CAI")
    para(pdf, "Nội dung.")
    assert text_of(pdf).startswith("ỦY BAN NHÂN DÂN TỈNH LÀO CAI\n")


# ---------------------------------------------------------------- paragraphs and bullets


def goal_pdf():
    pdf = new_pdf()
    for h in HEAD:
        para(pdf, h)
    para(pdf, "II. MỤC TIÊU")
    para(pdf, "1. Mục tiêu đến năm 2026")
    # bullets one after another with no gap, each wrapped onto a second line
    para(
        pdf,
        "- Trên 90% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình "
        "trên Cổng dịch vụ công quốc gia.",
        gap=0,
        width=120,
    )
    para(
        pdf,
        "- Tốc độ truy nhập băng rộng cố định bình quân của toàn tỉnh đạt tối thiểu 200 Mbps "
        "tại khu vực đô thị.",
        gap=0,
        width=120,
    )
    para(pdf, "- Tỉnh thuộc nhóm 10 tỉnh dẫn đầu về chuyển đổi số.", gap=0, width=120)
    para(pdf, "III. TỔ CHỨC THỰC HIỆN")
    para(pdf, "Các sở, ban, ngành triển khai kế hoạch.")
    return pdf


def test_a_goal_bullet_wrapped_over_two_lines_is_one_statement():
    result = result_of(goal_pdf())
    assert measures(result) == [
        [(">", 90, "%", 2026)],
        [(">=", 200, "Mbps", 2026)],
        [("top", 10, "rank", 2026)],
    ]
    assert result["targets"][0]["text"] == (
        "Trên 90% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực "
        "tuyến toàn trình trên Cổng dịch vụ công quốc gia."
    )


def test_the_line_of_a_wrapped_statement_is_its_first_line():
    pdf = goal_pdf()
    text = text_of(pdf)
    lines = text.split("\n")
    for t in result_of(goal_pdf())["targets"]:
        assert lines[t["line"] - 1].startswith("- " + t["text"][:20])


def test_lines_of_a_justified_paragraph_are_joined_and_paragraphs_kept_apart():
    pdf = new_pdf()
    para(pdf, LONG_STATUS * 2, gap=0)
    para(pdf, "Đến nay, tỷ lệ hồ sơ trực tuyến đạt 52,5%.", gap=0)
    paras = [p for p in text_of(pdf).split("\n") if p]
    assert paras == [(LONG_STATUS * 2).strip(), "Đến nay, tỷ lệ hồ sơ trực tuyến đạt 52,5%."]


# ---------------------------------------------------------------- tables across pages


def test_a_task_table_running_on_across_a_page_under_a_repeated_header_keeps_each_task_whole():
    pdf = new_pdf(page_numbers=True)
    for h in HEAD:
        para(pdf, h)
    para(pdf, "PHỤ LỤC")
    task_table(
        pdf,
        [
            [
                "1",
                "Nâng cấp trung tâm dữ liệu",
                "Sở Khoa học và Công nghệ",
                "Sở Tài chính",
                "Quý IV năm 2025",
                "5 tỷ",
            ],
            [
                "2",
                "Xây dựng kho dữ liệu dùng chung của tỉnh phục vụ",
                "Sở Khoa học và Công nghệ",
                "Sở Tài chính",
                "Năm 2025",
                "10 tỷ",
            ],
        ],
    )
    pdf.add_page()
    task_table(
        pdf,
        [
            ["", "công tác chỉ đạo, điều hành", "", "", "", ""],
            ["3", "Đào tạo kỹ năng số cho cán bộ", "Sở Nội vụ", "", "Năm 2026", "1 tỷ"],
        ],
    )
    tasks = result_of(pdf)["tasks"]
    assert [(t["code"], t["name"], t["lead"], t["budget_vnd"]) for t in tasks] == [
        ("1", "Nâng cấp trung tâm dữ liệu", ["Sở Khoa học và Công nghệ"], 5_000_000_000),
        (
            "2",
            "Xây dựng kho dữ liệu dùng chung của tỉnh phục vụ công tác chỉ đạo, điều hành",
            ["Sở Khoa học và Công nghệ"],
            10_000_000_000,
        ),
        ("3", "Đào tạo kỹ năng số cho cán bộ", ["Sở Nội vụ"], 1_000_000_000),
    ]


# ---------------------------------------------------------------- footnotes


def footnote_pdf():
    pdf = new_pdf(page_numbers=True)
    for h in HEAD:
        para(pdf, h)
    para(pdf, "I. THỰC TRẠNG")
    with_sup(pdf, "Toàn tỉnh có 1.650 trạm thu phát sóng, 70% thuê bao sử dụng 3G và 4G", "1", ".")
    pdf.ln(3)
    para(pdf, "II. MỤC TIÊU")
    para(pdf, "- Trên 90% hồ sơ được xử lý trên môi trường mạng.")
    pdf.set_y(-40)
    pdf.set_font_size(8)
    with_sup(
        pdf,
        "",
        "1",
        " Năm 2023, toàn tỉnh có 1.250 doanh nghiệp số và 45 doanh nghiệp công nghệ số "
        "theo báo cáo của Sở Khoa học và Công nghệ.",
        h=4,
    )
    pdf.set_font_size(11)
    return pdf


def test_a_superscript_mark_stays_in_its_sentence_and_the_footnote_becomes_a_footnote_line():
    text = text_of(footnote_pdf())
    assert "3G và 4G¹." in text
    assert (
        "¹ Năm 2023, toàn tỉnh có 1.250 doanh nghiệp số và 45 doanh nghiệp công nghệ số theo báo cáo của Sở "
        "Khoa học và Công nghệ."
    ) in text.split("\n")


def test_a_result_in_a_footnote_is_an_observation_and_the_goal_is_not_disturbed():
    result = result_of(footnote_pdf())
    assert (1250, "doanh nghiệp", 2023) in [
        (o["value"], o["unit"], o["year"]) for o in result["observations"]
    ]
    assert measures(result) == [[(">", 90, "%", 2026)]]


# ---------------------------------------------------------------- the agency header in two columns


def test_the_agency_header_in_two_columns_gives_the_document_metadata():
    pdf = new_pdf()
    for left, right in [
        ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("TỈNH LÀO CAI", "Độc lập - Tự do - Hạnh phúc"),
        ("Số: 45/KH-UBND", "Lào Cai, ngày 10 tháng 5 năm 2024"),
    ]:
        pdf.cell(70, 6, left, align="C")
        pdf.cell(0, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for h in HEAD[2:]:
        para(pdf, h)
    doc = result_of(pdf)["document"]
    assert (doc["number"], doc["kind"], doc["issuer"], doc["issued_on"], doc["place"]) == (
        "45/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Lào Cai",
        "2024-05-10",
        "Lào Cai",
    )


def test_a_goal_bullet_cut_by_a_page_break_is_one_statement():
    pdf = new_pdf("Kế hoạch chuyển đổi số tỉnh Lào Cai", page_numbers=True)
    for h in HEAD:
        para(pdf, h)
    para(pdf, "II. MỤC TIÊU")
    para(pdf, "1. Mục tiêu đến năm 2026")
    while pdf.get_y() < pdf.h - 36:
        para(pdf, "- Phổ cập dịch vụ mạng di động 5G.", gap=0)
    para(
        pdf,
        "- Trên 90% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình "
        "trên Cổng dịch vụ công quốc gia và được số hóa kết quả giải quyết.",
        gap=0,
        width=120,
    )
    para(pdf, "III. TỔ CHỨC THỰC HIỆN")
    result = result_of(pdf)
    assert pdf.page_no() == 2
    last = [t for t in result["targets"] if t["measures"]]
    assert [t["text"] for t in last] == [
        "Trên 90% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình trên Cổng dịch vụ "
        "công quốc gia và được số hóa kết quả giải quyết."
    ]
    assert measures(result)[-1] == [(">", 90, "%", 2026)]
