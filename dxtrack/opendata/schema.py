"""What each open dataset is: its fields (machine name, Vietnamese header, meaning, unit, type)
and its description in Vietnamese and English. Data only; the rows come from `selectors`.

Field names are the machine schema (the JSON keys, the CSV's second header option and the
`schema.json` of each dataset); `title` is the Vietnamese header of the CSV and XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Field:
    name: str  # machine name (JSON key), stable
    title: str  # Vietnamese header
    description: str  # what the column means, in Vietnamese
    type: str = "string"  # Table Schema type: string, integer, number, date, datetime, boolean
    unit: str = ""  # unit of measure, when the column has one of its own


@dataclass(frozen=True)
class ExtraFile:
    """A file a dataset publishes besides its table (an issued report's DOCX, PDF, XLSX): a
    resource of its CKAN package and a distribution of its DCAT record."""

    id: str
    title: str
    url: str
    format: str  # DOCX, PDF, XLSX
    mimetype: str
    size: int
    sha256: str
    modified: datetime | None


SIMULATED = Field(
    "simulated",
    "mo_phong",
    gettext_noop("Có: số liệu mô phỏng của bản trình diễn, không phải số liệu thật của đơn vị."),
    "boolean",
)

OBSERVATION_FIELDS = (
    Field(
        "indicator_code",
        "Mã chỉ số",
        gettext_noop("Mã chỉ số trong danh mục dùng chung (trống nếu chưa có)."),
    ),
    Field("indicator", "Chỉ số", gettext_noop("Tên chỉ số.")),
    Field("unit_of_measure", "Đơn vị tính", gettext_noop("Đơn vị tính của giá trị.")),
    Field(
        "period",
        "Kỳ",
        gettext_noop("Mã kỳ: 2025 (năm), 2025S1 (6 tháng), 2025Q3 (quý), 202507 (tháng)."),
    ),
    Field(
        "unit_code",
        "Mã đơn vị",
        gettext_noop("Mã đơn vị báo cáo (mã xã 5 chữ số, mã tỉnh 19, mã sở)."),
    ),
    Field("unit", "Đơn vị", gettext_noop("Tên đơn vị báo cáo.")),
    Field("value", "Giá trị", gettext_noop("Giá trị đã được duyệt."), "number"),
    Field(
        "of_value", "Tổng số", gettext_noop("Tổng số (mẫu số) khi giá trị viết dạng X/Y."), "number"
    ),
    Field(
        "source_kind",
        "Loại nguồn",
        gettext_noop("document: trích từ văn bản; report: báo cáo định kỳ; api: kết nối API."),
    ),
    Field("source", "Nguồn", gettext_noop("Văn bản hoặc kỳ báo cáo của số liệu.")),
    Field(
        "reviewed_at",
        "Ngày duyệt",
        gettext_noop(
            "Thời điểm cơ quan điều phối chấp nhận số liệu (số liệu trích văn bản: ngày công bố văn bản)."
        ),
        "datetime",
    ),
    SIMULATED,
)

TARGET_FIELDS = (
    Field(
        "target_id",
        "Mã chỉ tiêu",
        gettext_noop("Mã số chỉ tiêu trong dxtrack (ổn định)."),
        "integer",
    ),
    Field("program", "Văn bản", gettext_noop("Số hiệu văn bản đặt chỉ tiêu.")),
    Field("section", "Mục", gettext_noop("Mục của văn bản.")),
    Field("indicator_code", "Mã chỉ số", gettext_noop("Mã chỉ số trong danh mục dùng chung.")),
    Field("indicator", "Chỉ số", gettext_noop("Tên chỉ số được đo.")),
    Field("subject", "Nội dung", gettext_noop("Nội dung chỉ tiêu như văn bản viết.")),
    Field(
        "comparator",
        "So sánh",
        gettext_noop("Phép so sánh: >, >=, =, <, <=, top, increase, decrease."),
    ),
    Field("target_value", "Giá trị chỉ tiêu", gettext_noop("Ngưỡng phải đạt."), "number"),
    Field("unit_of_measure", "Đơn vị tính", gettext_noop("Đơn vị tính của chỉ tiêu.")),
    Field("year", "Năm", gettext_noop("Năm phải đạt."), "integer"),
    Field("quarter", "Quý", gettext_noop("Quý phải đạt (nếu có)."), "integer"),
    Field("owner", "Đơn vị chịu trách nhiệm", gettext_noop("Mã đơn vị chịu trách nhiệm chỉ tiêu.")),
    Field("pillar", "Trụ cột", gettext_noop("Trụ cột chuyển đổi số của chỉ tiêu.")),
    Field(
        "status",
        "Trạng thái",
        gettext_noop(
            "achieved, on_track, at_risk, off_track, missed, no_data (xem trang Cách tính)."
        ),
    ),
    Field("status_label", "Tên trạng thái", gettext_noop("Trạng thái bằng tiếng Việt.")),
    Field(
        "progress_ratio",
        "Tỷ số R",
        gettext_noop(
            "R = tốc độ tăng bình quân đã đạt (từ giá trị cơ sở đến giá trị mới nhất) / tốc độ cần có "
            "(từ giá trị cơ sở đến chỉ tiêu tại thời hạn), theo Open SDG."
        ),
        "number",
    ),
    Field(
        "expected_now",
        "Giá trị cần đạt đến ngày đánh giá",
        gettext_noop("Giá trị trên đường thẳng từ giá trị cơ sở đến chỉ tiêu, tại ngày đánh giá."),
        "number",
    ),
    Field(
        "latest_value",
        "Giá trị mới nhất",
        gettext_noop("Giá trị đã duyệt mới nhất dùng để đánh giá."),
        "number",
    ),
    Field("latest_period", "Kỳ của giá trị mới nhất", gettext_noop("Mã kỳ của giá trị mới nhất.")),
    Field("as_of", "Ngày đánh giá", gettext_noop("Ngày tính trạng thái."), "date"),
    Field(
        "simulated",
        "mo_phong",
        gettext_noop(
            "Có: trạng thái và tỷ số R tính từ giá trị của chỉ số, trong đó có số liệu mô phỏng."
        ),
        "boolean",
    ),
)

TASK_FIELDS = (
    Field(
        "task_id", "Mã nhiệm vụ", gettext_noop("Mã số nhiệm vụ trong dxtrack (ổn định)."), "integer"
    ),
    Field("program", "Văn bản", gettext_noop("Số hiệu văn bản giao nhiệm vụ.")),
    Field("code", "Số thứ tự", gettext_noop("Số thứ tự của nhiệm vụ trong văn bản.")),
    Field("name", "Nhiệm vụ", gettext_noop("Tên nhiệm vụ.")),
    Field("group", "Nhóm", gettext_noop("Nhóm nhiệm vụ trong văn bản.")),
    Field(
        "lead_units",
        "Đơn vị chủ trì",
        gettext_noop("Mã các đơn vị chủ trì, cách nhau bởi dấu chấm phẩy."),
    ),
    Field("start_year", "Năm bắt đầu", gettext_noop("Năm bắt đầu."), "integer"),
    Field("end_year", "Năm hoàn thành", gettext_noop("Năm phải hoàn thành."), "integer"),
    Field("pillar", "Trụ cột", gettext_noop("Trụ cột chuyển đổi số của nhiệm vụ.")),
    Field(
        "status",
        "Trạng thái",
        gettext_noop("done, on_schedule, at_risk, overdue, not_started… (xem trang Cách tính)."),
    ),
    Field("status_label", "Tên trạng thái", gettext_noop("Trạng thái bằng tiếng Việt.")),
    Field(
        "percent_done",
        "Tiến độ",
        gettext_noop("Phần trăm khối lượng đã hoàn thành."),
        "number",
        "%",
    ),
    Field("as_of", "Ngày đánh giá", gettext_noop("Ngày tính trạng thái."), "date"),
    SIMULATED,
)

BUDGET_FIELDS = (
    Field(
        "task_id", "Mã nhiệm vụ", gettext_noop("Mã số nhiệm vụ trong dxtrack (ổn định)."), "integer"
    ),
    Field("program", "Văn bản", gettext_noop("Số hiệu văn bản giao nhiệm vụ.")),
    Field("code", "Số thứ tự", gettext_noop("Số thứ tự của nhiệm vụ trong văn bản.")),
    Field("name", "Nhiệm vụ", gettext_noop("Tên nhiệm vụ.")),
    Field(
        "lead_units",
        "Đơn vị chủ trì",
        gettext_noop("Mã các đơn vị chủ trì, cách nhau bởi dấu chấm phẩy."),
    ),
    Field(
        "planned_vnd",
        "Kinh phí dự kiến",
        gettext_noop("Kinh phí văn bản ghi cho nhiệm vụ."),
        "integer",
        "đồng",
    ),
    Field(
        "planned_per_year",
        "Kinh phí mỗi năm",
        gettext_noop("Có: kinh phí ghi cho mỗi năm."),
        "boolean",
    ),
    Field("budget_source", "Nguồn kinh phí", gettext_noop("Nguồn kinh phí như văn bản ghi.")),
    Field(
        "disbursed_vnd",
        "Đã giải ngân",
        gettext_noop("Lũy kế giải ngân theo báo cáo tiến độ mới nhất đã được duyệt."),
        "integer",
        "đồng",
    ),
    Field("disbursed_period", "Kỳ báo cáo giải ngân", gettext_noop("Kỳ của báo cáo tiến độ đó.")),
    SIMULATED,
)

SCORE_FIELDS = (
    Field("period", "Kỳ", gettext_noop("Mã kỳ xếp hạng.")),
    Field(
        "group",
        "Nhóm",
        gettext_noop("department (sở, ngành), commune (xã, phường), enterprise, sme."),
    ),
    Field("unit_code", "Mã đơn vị", gettext_noop("Mã đơn vị.")),
    Field("unit", "Đơn vị", gettext_noop("Tên đơn vị.")),
    Field(
        "score",
        "Điểm",
        gettext_noop("Điểm tổng hợp 0–100 (xem trang Cách tính)."),
        "number",
        "điểm",
    ),
    Field("rank", "Thứ hạng", gettext_noop("Thứ hạng trong nhóm."), "integer"),
    Field("previous_period", "Kỳ trước", gettext_noop("Kỳ xếp hạng trước.")),
    Field("previous_rank", "Thứ hạng kỳ trước", gettext_noop("Thứ hạng ở kỳ trước."), "integer"),
    Field("change", "Thay đổi", gettext_noop("Số bậc tăng (dương) hoặc giảm (âm)."), "integer"),
    Field("as_of", "Ngày đánh giá", gettext_noop("Ngày tính điểm."), "date"),
)

PROGRAM_FIELDS = (
    Field(
        "key", "Khóa", gettext_noop("Số hiệu văn bản, hoặc tên khi văn bản không có số (ổn định).")
    ),
    Field("number", "Số hiệu", gettext_noop("Số hiệu văn bản.")),
    Field("kind", "Loại văn bản", gettext_noop("Nghị quyết, quyết định, kế hoạch, đề án…")),
    Field("title", "Trích yếu", gettext_noop("Tên văn bản.")),
    Field("issuer", "Cơ quan ban hành", gettext_noop("Cơ quan ban hành.")),
    Field("issued_on", "Ngày ban hành", gettext_noop("Ngày ban hành."), "date"),
    Field("horizon_year", "Năm mục tiêu", gettext_noop("Năm cuối của kế hoạch."), "integer"),
    Field(
        "parent", "Văn bản cấp trên", gettext_noop("Khóa của văn bản mà văn bản này triển khai.")
    ),
    Field(
        "published_at", "Ngày công bố", gettext_noop("Thời điểm công bố trên dxtrack."), "datetime"
    ),
    Field(
        "budget_stated_vnd",
        "Tổng kinh phí",
        gettext_noop("Tổng kinh phí văn bản ghi."),
        "integer",
        "đồng",
    ),
    Field("targets", "Số chỉ tiêu", gettext_noop("Số chỉ tiêu của văn bản."), "integer"),
    Field("tasks", "Số nhiệm vụ", gettext_noop("Số nhiệm vụ của văn bản."), "integer"),
)

UNIT_FIELDS = (
    Field(
        "code",
        "Mã đơn vị",
        gettext_noop("Mã xã 5 chữ số (QĐ 19/2025/QĐ-TTg), mã tỉnh, hoặc mã ổn định của sở."),
    ),
    Field("name", "Tên", gettext_noop("Tên đơn vị.")),
    Field("short_name", "Tên viết tắt", gettext_noop("Tên viết tắt.")),
    Field(
        "kind",
        "Loại",
        gettext_noop("province, department, commune, enterprise, collective, external."),
    ),
    Field("parent", "Đơn vị cấp trên", gettext_noop("Mã đơn vị cấp trên.")),
    Field("valid_from", "Hiệu lực từ", gettext_noop("Ngày bắt đầu hiệu lực."), "date"),
    Field(
        "valid_to",
        "Hiệu lực đến",
        gettext_noop("Ngày hết hiệu lực (đơn vị đã sáp nhập, giải thể)."),
        "date",
    ),
    Field(
        "predecessors",
        "Đơn vị tiền thân",
        gettext_noop("Mã các đơn vị tiền thân, cách nhau bởi dấu chấm phẩy."),
    ),
    Field(
        "successors",
        "Đơn vị kế thừa",
        gettext_noop("Mã các đơn vị kế thừa, cách nhau bởi dấu chấm phẩy."),
    ),
)

REPORT_FIELDS = (
    Field(
        "report_id", "Mã báo cáo", gettext_noop("Mã số báo cáo trong dxtrack (ổn định)."), "integer"
    ),
    Field("number", "Số hiệu", gettext_noop("Số văn bản, ví dụ 125/BC-UBND.")),
    Field("title", "Trích yếu", gettext_noop("Tên báo cáo.")),
    Field("kind", "Loại báo cáo", gettext_noop("Định kỳ quý, 6 tháng, năm; chuyên đề; đột xuất.")),
    Field(
        "period", "Kỳ báo cáo", gettext_noop("Mã kỳ: 2025 (năm), 2025S1 (6 tháng), 2025Q3 (quý).")
    ),
    Field(
        "as_of",
        "Ngày chốt số liệu",
        gettext_noop("Số liệu trong báo cáo tính đến ngày này."),
        "date",
    ),
    Field("issued_on", "Ngày ban hành", gettext_noop("Ngày ký ban hành báo cáo."), "date"),
    Field("issuer", "Cơ quan ban hành", gettext_noop("Cơ quan ban hành báo cáo.")),
    Field(
        "version",
        "Phiên bản",
        gettext_noop("Lần ban hành (bản thay thế có số lớn hơn)."),
        "integer",
    ),
    Field(
        "supersedes",
        "Thay thế báo cáo",
        gettext_noop("Mã báo cáo mà bản này thay thế (nếu có)."),
        "integer",
    ),
    Field("docx_url", "Tệp DOCX", gettext_noop("Địa chỉ tải tệp Word đã ban hành.")),
    Field("pdf_url", "Tệp PDF", gettext_noop("Địa chỉ tải tệp PDF đã ban hành.")),
    Field("xlsx_url", "Tệp XLSX", gettext_noop("Địa chỉ tải các phụ lục Excel đã ban hành.")),
    Field(
        "content_sha256",
        "Mã băm nội dung",
        gettext_noop(
            "SHA-256 của nội dung báo cáo khi ban hành: nội dung không đổi sau khi ban hành."
        ),
    ),
    SIMULATED,
)

FIELDS = {
    "reports": REPORT_FIELDS,
    "indicator": OBSERVATION_FIELDS,
    "observations": OBSERVATION_FIELDS,
    "targets": TARGET_FIELDS,
    "tasks": TASK_FIELDS,
    "budgets": BUDGET_FIELDS,
    "scores": SCORE_FIELDS,
    "programs": PROGRAM_FIELDS,
    "units": UNIT_FIELDS,
}

# The fixed datasets: slug → (kind, title VI, title EN, description VI, description EN, keywords,
# EU data theme). Indicator datasets are made one per published indicator (selectors).
FIXED = {
    "so-lieu": (
        "observations",
        "Số liệu các chỉ số chuyển đổi số (tất cả chỉ số)",
        "Digital transformation indicator values (all indicators)",
        "Mọi giá trị đã được duyệt của các chỉ số mà các văn bản đã công bố đặt chỉ tiêu, theo "
        "đơn vị và kỳ, kèm nguồn và ngày duyệt.",
        "Every accepted value of the indicators targeted by the published plans, by unit and "
        "period, with its source and review date.",
        ("chỉ số", "số liệu", "chuyển đổi số"),
        "GOVE",
    ),
    "chi-tieu": (
        "targets",
        "Chỉ tiêu và trạng thái thực hiện",
        "Targets and their status",
        "Các chỉ tiêu của văn bản đã công bố, với trạng thái, tỷ số R và giá trị cần đạt đến "
        "ngày đánh giá.",
        "The targets of the published plans with their status, progress ratio R and the value "
        "expected by the evaluation date.",
        ("chỉ tiêu", "đánh giá", "chuyển đổi số"),
        "GOVE",
    ),
    "nhiem-vu": (
        "tasks",
        "Nhiệm vụ và tiến độ",
        "Tasks and their progress",
        "Các nhiệm vụ của văn bản đã công bố, với đơn vị chủ trì, trạng thái và tiến độ theo báo "
        "cáo đã được duyệt.",
        "The tasks of the published plans with their lead units, status and progress from "
        "accepted reports.",
        ("nhiệm vụ", "tiến độ", "chuyển đổi số"),
        "GOVE",
    ),
    "kinh-phi": (
        "budgets",
        "Kinh phí nhiệm vụ: dự kiến và giải ngân",
        "Task budgets: planned and disbursed",
        "Kinh phí văn bản ghi cho từng nhiệm vụ và lũy kế giải ngân theo báo cáo tiến độ đã được "
        "duyệt.",
        "The budget each published plan sets for its tasks, and the cumulative disbursement "
        "from accepted progress reports.",
        ("kinh phí", "giải ngân", "ngân sách"),
        "ECON",
    ),
    "diem-xep-hang": (
        "scores",
        "Điểm và xếp hạng chuyển đổi số của đơn vị",
        "Digital transformation scores and rankings of units",
        "Điểm tổng hợp 0–100 và thứ hạng của sở, ngành, xã, phường theo từng kỳ.",
        "The 0–100 score and the rank of each department and commune per period.",
        ("xếp hạng", "điểm", "đơn vị"),
        "GOVE",
    ),
    "chuong-trinh": (
        "programs",
        "Danh mục chương trình, kế hoạch chuyển đổi số",
        "Register of digital transformation plans",
        "Các nghị quyết, quyết định, kế hoạch, đề án đã công bố trên dxtrack.",
        "The resolutions, decisions, plans and schemes published on dxtrack.",
        ("kế hoạch", "văn bản", "chương trình"),
        "GOVE",
    ),
    "bao-cao-da-ban-hanh": (
        "reports",
        "Báo cáo đã ban hành",
        "Issued reports",
        "Các báo cáo tổng hợp tình hình thực hiện chuyển đổi số đã ký ban hành (định kỳ, chuyên "
        "đề, đột xuất), mỗi báo cáo một dòng, kèm tệp DOCX, PDF và phụ lục XLSX đúng như khi ban "
        "hành. Dự thảo không bao giờ được công bố.",
        "The digital transformation progress reports signed and issued (periodic, thematic, "
        "ad hoc), one row each, with their DOCX, PDF and XLSX appendices exactly as issued. "
        "Drafts are never published.",
        ("báo cáo", "kết quả thực hiện", "chuyển đổi số"),
        "GOVE",
    ),
    "don-vi": (
        "units",
        "Danh mục đơn vị, kèm đơn vị tiền thân và kế thừa",
        "Register of units, with predecessors and successors",
        "Sở, ngành, xã, phường và các đơn vị khác của tỉnh; đơn vị đã sáp nhập ghi đơn vị kế thừa.",
        "The province's departments, communes and other units; merged units name their successors.",
        ("đơn vị hành chính", "danh mục", "sáp nhập"),
        "REGI",
    ),
}

SIMULATED_NOTE_VI = (
    " Lưu ý: bộ dữ liệu có số liệu mô phỏng của bản trình diễn (cột mo_phong = true); "
    "đó không phải số liệu thật của đơn vị."
)
SIMULATED_NOTE_EN = (
    " Note: this dataset contains the demo's simulated values (column simulated = true); they "
    "are not real figures of the units."
)

FORMATS = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
