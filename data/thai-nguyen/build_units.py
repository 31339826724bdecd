"""Build the bundled unit registry of Thái Nguyên: `data/thai-nguyen/units.json`.

Re-runnable and deterministic:

    .venv/bin/python data/thai-nguyen/build_units.py          # (re)write units.json
    .venv/bin/python data/thai-nguyen/build_units.py --check  # exit 1 if units.json is stale

Communes and wards (xã, phường) come from the `vietnam-provinces` package (two-level data after
1/7/2025, codes of Quyết định 19/2025/QĐ-TTg). Everything else (departments before and after the
2025 reorganisation, party and mass organisations, the collective names the plans use,
enterprises, a few outside bodies) is the hand-written table below. Sources and doubts are
listed in README.md next to this file; a unit whose facts are not verified says so in `note`.

Conventions:
- `code`: a commune's official 5-digit code ("05443"); the province's code ("19"); otherwise a
  stable slug of the name without "tỉnh Thái Nguyên" (`so-y-te`), lowercase ASCII, đ → d.
- `successors`: ordered, the first is the principal successor (where a task of a dissolved body
  goes by default); the others took over parts of its functions.
- `valid_to` of bodies merged on 1/3/2025 is 2025-02-28; of bodies ended by the abolition of
  the district level and the merger of Bắc Kạn into Thái Nguyên (1/7/2025) is 2025-06-30.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import vietnam_provinces
from vietnam_provinces import ProvinceCode, Ward

HERE = Path(__file__).resolve().parent
OUT = HERE / "units.json"
GENERATED_BY = "data/thai-nguyen/build_units.py"
PROVINCE = "19"

MERGE_0103 = "2025-02-28"  # last day before the 1/3/2025 department mergers
END_DISTRICTS = "2025-06-30"  # last day of the district level and of the old provinces
NEW_0103 = "2025-03-01"
NEW_0107 = "2025-07-01"

KINDS = ("province", "department", "commune", "enterprise", "collective", "external")


# --------------------------------------------------------------------------- helpers


def ascii_fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def slug(name: str) -> str:
    """Stable code of a named body: drop "tỉnh Thái Nguyên" / "Thái Nguyên", ASCII, hyphens."""
    name = re.sub(r"\s+(tỉnh\s+)?Thái Nguyên$", "", name.strip())
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(name).lower()).strip("-")


def unit(
    name,
    kind,
    *,
    code=None,
    short_name=None,
    parent=PROVINCE,
    aliases=(),
    valid_from=None,
    valid_to=None,
    successors=(),
    note=None,
    local=None,
):
    """One row of the table. `local` adds the "… tỉnh Thái Nguyên" form of the name as an alias
    (default: for departments whose parent is the province)."""
    aliases = list(aliases)
    if local is None:
        local = kind == "department" and parent == PROVINCE
    if local and "Thái Nguyên" not in name:
        aliases.insert(
            0, f"{name} Thái Nguyên" if name.endswith(" tỉnh") else f"{name} tỉnh Thái Nguyên"
        )
    return {
        "code": code or slug(name),
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "parent": parent,
        "aliases": aliases,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "successors": list(successors),
        "note": note,
    }


def dept(name, **kw):
    return unit(name, "department", **kw)


def collective(name, **kw):
    kw.setdefault("parent", None)
    return unit(name, "collective", **kw)


def enterprise(name, **kw):
    kw.setdefault("parent", None)
    return unit(name, "enterprise", **kw)


def external(name, **kw):
    kw.setdefault("parent", None)
    return unit(name, "external", **kw)


# --------------------------------------------------------------------------- the province


def province_units():
    return [
        unit(
            "UBND tỉnh Thái Nguyên",
            "province",
            code=PROVINCE,
            short_name="UBND tỉnh",
            parent=None,
            aliases=[
                "Ủy ban nhân dân tỉnh Thái Nguyên",
                "Ủy ban nhân dân tỉnh",
                "UBND tỉnh",
                "Tỉnh Thái Nguyên",
                "UBND cấp tỉnh",
                "Ủy ban nhân dân cấp tỉnh",
            ],
            note="Mã tỉnh 19 (QĐ 19/2025/QĐ-TTg). Từ 1/7/2025 gồm cả địa bàn tỉnh Bắc Kạn cũ "
            "(Nghị quyết 202/2025/QH15).",
        ),
        unit(
            "UBND tỉnh Bắc Kạn",
            "province",
            code="06",
            parent=None,
            aliases=["Ủy ban nhân dân tỉnh Bắc Kạn", "Tỉnh Bắc Kạn"],
            valid_to=END_DISTRICTS,
            successors=[PROVINCE],
            note="Tỉnh Bắc Kạn (mã 06) hợp nhất vào tỉnh Thái Nguyên từ 1/7/2025. Các sở, huyện "
            "của Bắc Kạn cũ không được liệt kê riêng.",
        ),
    ]


# --------------------------------------------------------------------------- departments today


def departments_today():
    return [
        dept(
            "Sở Nội vụ",
            aliases=["SNV"],
            note="Từ 1/3/2025 nhận chức năng lao động, việc làm, người có công của Sở Lao động - "
            "Thương binh và Xã hội; chuyển tôn giáo sang Sở Dân tộc và Tôn giáo.",
        ),
        dept("Sở Tư pháp"),
        dept(
            "Sở Tài chính",
            aliases=["STC"],
            note="Từ 1/3/2025 hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính.",
        ),
        dept("Sở Công Thương", aliases=["Sở Công thương", "SCT"]),
        dept(
            "Sở Nông nghiệp và Môi trường",
            short_name="Sở NN&MT",
            aliases=["Sở NN&MT", "Sở NNMT", "Sở Nông nghiệp - Môi trường"],
            valid_from=NEW_0103,
            note="Thành lập 1/3/2025 trên cơ sở hợp nhất Sở Nông nghiệp và Phát triển nông thôn "
            "và Sở Tài nguyên và Môi trường.",
        ),
        dept(
            "Sở Xây dựng",
            aliases=["SXD"],
            note="Từ 1/3/2025 hợp nhất Sở Giao thông vận tải vào Sở Xây dựng.",
        ),
        dept(
            "Sở Khoa học và Công nghệ",
            short_name="Sở KH&CN",
            aliases=["Sở KH&CN", "Sở KHCN", "Sở Khoa học - Công nghệ", "Sở Khoa học, Công nghệ"],
            note="Từ 1/3/2025 hợp nhất Sở Thông tin và Truyền thông vào Sở Khoa học và Công nghệ; "
            "là cơ quan tham mưu về chuyển đổi số.",
        ),
        dept(
            "Sở Văn hóa, Thể thao và Du lịch",
            short_name="Sở VHTTDL",
            aliases=[
                "Sở VHTTDL",
                "Sở VH,TT&DL",
                "Sở Văn hóa - Thể thao và Du lịch",
                "Sở Văn hóa, Thể thao, Du lịch",
            ],
            note="Từ 1/3/2025 nhận báo chí, xuất bản, thông tin cơ sở từ Sở Thông tin và Truyền thông.",
        ),
        dept(
            "Sở Giáo dục và Đào tạo",
            short_name="Sở GD&ĐT",
            aliases=["Sở GD&ĐT", "Sở GDĐT", "Sở Giáo dục - Đào tạo"],
            note="Từ 1/3/2025 nhận giáo dục nghề nghiệp từ Sở Lao động - Thương binh và Xã hội.",
        ),
        dept(
            "Sở Y tế",
            aliases=["SYT"],
            note="Từ 1/3/2025 nhận bảo trợ xã hội, trẻ em, phòng chống tệ nạn xã hội từ Sở Lao động "
            "- Thương binh và Xã hội.",
        ),
        dept("Thanh tra tỉnh"),
        dept(
            "Văn phòng UBND tỉnh",
            short_name="VP UBND tỉnh",
            aliases=["Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "Văn phòng UBND"],
        ),
        dept(
            "Sở Dân tộc và Tôn giáo",
            short_name="Sở DT&TG",
            aliases=["Sở DT&TG", "Sở DTTG"],
            valid_from=NEW_0103,
            note="Thành lập 1/3/2025 trên cơ sở Ban Dân tộc và chức năng tôn giáo của Sở Nội vụ.",
        ),
        dept(
            "Ban Quản lý các khu công nghiệp",
            short_name="BQL các KCN",
            aliases=[
                "Ban Quản lý các khu công nghiệp Thái Nguyên",
                "BQL các KCN",
                "Ban Quản lý các KCN",
                "Ban Quản lý các KCN Thái Nguyên",
            ],
        ),
        dept(
            "Công an tỉnh",
            parent=None,
            local=True,
            aliases=["CA tỉnh"],
            note="Cơ quan ngành dọc (Bộ Công an).",
        ),
        dept(
            "Bộ Chỉ huy Quân sự tỉnh",
            short_name="Bộ CHQS tỉnh",
            parent=None,
            local=True,
            aliases=["Bộ CHQS tỉnh", "BCHQS tỉnh"],
            note="Cơ quan ngành dọc (Bộ Quốc phòng).",
        ),
        dept(
            "Đại học Thái Nguyên",
            code="dai-hoc-thai-nguyen",
            short_name="ĐHTN",
            parent=None,
            aliases=["ĐHTN", "TNU"],
            note="Đại học vùng trực thuộc Bộ Giáo dục và Đào tạo; xếp cùng nhóm sở, ngành vì các "
            "kế hoạch giao nhiệm vụ trực tiếp.",
        ),
        dept(
            "Trung tâm Thông tin tỉnh",
            local=True,
            note="Đơn vị sự nghiệp trực thuộc UBND tỉnh (chưa kiểm chứng trực thuộc và việc sắp xếp "
            "năm 2025).",
        ),
        dept(
            "Báo và Phát thanh, Truyền hình Thái Nguyên",
            code="bao-va-phat-thanh-truyen-hinh",
            aliases=[
                "Báo và Phát thanh, Truyền hình tỉnh",
                "Báo và Phát thanh - Truyền hình Thái Nguyên",
                "Báo và PT-TH Thái Nguyên",
            ],
            valid_from=NEW_0107,
            note="Cơ quan báo chí hợp nhất Báo Thái Nguyên, Đài Phát thanh - Truyền hình Thái Nguyên "
            "(và báo, đài Bắc Kạn). Tên và ngày hiệu lực chưa kiểm chứng.",
        ),
        dept(
            "Hội đồng nhân dân tỉnh",
            short_name="HĐND tỉnh",
            code="hdnd-tinh",
            aliases=["HĐND tỉnh", "Thường trực HĐND tỉnh", "Thường trực Hội đồng nhân dân tỉnh"],
            note="Cơ quan quyền lực nhà nước ở tỉnh (không phải sở); kind department để xếp cùng "
            "cơ quan cấp tỉnh.",
        ),
        # Vertically managed branches (central agencies in the province).
        dept(
            "Thuế tỉnh Thái Nguyên",
            code="thue-tinh",
            parent=None,
            aliases=["Thuế tỉnh"],
            valid_from=NEW_0107,
            note="Cơ quan thuế cấp tỉnh từ 1/7/2025 (Cục Thuế, Bộ Tài chính). Giai đoạn "
            "1/3-30/6/2025 là Chi cục Thuế khu vực; chưa kiểm chứng.",
        ),
        dept(
            "Bảo hiểm xã hội tỉnh",
            short_name="BHXH tỉnh",
            parent=None,
            local=True,
            aliases=["BHXH tỉnh"],
            note="Ngành dọc (Bảo hiểm xã hội Việt Nam). Sắp xếp năm 2025 chưa kiểm chứng. "
            "Không có trong các văn bản mẫu.",
        ),
    ]


# --------------------------------------------------------------------------- predecessors


def departments_before_2025():
    return [
        dept(
            "Sở Thông tin và Truyền thông",
            short_name="Sở TT&TT",
            aliases=[
                "Sở TT&TT",
                "Sở TTTT",
                "STTTT",
                "Sở TT-TT",
                "Sở Thông tin - Truyền thông",
                "Sở Thông tin – Truyền thông",
                "Sở Thông tin, Truyền thông",
            ],
            valid_to=MERGE_0103,
            successors=["so-khoa-hoc-va-cong-nghe"],
            note="Hợp nhất vào Sở Khoa học và Công nghệ từ 1/3/2025; báo chí, xuất bản chuyển sang "
            "Sở Văn hóa, Thể thao và Du lịch.",
        ),
        dept(
            "Sở Kế hoạch và Đầu tư",
            short_name="Sở KH&ĐT",
            aliases=["Sở KH&ĐT", "Sở KHĐT", "Sở Kế hoạch - Đầu tư"],
            valid_to=MERGE_0103,
            successors=["so-tai-chinh"],
            note="Hợp nhất vào Sở Tài chính từ 1/3/2025.",
        ),
        dept(
            "Sở Lao động - Thương binh và Xã hội",
            short_name="Sở LĐ-TB&XH",
            aliases=[
                "Sở Lao động – Thương binh và Xã hội",
                "Sở Lao động, Thương binh và Xã hội",
                "Sở LĐ-TB&XH",
                "Sở LĐTBXH",
                "Sở LĐ-TBXH",
            ],
            valid_to=MERGE_0103,
            successors=["so-noi-vu", "so-y-te", "so-giao-duc-va-dao-tao"],
            note="Giải thể 1/3/2025: lao động, việc làm, người có công sang Sở Nội vụ; bảo trợ xã "
            "hội, trẻ em sang Sở Y tế; giáo dục nghề nghiệp sang Sở Giáo dục và Đào tạo.",
        ),
        dept(
            "Sở Tài nguyên và Môi trường",
            short_name="Sở TN&MT",
            aliases=["Sở TN&MT", "Sở TNMT", "Sở Tài nguyên - Môi trường"],
            valid_to=MERGE_0103,
            successors=["so-nong-nghiep-va-moi-truong"],
            note="Hợp nhất thành Sở Nông nghiệp và Môi trường từ 1/3/2025.",
        ),
        dept(
            "Sở Nông nghiệp và Phát triển nông thôn",
            short_name="Sở NN&PTNT",
            aliases=["Sở NN&PTNT", "Sở NNPTNT", "Sở Nông nghiệp - Phát triển nông thôn"],
            valid_to=MERGE_0103,
            successors=["so-nong-nghiep-va-moi-truong"],
            note="Hợp nhất thành Sở Nông nghiệp và Môi trường từ 1/3/2025.",
        ),
        dept(
            "Sở Giao thông vận tải",
            short_name="Sở GTVT",
            aliases=["Sở GTVT", "Sở Giao thông - Vận tải", "Sở Giao thông, Vận tải"],
            valid_to=MERGE_0103,
            successors=["so-xay-dung"],
            note="Hợp nhất vào Sở Xây dựng từ 1/3/2025.",
        ),
        dept(
            "Ban Dân tộc",
            aliases=["Ban Dân tộc tỉnh"],
            valid_to=MERGE_0103,
            successors=["so-dan-toc-va-ton-giao"],
            note="Chuyển thành Sở Dân tộc và Tôn giáo từ 1/3/2025.",
        ),
        dept(
            "Sở Ngoại vụ",
            valid_to=MERGE_0103,
            successors=["van-phong-ubnd-tinh"],
            note="Kết thúc hoạt động năm 2025; chức năng ngoại vụ chuyển về Văn phòng UBND tỉnh "
            "(chưa kiểm chứng: một số tỉnh chuyển về Sở Nội vụ).",
        ),
        dept(
            "Báo Thái Nguyên",
            code="bao-thai-nguyen",
            valid_to=END_DISTRICTS,
            successors=["bao-va-phat-thanh-truyen-hinh"],
            note="Hợp nhất thành Báo và Phát thanh, Truyền hình Thái Nguyên (ngày chưa kiểm chứng).",
        ),
        dept(
            "Đài Phát thanh - Truyền hình tỉnh",
            code="dai-phat-thanh-truyen-hinh",
            short_name="Đài PT-TH tỉnh",
            aliases=[
                "Đài Phát thanh – Truyền hình tỉnh",
                "Đài Phát thanh - Truyền hình Thái Nguyên",
                "Đài Phát thanh và Truyền hình tỉnh",
                "Đài PT-TH tỉnh",
                "Đài PT-TH Thái Nguyên",
                "Đài PTTH tỉnh",
            ],
            valid_to=END_DISTRICTS,
            successors=["bao-va-phat-thanh-truyen-hinh"],
            note="Hợp nhất thành Báo và Phát thanh, Truyền hình Thái Nguyên (ngày chưa kiểm chứng).",
        ),
        dept(
            "Cục Thuế tỉnh Thái Nguyên",
            code="cuc-thue-tinh",
            parent=None,
            aliases=["Cục Thuế tỉnh"],
            valid_to=MERGE_0103,
            successors=["thue-tinh"],
            note="Từ 1/3/2025 thành Chi cục Thuế khu vực (không liệt kê), từ 1/7/2025 là Thuế tỉnh "
            "Thái Nguyên. Không có trong các văn bản mẫu.",
        ),
        dept(
            "Ngân hàng Nhà nước chi nhánh tỉnh Thái Nguyên",
            code="ngan-hang-nha-nuoc-chi-nhanh-tinh",
            parent=None,
            aliases=["Ngân hàng Nhà nước chi nhánh tỉnh", "NHNN chi nhánh tỉnh"],
            valid_to=MERGE_0103,
            note="Từ 1/3/2025 thay bằng Ngân hàng Nhà nước chi nhánh khu vực (số khu vực chưa kiểm "
            "chứng nên để trống successors). Không có trong các văn bản mẫu.",
        ),
    ]


# --------------------------------------------------------------------------- party, front, mass organisations


def party_and_mass_organisations():
    tu = "tinh-uy"
    mttq = "uy-ban-mat-tran-to-quoc-viet-nam-tinh"
    approx = "Ngày hiệu lực đầu năm 2025 là gần đúng (chưa kiểm chứng)."
    return [
        dept(
            "Tỉnh ủy Thái Nguyên",
            code=tu,
            parent=None,
            short_name="Tỉnh ủy",
            aliases=[
                "Tỉnh ủy",
                "Ban Chấp hành Đảng bộ tỉnh",
                "Ban Chấp hành Đảng bộ tỉnh Thái Nguyên",
                "BCH Đảng bộ tỉnh",
            ],
            note="Cơ quan Đảng; kind department để xếp cùng cơ quan cấp tỉnh.",
        ),
        dept(
            "Ban Thường vụ Tỉnh ủy",
            parent=tu,
            local=False,
            aliases=["Ban Thường vụ Tỉnh ủy Thái Nguyên", "BTV Tỉnh ủy"],
        ),
        dept(
            "Văn phòng Tỉnh ủy",
            parent=tu,
            local=False,
            aliases=["Văn phòng Tỉnh ủy Thái Nguyên"],
            note="Cơ quan thường trực Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo "
            "và chuyển đổi số của tỉnh (Đề án 2026-2030).",
        ),
        dept(
            "Ban Tuyên giáo Tỉnh ủy",
            parent=tu,
            local=False,
            valid_to=MERGE_0103,
            successors=["ban-tuyen-giao-va-dan-van-tinh-uy"],
            note="Hợp nhất với Ban Dân vận Tỉnh ủy thành Ban Tuyên giáo và Dân vận Tỉnh ủy. "
            + approx,
        ),
        dept(
            "Ban Dân vận Tỉnh ủy",
            parent=tu,
            local=False,
            valid_to=MERGE_0103,
            successors=["ban-tuyen-giao-va-dan-van-tinh-uy"],
            note="Hợp nhất với Ban Tuyên giáo Tỉnh ủy thành Ban Tuyên giáo và Dân vận Tỉnh ủy. "
            + approx,
        ),
        dept(
            "Ban Tuyên giáo và Dân vận Tỉnh ủy",
            parent=tu,
            local=False,
            valid_from=NEW_0103,
            note=approx,
        ),
        dept(
            "Ban Chỉ đạo chuyển đổi số tỉnh",
            short_name="BCĐ chuyển đổi số tỉnh",
            local=False,
            aliases=["BCĐ chuyển đổi số tỉnh", "Ban Chỉ đạo chuyển đổi số tỉnh Thái Nguyên"],
            valid_to=MERGE_0103,
            successors=["ban-chi-dao-khcn-dmst-cds"],
            note="Ban Chỉ đạo của UBND tỉnh (Trưởng ban là Chủ tịch UBND tỉnh, thường trực Sở Thông "
            "tin và Truyền thông); thay bằng Ban Chỉ đạo của Tỉnh ủy theo Nghị quyết 57-NQ/TW. "
            + approx,
        ),
        dept(
            "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh",
            code="ban-chi-dao-khcn-dmst-cds",
            parent=tu,
            local=False,
            aliases=[
                "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
                "Ban Chỉ đạo về phát triển, khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
                "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh",
                "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            ],
            valid_from=NEW_0103,
            note="Ban Chỉ đạo của Tỉnh ủy; thường trực: Văn phòng Tỉnh ủy. " + approx,
        ),
        dept(
            "Đảng đoàn Hội đồng nhân dân tỉnh",
            code="dang-doan-hdnd-tinh",
            parent=tu,
            local=False,
            aliases=["Đảng đoàn HĐND tỉnh"],
            valid_to=MERGE_0103,
            successors=["dang-uy-hdnd-tinh"],
            note="Kết thúc hoạt động, thay bằng Đảng ủy HĐND tỉnh. " + approx,
        ),
        dept(
            "Đảng ủy Hội đồng nhân dân tỉnh",
            code="dang-uy-hdnd-tinh",
            parent=tu,
            local=False,
            aliases=["Đảng ủy HĐND tỉnh"],
            valid_from=NEW_0103,
            note=approx,
        ),
        dept(
            "Ban cán sự đảng Ủy ban nhân dân tỉnh",
            code="ban-can-su-dang-ubnd-tinh",
            parent=tu,
            local=False,
            aliases=["Ban cán sự đảng UBND tỉnh"],
            valid_to=MERGE_0103,
            successors=["dang-uy-ubnd-tinh"],
            note="Kết thúc hoạt động, thay bằng Đảng ủy UBND tỉnh. " + approx,
        ),
        dept(
            "Đảng ủy Ủy ban nhân dân tỉnh",
            code="dang-uy-ubnd-tinh",
            parent=tu,
            local=False,
            aliases=["Đảng ủy UBND tỉnh"],
            valid_from=NEW_0103,
            note=approx,
        ),
        dept(
            "Đảng ủy Mặt trận Tổ quốc Việt Nam tỉnh",
            code="dang-uy-mttq-tinh",
            parent=tu,
            local=False,
            aliases=["Đảng ủy MTTQ Việt Nam tỉnh", "Đảng ủy MTTQ tỉnh"],
            valid_from=NEW_0103,
            note=approx,
        ),
        dept(
            "Đảng ủy các cơ quan Đảng tỉnh",
            parent=tu,
            local=False,
            valid_from=NEW_0103,
            note=approx,
        ),
        dept(
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
            parent=None,
            local=False,
            short_name="Ủy ban MTTQ tỉnh",
            aliases=[
                "Ủy ban MTTQ Việt Nam tỉnh",
                "Ủy ban MTTQ tỉnh",
                "Ủy ban Mặt trận Tổ quốc tỉnh",
                "Mặt trận Tổ quốc Việt Nam tỉnh",
                "MTTQ Việt Nam tỉnh",
                "Ủy ban MTTQ Việt Nam tỉnh Thái Nguyên",
            ],
        ),
        dept(
            "Liên đoàn Lao động tỉnh",
            parent=mttq,
            local=True,
            aliases=["LĐLĐ tỉnh"],
            note="Từ năm 2025 trực thuộc Ủy ban MTTQ Việt Nam tỉnh. Không có trong các văn bản mẫu.",
        ),
        dept(
            "Tỉnh đoàn",
            parent=mttq,
            local=False,
            aliases=[
                "Tỉnh đoàn Thái Nguyên",
                "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh",
                "Đoàn TNCS Hồ Chí Minh tỉnh",
            ],
            note="Từ năm 2025 trực thuộc Ủy ban MTTQ Việt Nam tỉnh. Không có trong các văn bản mẫu.",
        ),
        dept(
            "Hội Liên hiệp Phụ nữ tỉnh",
            parent=mttq,
            local=True,
            aliases=["Hội LHPN tỉnh"],
            note="Từ năm 2025 trực thuộc Ủy ban MTTQ Việt Nam tỉnh. Không có trong các văn bản mẫu.",
        ),
        dept(
            "Hội Nông dân tỉnh",
            parent=mttq,
            local=True,
            note="Từ năm 2025 trực thuộc Ủy ban MTTQ Việt Nam tỉnh. Không có trong các văn bản mẫu.",
        ),
        dept(
            "Hội Cựu chiến binh tỉnh",
            parent=mttq,
            local=True,
            aliases=["Hội CCB tỉnh"],
            note="Từ năm 2025 trực thuộc Ủy ban MTTQ Việt Nam tỉnh. Không có trong các văn bản mẫu.",
        ),
        dept(
            "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
            parent=None,
            local=True,
            aliases=["Liên hiệp các hội KH&KT tỉnh"],
        ),
    ]


# --------------------------------------------------------------------------- communes (package)


def commune_units():
    wards = sorted(Ward.iter_by_province(ProvinceCode(int(PROVINCE))), key=lambda w: int(w.code))
    rows = []
    for w in wards:
        name = unicodedata.normalize("NFC", w.name)
        typ, _, base = name.partition(" ")
        typ = typ.lower()  # "xã" | "phường" (| "đặc khu", none in Thái Nguyên)
        from_bac_kan = int(w.code) < 5000
        rows.append(
            unit(
                name,
                "commune",
                code=f"{int(w.code):05d}",
                aliases=[f"UBND {typ} {base}", f"Ủy ban nhân dân {typ} {base}"],
                valid_from=NEW_0107,
                note=(
                    "Trên địa bàn tỉnh Bắc Kạn cũ"
                    if from_bac_kan
                    else "Trên địa bàn tỉnh Thái Nguyên cũ"
                )
                + " (suy từ dải mã: Bắc Kạn 01xxx-02xxx, Thái Nguyên 05xxx).",
            )
        )
    return rows


def old_thai_nguyen_communes(communes):
    return [c["code"] for c in communes if int(c["code"]) >= 5000]


# --------------------------------------------------------------------------- district level (abolished 1/7/2025)

OLD_DISTRICTS = [
    ("Thành phố Thái Nguyên", "thanh-pho-thai-nguyen", ["TP Thái Nguyên", "TP. Thái Nguyên"]),
    ("Thành phố Sông Công", "thanh-pho-song-cong", ["TP Sông Công", "TP. Sông Công"]),
    ("Thành phố Phổ Yên", "thanh-pho-pho-yen", ["TP Phổ Yên", "TP. Phổ Yên", "Thị xã Phổ Yên"]),
    ("Huyện Đại Từ", "huyen-dai-tu", []),
    ("Huyện Phú Lương", "huyen-phu-luong", []),
    ("Huyện Đồng Hỷ", "huyen-dong-hy", []),
    ("Huyện Võ Nhai", "huyen-vo-nhai", []),
    ("Huyện Định Hóa", "huyen-dinh-hoa", []),
    ("Huyện Phú Bình", "huyen-phu-binh", []),
]


def district_units(old_tn_communes):
    rows = [
        collective(
            "UBND cấp huyện",
            parent=PROVINCE,
            short_name="UBND các huyện, thành phố",
            aliases=[
                "UBND các huyện, thành phố",
                "Ủy ban nhân dân các huyện, thành phố",
                "UBND các huyện, thành phố, thị xã",
                "Ủy ban nhân dân cấp huyện",
                "UBND cấp huyện liên quan",
                "UBND huyện",
                "UBND các huyện",
            ],
            valid_to=END_DISTRICTS,
            successors=old_tn_communes,
            note="Cấp huyện chấm dứt hoạt động từ 1/7/2025. Successors: các xã, phường hiện nay trên địa "
            "bàn tỉnh Thái Nguyên cũ (mã 05xxx), vì các văn bản trước 1/7/2025 là của Thái Nguyên cũ; "
            "các xã của Bắc Kạn cũ không thay cho UBND cấp huyện của Thái Nguyên.",
        )
    ]
    for name, code, extra in OLD_DISTRICTS:
        typ, _, base = name.partition(" ")
        if typ == "Thành":
            base = name.removeprefix("Thành phố ")
            ubnd = [
                f"UBND thành phố {base}",
                f"Ủy ban nhân dân thành phố {base}",
                f"UBND TP {base}",
            ]
        else:
            ubnd = [f"UBND huyện {base}", f"Ủy ban nhân dân huyện {base}"]
        rows.append(
            collective(
                name,
                code=code,
                parent=PROVINCE,
                aliases=ubnd + extra,
                valid_to=END_DISTRICTS,
                note="Đơn vị hành chính cấp huyện cũ, chấm dứt hoạt động 1/7/2025. Gói vietnam-provinces "
                "không có bảng chuyển đổi xã cũ → xã mới nên chưa ghi successors.",
            )
        )
    return rows


# --------------------------------------------------------------------------- collective names the plans use


def collectives(old_tn_communes):
    return [
        collective(
            "Các sở, ban, ngành",
            code="cac-so-ban-nganh",
            aliases=[
                "Các sở, ban, ngành tỉnh",
                "Các sở, ban, ngành cấp tỉnh",
                "Các sở, ngành",
                "Các sở ngành",
                "Các sở, ngành liên quan",
                "Các sở, ban, ngành liên quan",
                "Các sở, ban, ngành, đơn vị thuộc tỉnh",
                "Các sở, ban, ngành, đoàn thể của tỉnh",
                "Các sở, ban, ngành, đoàn thể tỉnh",
                "Sở, ban, ngành",
            ],
        ),
        collective(
            "UBND các xã, phường",
            code="ubnd-cac-xa-phuong",
            parent=PROVINCE,
            aliases=[
                "Ủy ban nhân dân các xã, phường",
                "UBND cấp xã",
                "Ủy ban nhân dân cấp xã",
                "UBND xã, phường",
                "UBND các xã, phường liên quan",
            ],
            valid_from=NEW_0107,
            successors=[],
            note="Cả 92 xã, phường hiện nay (thành viên: mọi đơn vị kind commune).",
        ),
        collective(
            "UBND cấp xã, phường, thị trấn",
            code="ubnd-cap-xa-truoc-2025",
            parent=PROVINCE,
            aliases=[
                "UBND cấp xã",
                "Ủy ban nhân dân cấp xã",
                "UBND các xã, phường, thị trấn",
                "Ủy ban nhân dân các xã, phường, thị trấn",
            ],
            valid_to=END_DISTRICTS,
            successors=old_tn_communes,
            note="Cấp xã trước sắp xếp 1/7/2025 (xã, phường, thị trấn cũ của Thái Nguyên không "
            "có trong gói vietnam-provinces). Successors: xã, phường mới trên địa bàn Thái "
            "Nguyên cũ.",
        ),
        collective(
            "UBND các cấp",
            code="ubnd-cac-cap",
            parent=PROVINCE,
            aliases=[
                "UBND các cấp trên địa bàn tỉnh",
                "Ủy ban nhân dân các cấp",
                "Chính quyền các cấp",
            ],
        ),
        collective(
            "Các cơ quan, đơn vị, địa phương",
            code="cac-co-quan-don-vi-dia-phuong",
            aliases=[
                "Các cơ quan, đơn vị, địa phương liên quan",
                "Các cơ quan, tổ chức, địa phương",
                "Các cơ quan, tổ chức, địa phương liên quan",
                "Các cơ quan, đơn vị liên quan",
                "Các cơ quan, đơn vị",
                "Các đơn vị liên quan",
                "Các đơn vị có liên quan",
                "Các cơ quan, đơn vị, tổ chức liên quan",
                "Các sở, ngành, địa phương",
            ],
        ),
        collective(
            "Các cơ quan, đơn vị, địa phương, doanh nghiệp liên quan",
            code="cac-co-quan-don-vi-dia-phuong-doanh-nghiep",
            aliases=[
                "Các cơ quan, tổ chức, địa phương, doanh nghiệp",
                "Các cơ quan, đơn vị, doanh nghiệp liên quan",
                "Các cơ quan, đơn vị, địa phương, doanh nghiệp",
            ],
        ),
        collective(
            "Các doanh nghiệp viễn thông",
            code="cac-doanh-nghiep-vien-thong",
            aliases=[
                "Doanh nghiệp viễn thông",
                "Các doanh nghiệp viễn thông, Internet",
                "Các doanh nghiệp viễn thông, Internet trên địa bàn tỉnh",
                "Các doanh nghiệp viễn thông trên địa bàn tỉnh",
            ],
            note="Thành viên: VNPT, Viettel, MobiFone, FPT Telecom Thái Nguyên (kind enterprise).",
        ),
        collective(
            "Các doanh nghiệp bưu chính, viễn thông, công nghệ số",
            code="cac-doanh-nghiep-buu-chinh-vien-thong-cong-nghe-so",
            aliases=[
                "Các doanh nghiệp cung cấp dịch vụ bưu chính, viễn thông, công nghệ thông tin",
                "Các doanh nghiệp viễn thông, Internet, doanh nghiệp cung cấp dịch vụ lưu trữ dữ "
                "liệu, điện toán đám mây, doanh nghiệp cung cấp hạ tầng công nghệ số, doanh "
                "nghiệp chủ quản nền tảng số",
                "Các doanh nghiệp công nghệ số",
            ],
        ),
        collective(
            "Các doanh nghiệp",
            code="cac-doanh-nghiep",
            aliases=[
                "Doanh nghiệp",
                "Doanh nghiệp liên quan",
                "Các doanh nghiệp liên quan",
                "Các doanh nghiệp trên địa bàn tỉnh",
            ],
        ),
        collective(
            "Các doanh nghiệp sản xuất trên địa bàn tỉnh",
            code="cac-doanh-nghiep-san-xuat",
            aliases=[
                "Các doanh nghiệp sản xuất trên địa bàn tỉnh (bao gồm cả doanh nghiệp FDI)",
                "Các doanh nghiệp sản xuất",
                "Các doanh nghiệp FDI",
                "Doanh nghiệp FDI",
            ],
        ),
        collective(
            "Các doanh nghiệp, tổ chức, hợp tác xã sản xuất và chế biến nông nghiệp",
            code="cac-doanh-nghiep-htx-nong-nghiep",
            aliases=[
                "Các doanh nghiệp/tổ chức/hợp tác xã sản xuất và chế biến nông nghiệp",
                "Các doanh nghiệp/ tổ chức/hợp tác xã sản xuất và chế biến nông nghiệp",
            ],
        ),
        collective(
            "Các bệnh viện trên địa bàn tỉnh",
            code="cac-benh-vien",
            aliases=[
                "Các bệnh viện có liên quan trên địa bàn tỉnh",
                "Các bệnh viện có liên quan",
                "Các bệnh viện",
                "Bệnh viện",
            ],
        ),
        collective("Các trường học", code="cac-truong-hoc", aliases=["Trường học"]),
        collective(
            "Các trường cao đẳng, trung cấp chuyên nghiệp trên địa bàn tỉnh",
            code="cac-truong-cao-dang-trung-cap",
            aliases=[
                "Các trường cao đẳng, trung cấp chuyên nghiệp",
                "Các trường cao đẳng, trung cấp chuyên",
                "Các trường cao đẳng, trung cấp",
                "Các trường cao đẳng",
            ],
        ),
        collective(
            "Các tổ chức đoàn thể, hiệp hội thuộc tỉnh",
            code="cac-to-chuc-doan-the-hiep-hoi",
            aliases=["Các tổ chức đoàn thể, hiệp hội", "Các tổ chức chính trị - xã hội"],
        ),
        collective(
            "Các cơ quan thông tin, báo chí, truyền thông",
            code="cac-co-quan-bao-chi",
            aliases=["Các cơ quan báo chí", "Các cơ quan thông tin, báo chí"],
        ),
        collective(
            "Thành viên Ban Chỉ đạo",
            code="thanh-vien-ban-chi-dao",
            aliases=["Thành viên BCĐ", "Các thành viên Ban Chỉ đạo"],
        ),
        collective("Các đảng bộ trực thuộc Tỉnh ủy", code="cac-dang-bo-truc-thuoc-tinh-uy"),
        collective(
            "Các cơ quan tham mưu, giúp việc Tỉnh ủy",
            code="cac-co-quan-tham-muu-giup-viec-tinh-uy",
            aliases=[
                "Các cơ quan, tham mưu giúp việc Tỉnh ủy",
                "Các cơ quan chuyên trách tham mưu, giúp việc Tỉnh ủy",
                "Các ban đảng",
            ],
        ),
        collective(
            "Đảng ủy các xã, phường",
            code="dang-uy-cac-xa-phuong",
            aliases=["Đảng ủy xã, phường"],
            valid_from=NEW_0107,
        ),
        collective(
            "Các bộ, ngành Trung ương",
            code="cac-bo-nganh-trung-uong",
            aliases=[
                "Các Bộ, ngành liên quan",
                "Các bộ, ngành",
                "Các Bộ, ngành Trung ương liên quan",
            ],
        ),
    ]


# --------------------------------------------------------------------------- enterprises


def enterprises():
    telecom = (
        "Doanh nghiệp viễn thông trên địa bàn; không được nêu tên riêng trong các văn bản mẫu "
        "(thuộc nhóm Các doanh nghiệp viễn thông)."
    )
    return [
        enterprise(
            "VNPT Thái Nguyên",
            code="vnpt-thai-nguyen",
            aliases=["Viễn thông Thái Nguyên", "VNPT tỉnh Thái Nguyên"],
            note=telecom,
        ),
        enterprise(
            "Viettel Thái Nguyên",
            code="viettel-thai-nguyen",
            aliases=["Chi nhánh Viettel Thái Nguyên", "Viettel tỉnh Thái Nguyên"],
            note=telecom,
        ),
        enterprise(
            "MobiFone Thái Nguyên",
            code="mobifone-thai-nguyen",
            aliases=["MobiFone tỉnh Thái Nguyên"],
            note=telecom,
        ),
        enterprise(
            "FPT Telecom Thái Nguyên",
            code="fpt-telecom-thai-nguyen",
            aliases=["FPT Thái Nguyên", "Chi nhánh FPT Telecom Thái Nguyên"],
            note=telecom,
        ),
        enterprise(
            "Bưu điện tỉnh Thái Nguyên",
            code="buu-dien-tinh",
            aliases=["Bưu điện tỉnh", "VNPost Thái Nguyên"],
            note="Doanh nghiệp bưu chính công ích; không được nêu tên riêng trong các văn bản mẫu.",
        ),
        enterprise(
            "Công ty TNHH KCTC Việt Nam",
            code="kctc-viet-nam",
            note="Đối tác ký biên bản ghi nhớ đầu tư Trung tâm Dữ liệu tỉnh (19/6/2025), Đề án "
            "2026-2030.",
        ),
        enterprise(
            "Công ty TNHH ThePRECON",
            code="theprecon",
            note="Đối tác (Hàn Quốc) ký biên bản ghi nhớ đầu tư Trung tâm Dữ liệu tỉnh (19/6/2025).",
        ),
    ]


# --------------------------------------------------------------------------- outside bodies


def externals():
    return [
        external(
            "Bộ Thông tin và Truyền thông",
            aliases=["Bộ TT&TT", "BTTTT"],
            valid_to=MERGE_0103,
            successors=["bo-khoa-hoc-va-cong-nghe"],
            note="Hợp nhất vào Bộ Khoa học và Công nghệ từ 1/3/2025.",
        ),
        external("Bộ Khoa học và Công nghệ", aliases=["Bộ KH&CN"]),
        external(
            "Ủy ban Quốc gia về chuyển đổi số",
            note="Sắp xếp năm 2025 (Ban Chỉ đạo Trung ương theo Nghị quyết 57-NQ/TW) chưa ghi.",
        ),
        external(
            "Trường Đại học Kinh tế - Công nghệ Thái Nguyên",
            code="truong-dai-hoc-kinh-te-cong-nghe",
            aliases=["Trường Đại học Kinh tế – Công nghệ Thái Nguyên"],
        ),
        external(
            "Trường Đại học Công nghệ Giao thông vận tải (cơ sở Thái Nguyên)",
            code="dai-hoc-cong-nghe-giao-thong-van-tai",
            aliases=[
                "Đại học Công nghệ Giao thông vận tải",
                "Đại học Công nghệ Giao thông vận tải (Cơ sở Thái Nguyên)",
                "Đại học Giao thông vận tải",
            ],
            note='Đề án 2026-2030 viết cả "Đại học Công nghệ Giao thông vận tải (Cơ sở Thái Nguyên)" '
            'và "Đại học Giao thông vận tải"; coi là một đơn vị (chưa kiểm chứng).',
        ),
        external(
            "Trung tâm Nghiên cứu và Phát triển chăn nuôi miền núi",
            note="Thuộc Viện Chăn nuôi (Bộ Nông nghiệp và Môi trường).",
        ),
        external("Viện Y Dược học cổ truyền Thái Nguyên", code="vien-y-duoc-hoc-co-truyen"),
        external("Viện Kinh tế và Du lịch vùng Đông Bắc"),
    ]


# --------------------------------------------------------------------------- build + checks


def fold(text: str) -> str:
    """Search key: NFC, lowercase, no accents (so tone placement folds too), đ → d, one space."""
    return re.sub(r"\s+", " ", ascii_fold(unicodedata.normalize("NFC", text)).lower()).strip()


def build() -> dict:
    communes = commune_units()
    old_tn = old_thai_nguyen_communes(communes)
    units = (
        province_units()
        + departments_today()
        + departments_before_2025()
        + party_and_mass_organisations()
        + communes
        + district_units(old_tn)
        + collectives(old_tn)
        + enterprises()
        + externals()
    )
    validate(units)
    return {
        "source": (
            f"vietnam-provinces {vietnam_provinces.__version__} (data {vietnam_provinces.__data_version__}; "
            "mã xã, phường theo QĐ 19/2025/QĐ-TTg) for province 19 and its communes; "
            "hand-written table for departments (Nghị định 150/2025/NĐ-CP, mergers of 1/3/2025, "
            "merger of Bắc Kạn into Thái Nguyên 1/7/2025), collectives, enterprises and outside "
            "bodies named in the five plans in seeds/ (NQ 01-NQ/TU 2020, KH 111/KH-UBND 2023, "
            "QĐ 2840/QĐ-UBND 2024, KH 38/KH-UBND 2025, Đề án KHCN-ĐMST-CĐS 2026-2030). "
            "See data/thai-nguyen/README.md."
        ),
        "generated_by": GENERATED_BY,
        "units": units,
    }


def _overlap(a, b) -> bool:
    lo = max(a["valid_from"] or "0000-00-00", b["valid_from"] or "0000-00-00")
    hi = min(a["valid_to"] or "9999-12-31", b["valid_to"] or "9999-12-31")
    return lo <= hi


# Different places whose names differ only by accents: the folded search key cannot tell them
# apart, the accented name can (DESIGN.md: "Văn Lang ≠ Văn Lăng"). Any other folded clash fails.
FOLD_HOMOGRAPHS = {frozenset({"02143", "05665"})}  # Xã Văn Lang (Bắc Kạn cũ), Xã Văn Lăng


def ident(text: str) -> str:
    """Identity key: NFC, lowercase, one space; accents kept."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower()).strip()


