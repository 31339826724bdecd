"""The bundled unit registry of Thái Nguyên (data/thai-nguyen/units.json), checked as data.

Pure: no database, no Django. Run with
    .venv/bin/pytest tests/registry/test_units_data.py -p no:django

The names in SEED_NAMES are the agency names the five plans use (lead, coordinating, addressed
units), split at "," / ";" / "cùng với" / " - " the way a task cell lists them. When the plan texts
are at hand (DXTRACK_SEEDS_DIR, or data/thai-nguyen/seeds|plans), the test also checks that
each name really occurs in them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from vietnam_provinces import ProvinceCode, Ward

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data" / "thai-nguyen"
UNITS_JSON = DATA_DIR / "units.json"

KINDS = {"province", "department", "commune", "enterprise", "collective", "external"}
UNIT_KEYS = {
    "code",
    "name",
    "short_name",
    "kind",
    "parent",
    "aliases",
    "valid_from",
    "valid_to",
    "successors",
    "note",
}
TODAY = "2026-01-01"

SEED_NAMES = [
    # QĐ 2840/QĐ-UBND (2024): task table and "Tổ chức thực hiện"
    "Các doanh nghiệp viễn thông",
    "Sở Thông tin và Truyền thông",
    "UBND cấp huyện",
    "trường học",
    "bệnh viện",
    "Sở Giao thông vận tải",
    "Sở Kế hoạch và Đầu tư",
    "Sở Ngoại vụ",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Sở Công thương",
    "Ban quản lý các khu công nghiệp",
    "UBND cấp huyện liên quan",
    "Sở Tài chính",
    "Ban quản lý các khu công nghiệp Thái Nguyên",
    "Các doanh nghiệp/ tổ chức/hợp tác xã sản xuất và chế biến nông nghiệp",
    "Các doanh nghiệp/tổ chức/hợp tác xã sản xuất và chế biến nông nghiệp",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Bộ Chỉ huy quân sự tỉnh",
    "Sở Y tế",
    "các bệnh viện có liên quan trên địa bàn tỉnh",
    "Các doanh nghiệp sản xuất trên địa bàn tỉnh (bao gồm cả doanh nghiệp FDI)",
    "Các cơ quan, đơn vị, địa phương, doanh nghiệp liên quan",
    "Công an tỉnh",
    "Các cơ quan, đơn vị, doanh nghiệp liên quan",
    "các cơ quan, tổ chức, địa phương",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Giáo dục và Đào tạo",
    "Các cơ quan, tổ chức, địa phương, doanh nghiệp",
    "Các cơ quan, đơn vị, địa phương liên quan",
    "Sở Tài Nguyên và Môi trường",
    "Sở Nội vụ",
    "Văn phòng UBND tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Báo Thái Nguyên",
    "Đài Phát thanh - Truyền hình tỉnh",
    "Đài Phát thanh – Truyền hình tỉnh",
    "Đài PT-TH tỉnh",
    "Trung tâm Thông tin tỉnh",
    "Ủy ban nhân dân tỉnh",
    "UBND tỉnh",
    "Các sở, ban, ngành",
    "UBND các huyện, thành phố",
    "Các doanh nghiệp cung cấp dịch vụ bưu chính, viễn thông, công nghệ thông tin",
    "Các doanh nghiệp FDI",
    "các doanh nghiệp sản xuất",
    "các bệnh viện trên địa bàn tỉnh",
    "Các tổ chức đoàn thể, hiệp hội thuộc tỉnh",
    "Các sở, ban, ngành, đoàn thể của tỉnh",
    "Ban chỉ đạo chuyển đổi số tỉnh",
    # KH 38/KH-UBND (2025)
    "Sở Khoa học và Công nghệ",
    "Các sở, ngành",
    "Các Sở ngành",
    "Thành viên BCD",
    "Đại học Thái Nguyên",
    "Các trường cao đẳng, trung cấp chuyên nghiệp trên địa bàn tỉnh",
    "Các trường cao đẳng, trung cấp chuyên",
    "các Bộ, ngành liên quan",
    "Công an tỉnh Thái Nguyên",
    "Bộ Thông tin và Truyền thông",
    "Bộ Khoa học và Công nghệ",
    # KH 111/KH-UBND (2023)
    "Các sở, ban, ngành, đơn vị thuộc tỉnh",
    "UBND các cấp trên địa bàn tỉnh",
    "UBND cấp xã",
    "Các doanh nghiệp viễn thông, Internet trên địa bàn tỉnh",
    "doanh nghiệp viễn thông",
    "Ban Quản lý các khu công nghiệp Thái Nguyên",
    # NQ 01-NQ/TU (2020)
    "Đảng đoàn Hội đồng nhân dân tỉnh",
    "Ban cán sự đảng Ủy ban nhân dân tỉnh",
    "Ban Tuyên giáo Tỉnh ủy",
    "Ban Dân vận Tỉnh ủy",
    "Ủy ban Mặt trận Tổ quốc tỉnh",
    "Ban Chấp hành Đảng bộ tỉnh",
    "các đảng bộ trực thuộc Tỉnh ủy",
    "các cơ quan tham mưu, giúp việc Tỉnh ủy",
    "Hội đồng nhân dân tỉnh",
    "Tỉnh ủy",
    "Ủy ban Quốc gia về chuyển đổi số",
    # Đề án KHCN-ĐMST-CĐS 2026-2030
    "Ban Thường vụ Tỉnh ủy",
    "Đảng ủy Hội đồng nhân dân tỉnh",
    "Đảng uỷ Mặt trận Tổ quốc Việt Nam tỉnh",
    "Mặt trận Tổ quốc Việt Nam tỉnh",
    "Đảng uỷ Ủy ban nhân dân tỉnh",
    "Đảng ủy các cơ quan Đảng tỉnh",
    "Văn phòng Tỉnh ủy",
    "Đảng ủy xã, phường",
    "Các cơ quan, tham mưu giúp việc Tỉnh ủy",
    "Ban Chỉ đạo về phát triển, khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
    "Ủy ban MTTQ Việt Nam tỉnh",
    "Đảng ủy MTTQ Việt Nam tỉnh",
    "Các sở, ban, ngành cấp tỉnh",
    "Các cơ quan chuyên trách tham mưu, giúp việc Tỉnh ủy",
    "Các đảng bộ trực thuộc Tỉnh ủy",
    "Trường Đại học Kinh tế - Công nghệ Thái Nguyên",
    "Đại học Giao thông vận tải",
    "Trung tâm Nghiên cứu và Phát triển chăn nuôi miền núi",
    "Viện Y Dược học cổ truyền Thái Nguyên",
    "Viện Kinh tế và Du lịch vùng Đông Bắc",
    "Công ty TNHH KCTC Việt Nam",
    "tỉnh Bắc Kạn",
]


def fold(text: str) -> str:
    """NFC, lowercase, strip accents (tone placement with them), đ → d, collapse spaces."""
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def names_of(u) -> list[str]:
    return [n for n in [u["name"], u["short_name"], *u["aliases"]] if n]


def overlap(a, b) -> bool:
    lo = max(a["valid_from"] or "0000-00-00", b["valid_from"] or "0000-00-00")
    hi = min(a["valid_to"] or "9999-12-31", b["valid_to"] or "9999-12-31")
    return lo <= hi


def valid_on(u, day: str) -> bool:
    return (u["valid_from"] or "0000-00-00") <= day <= (u["valid_to"] or "9999-12-31")


@pytest.fixture(scope="module")
def data():
    return json.loads(UNITS_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def units(data):
    return data["units"]


@pytest.fixture(scope="module")
def by_code(units):
    return {u["code"]: u for u in units}


@pytest.fixture(scope="module")
def index(units):
    idx: dict[str, list[dict]] = {}
    for u in units:
        for key in {fold(n) for n in names_of(u)}:
            idx.setdefault(key, []).append(u)
    return idx


def resolve(index, name):
    return index.get(fold(name), [])


def test_the_file_has_the_documented_shape(data, units):
    assert set(data) == {"source", "generated_by", "units"}
    assert "vietnam-provinces" in data["source"]
    assert data["generated_by"] == "data/thai-nguyen/build_units.py"
    for u in units:
        assert set(u) == UNIT_KEYS, u["code"]
        assert u["kind"] in KINDS, u["code"]
        assert isinstance(u["aliases"], list) and isinstance(u["successors"], list)
        assert u["name"] == unicodedata.normalize("NFC", u["name"])
        assert all(a == unicodedata.normalize("NFC", a) for a in u["aliases"])
        for field in ("valid_from", "valid_to"):
            if u[field] is not None:
                date.fromisoformat(u[field])
        if u["valid_from"] and u["valid_to"]:
            assert u["valid_from"] <= u["valid_to"], u["code"]


def test_codes_are_unique_slugs_or_official_numbers(units):
    codes = [u["code"] for u in units]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) and len(code) <= 64, code


def test_every_parent_and_successor_exists(units, by_code):
    for u in units:
        assert u["parent"] is None or u["parent"] in by_code, (u["code"], u["parent"])
        for s in u["successors"]:
            assert s in by_code, (u["code"], s)
            assert s != u["code"]


def test_a_unit_with_successors_has_ended(units):
    for u in units:
        if u["successors"]:
            assert u["valid_to"], u["code"]


def test_an_ended_unit_without_successors_says_why(units):
    for u in units:
        if u["valid_to"] and not u["successors"]:
            assert u["note"], u["code"]


def test_the_province_is_19(by_code):
    p = by_code["19"]
    assert p["kind"] == "province" and p["valid_to"] is None and p["parent"] is None
    assert {fold(n) for n in names_of(p)} >= {fold("UBND tỉnh Thái Nguyên"), fold("UBND tỉnh")}


def test_it_has_exactly_the_communes_the_package_gives(units):
    wards = list(Ward.iter_by_province(ProvinceCode(19)))
    communes = [u for u in units if u["kind"] == "commune"]
    assert len(communes) == len(wards)
    assert {u["code"] for u in communes} == {f"{int(w.code):05d}" for w in wards}
    names = {f"{int(w.code):05d}": unicodedata.normalize("NFC", w.name) for w in wards}
    for u in communes:
        assert re.fullmatch(r"\d{5}", u["code"])
        assert u["name"] == names[u["code"]]
        assert u["parent"] == "19"
        typ, _, base = u["name"].partition(" ")
        assert typ in {"Xã", "Phường"}
        assert f"UBND {typ.lower()} {base}" in u["aliases"]


def test_design_counts_hold(units):
    communes = [u for u in units if u["kind"] == "commune"]
    assert len(communes) == 92
    assert sum(u["name"].startswith("Phường ") for u in communes) == 15
    assert sum(u["name"].startswith("Xã ") for u in communes) == 77


def test_phuong_phan_dinh_phung_is_there(index):
    found = resolve(index, "phường Phan Đình Phùng")
    assert [u["code"] for u in found] == ["05443"]
    assert [u["code"] for u in resolve(index, "UBND phường Phan Đình Phùng")] == ["05443"]


def test_no_name_is_shared_by_two_units_valid_at_the_same_time(units):
    seen: dict[str, list[dict]] = {}
    for u in units:
        for key in {unicodedata.normalize("NFC", n).lower() for n in names_of(u)}:
            for other in seen.get(key, []):
                assert not overlap(u, other), f"{key!r}: {other['code']} and {u['code']}"
            seen.setdefault(key, []).append(u)


def test_folded_clashes_are_only_the_known_homographs(units):
    # Xã Văn Lang (former Bắc Kạn) and Xã Văn Lăng differ only by a breve: the folded search key
    # cannot tell them apart, the accented name can. Nothing else may clash after folding.
    allowed = {frozenset({"02143", "05665"})}
    seen: dict[str, list[dict]] = {}
    for u in units:
        for key in {fold(n) for n in names_of(u)}:
            for other in seen.get(key, []):
                if overlap(u, other):
                    assert frozenset({u["code"], other["code"]}) in allowed, (
                        f"{key!r}: {other['code']} and {u['code']}"
                    )
            seen.setdefault(key, []).append(u)


def test_so_thong_tin_va_truyen_thong_went_to_so_khoa_hoc_va_cong_nghe(index, by_code):
    [old] = resolve(index, "Sở Thông tin và Truyền thông")
    assert old["valid_to"] == "2025-02-28"
    assert old["successors"][0] == "so-khoa-hoc-va-cong-nghe"
    assert by_code["so-khoa-hoc-va-cong-nghe"]["valid_to"] is None
    for alias in ("Sở TT&TT", "STTTT", "Sở Thông tin - Truyền thông"):
        assert resolve(index, alias) == [old], alias


def test_today_departments_are_there_with_stable_codes(by_code):
    for code in [
        "so-noi-vu",
        "so-tu-phap",
        "so-tai-chinh",
        "so-cong-thuong",
        "so-nong-nghiep-va-moi-truong",
        "so-xay-dung",
        "so-khoa-hoc-va-cong-nghe",
        "so-van-hoa-the-thao-va-du-lich",
        "so-giao-duc-va-dao-tao",
        "so-y-te",
        "thanh-tra-tinh",
        "van-phong-ubnd-tinh",
        "so-dan-toc-va-ton-giao",
        "cong-an-tinh",
        "bo-chi-huy-quan-su-tinh",
        "ban-quan-ly-cac-khu-cong-nghiep",
        "dai-hoc-thai-nguyen",
    ]:
        u = by_code[code]
        assert u["kind"] == "department" and valid_on(u, TODAY), code


def test_the_district_level_ended_on_30_june_2025(index, by_code):
    [u] = resolve(index, "UBND các huyện, thành phố")
    assert u["code"] == "ubnd-cap-huyen" and u["kind"] == "collective"
    assert u["valid_to"] == "2025-06-30"
    assert u["successors"] and all(by_code[c]["kind"] == "commune" for c in u["successors"])
    for d in [
        "huyen-dai-tu",
        "thanh-pho-thai-nguyen",
        "thanh-pho-song-cong",
        "thanh-pho-pho-yen",
        "huyen-phu-luong",
        "huyen-dong-hy",
        "huyen-vo-nhai",
        "huyen-dinh-hoa",
        "huyen-phu-binh",
    ]:
        assert by_code[d]["kind"] == "collective" and by_code[d]["valid_to"] == "2025-06-30"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_agency_name_of_the_plans_resolves(index, by_code, name):
    found = resolve(index, name)
    assert found, f"{name!r} resolves to no unit"
    # Following successors from a resolved unit always ends somewhere (no dangling chain).
    for u in found:
        stack, seen = [u], set()
        while stack:
            cur = stack.pop()
            assert cur["code"] not in seen, f"successor cycle at {cur['code']}"
            seen.add(cur["code"])
            stack.extend(by_code[c] for c in cur["successors"])


def _seed_texts() -> str | None:
    candidates = [os.environ.get("DXTRACK_SEEDS_DIR"), DATA_DIR / "documents"]
    for c in candidates:
        if c and Path(c).is_dir():
            files = sorted(Path(c).glob("*.txt")) + sorted(Path(c).glob("*.md"))
            if files:
                return "\n".join(f.read_text(encoding="utf-8") for f in files)
    return None


def test_the_seed_names_really_occur_in_the_plans():
    text = _seed_texts()
    if text is None:
        pytest.fail("plan texts not found in data/thai-nguyen/documents (or DXTRACK_SEEDS_DIR)")
    folded = fold(text)
    missing = [n for n in SEED_NAMES if fold(n) not in folded]
    assert not missing, missing


def test_units_json_is_what_the_script_builds():
    spec = importlib.util.spec_from_file_location("build_units", DATA_DIR / "build_units.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render(module.build()) == UNITS_JSON.read_text(encoding="utf-8"), (
        "units.json is stale: run .venv/bin/python data/thai-nguyen/build_units.py"
    )