def names_of(u) -> set[str]:
    return {n for n in [u["name"], u["short_name"], *u["aliases"]] if n}


def validate(units) -> None:
    def fail(msg):
        raise ValueError(msg)

    codes = [u["code"] for u in units]
    dup = {c for c in codes if codes.count(c) > 1}
    if dup:
        fail(f"duplicate codes: {sorted(dup)}")
    known = set(codes)
    for u in units:
        if u["kind"] not in KINDS:
            fail(f"{u['code']}: bad kind {u['kind']}")
        if not re.fullmatch(r"[a-z0-9-]{1,64}", u["code"]):
            fail(f"bad code {u['code']!r}")
        if u["parent"] is not None and u["parent"] not in known:
            fail(f"{u['code']}: unknown parent {u['parent']}")
        missing = [s for s in u["successors"] if s not in known]
        if missing:
            fail(f"{u['code']}: unknown successors {missing}")
        if u["successors"] and not u["valid_to"]:
            fail(f"{u['code']} has successors but no valid_to")
    for keyfn, allowed in ((ident, set()), (fold, FOLD_HOMOGRAPHS)):
        seen: dict[str, list[dict]] = {}
        for u in units:
            for key in {keyfn(n) for n in names_of(u)}:
                for other in seen.get(key, []):
                    if _overlap(u, other) and frozenset({u["code"], other["code"]}) not in allowed:
                        fail(f"{key!r} names both {other['code']} and {u['code']}")
                seen.setdefault(key, []).append(u)


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if units.json is not up to date")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale; run {GENERATED_BY}", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    data = json.loads(text)
    counts: dict[str, int] = {}
    for u in data["units"]:
        counts[u["kind"]] = counts.get(u["kind"], 0) + 1
    print(f"wrote {args.out}: {len(data['units'])} units {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
