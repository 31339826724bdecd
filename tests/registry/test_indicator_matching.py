"""Imported targets matched to the right indicator (QA walkthrough, session 6, §1.1, 1.2, 2.1,
2.2): a generic phrase never names a catalogue indicator, different things never share one, a
doubtful catalogue match waits for the reviewer, and one draft's names stay out of another's
picker. The coordinator imports; other personas are refused."""

import copy

import pytest
from django.core.exceptions import PermissionDenied

from dxtrack.core.models import AuditLog
from dxtrack.registry import services
from dxtrack.registry.catalogue import catalogue_match, catalogue_match_questioned, measure_texts
from dxtrack.registry.models import Program, Target
from dxtrack.registry.resolve import name_different_things
from dxtrack.registry.review import selectors
from dxtrack.registry.review import services as review_services
from dxtrack.registry.review.forms import TargetForm

pytestmark = pytest.mark.django_db


def plan(number: str, *statements: tuple[str, list[dict]]) -> dict:
    """An importer output with one goal statement per (text, measures)."""
    return {
        "document": {"number": number, "title": f"Kế hoạch {number}", "issued_on": "2025-06-01"},
        "targets": [
            {"line": 10 + i, "text": text, "measures": measures}
            for i, (text, measures) in enumerate(statements)
        ],
        "tasks": [],
    }


def measure(subject: str, value: float, unit: str = "%", year: int = 2030) -> dict:
    return {"subject": subject, "comparator": ">=", "value": value, "unit": unit, "year": year}


def load(data: dict, personas) -> Program:
    """The coordinator imports the plan (its source: each statement on its own line)."""
    lines = {t["line"]: t["text"] for t in data["targets"]}
    source = "\n".join(lines.get(n, "") for n in range(1, 40))
    return services.program_load_extraction(
        data=copy.deepcopy(data), source_text=source, acting_user=personas.coordinator
    ).program


# -- a catalogue match needs the indicator's own words --------------------------------------------


@pytest.mark.parametrize(
    "text,unit",
    [
        # a place/level phrase alone: "drug-free communes" are not "communes with fibre"
        ("bảo đảm đến hết năm 2030, có ít nhất 50% đơn vị hành chính cấp xã “không ma túy”", "%"),
        # "tài khoản thanh toán" of benefit recipients is not the adult population's accounts
        (
            "100% số người hưởng trợ cấp xã hội chưa có tài khoản được tuyên truyền, vận động mở "
            "tài khoản thanh toán để nhận chi trả trợ cấp",
            "%",
        ),
        # officials' digital skills are not the population's
        ("100% cán bộ, công chức, viên chức được bồi dưỡng nâng cao kiến thức, kỹ năng số", "%"),
        # hamlets with fibre are not households with fibre
        ("Tỷ lệ xóm được phủ băng rộng cố định (cáp quang FTTH) đạt 100%.", "%"),
        # projects counted in a list that mentions smart cities are not smart cities
        ("có ít nhất 05 dự án, chương trình trong lĩnh vực bán dẫn, đô thị thông minh", "dự án"),
    ],
)
def test_a_generic_phrase_alone_names_no_catalogue_indicator(text, unit):
    assert catalogue_match([text], unit) is None


@pytest.mark.parametrize(
    "text,unit,code",
    [
        (
            "Hạ tầng mạng băng rộng cáp quang phủ 100% đơn vị hành chính cấp xã",
            "%",
            "cap-quang-cap-xa",
        ),
        (
            "Tỷ lệ dân số có tài khoản thanh toán điện tử trên 80%.",
            "%",
            "tai-khoan-thanh-toan-dien-tu",
        ),
        (
            "nâng cao kỹ năng số tối thiểu trên 75% học sinh, sinh viên, người lao động và người dân",
            "%",
            "ky-nang-so",
        ),
        ("Tập trung đầu tư xây dựng 3 đô thị thông minh.", "đô thị", "do-thi-thong-minh"),
    ],
)
def test_the_indicators_own_words_still_name_it(text, unit, code):
    assert catalogue_match([text], unit).code == code


def test_a_phrase_matches_whole_words_only():
    assert catalogue_match(["Chỉ số PIIX của ngành"], "rank") is None


def test_the_lead_of_a_list_says_what_each_of_its_measures_is_about(personas):
    program = load(
        plan(
            "61/KH-UBND",
            (
                "Hạ tầng mạng băng rộng cáp quang phủ 100% đơn vị hành chính cấp xã, trên 80% hộ "
                "gia đình.",
                [measure("đơn vị hành chính cấp xã", 100), measure("hộ gia đình", 80)],
            ),
        ),
        personas,
    )
    codes = [t.indicator.code for t in program.targets.order_by("order")]
    assert codes == ["cap-quang-cap-xa", "cap-quang-ho-gia-dinh"]


def test_drug_free_communes_get_their_own_indicator_not_the_fibre_one(personas):
    program = load(
        plan(
            "182/KH-UBND",
            (
                "bảo đảm đến hết năm 2030, có ít nhất 50% đơn vị hành chính cấp xã trên toàn tỉnh "
                "“không ma túy”",
                [measure("Tỷ lệ đơn vị hành chính cấp xã trên toàn tỉnh “không ma túy”", 50)],
            ),
        ),
        personas,
    )
    target = program.targets.get()
    assert target.indicator.code is None and "ma túy" in target.indicator.name
    # a new name: the checklist asks the reviewer about it
    assert target in selectors.checklist(program=program).unnamed_targets


# -- different things never share an indicator ----------------------------------------------------

EXPORTS = plan(
    "2954/QĐ-UBND",
    (
        "Tổng sản phẩm trái cây tham gia xuất khẩu đến năm 2030 đạt trên 46.200 tấn.",
        [measure("Tổng sản phẩm trái cây tham gia xuất khẩu", 46200, "tấn")],
    ),
    (
        "Tổng sản phẩm Xoài tham gia xuất khẩu phấn đấu đến năm 2030 đạt 18.000 tấn.",
        [measure("Tổng sản phẩm Xoài tham gia xuất khẩu", 18000, "tấn")],
    ),
    (
        "Tổng sản phẩm Nhãn tham gia xuất khẩu phấn đấu đến năm 2030 đạt 8.500 tấn.",
        [measure("Tổng sản phẩm Nhãn tham gia xuất khẩu", 8500, "tấn")],
    ),
    (
        "Tổng sản phẩm Chè xuất khẩu đến năm 2030 đạt 40.000 tấn.",
        [measure("Tổng sản phẩm Chè xuất khẩu", 40000, "tấn")],
    ),
    (
        "Tổng sản phẩm Sắn xuất khẩu đến năm 2030 đạt 155.000 tấn.",
        [measure("Tổng sản phẩm Sắn xuất khẩu", 155000, "tấn")],
    ),
    (
        "3 | Chanh leo | 2.200 | 2.400 | 3.200",
        [
            measure("Chanh leo", 2200, "tấn", 2026),
            measure("Chanh leo", 2400, "tấn", 2027),
            measure("Chanh leo", 3200, "tấn", 2030),
        ],
    ),
)


def test_each_product_keeps_its_own_indicator_named_after_it(personas):
    program = load(EXPORTS, personas)
    by_subject = {t.subject: t.indicator for t in program.targets.all()}
    products = ["trái cây", "Xoài", "Nhãn", "Chè", "Sắn"]
    indicators = {by_subject[f"Tổng sản phẩm {p} tham gia xuất khẩu"] for p in products[:3]}
    indicators |= {by_subject[f"Tổng sản phẩm {p} xuất khẩu"] for p in products[3:]}
    assert len(indicators) == 5
    for product in products:
        assert sum(product in i.name for i in indicators) == 1


def test_the_same_thing_in_the_years_of_a_row_is_one_indicator(personas):
    program = load(EXPORTS, personas)
    rows = program.targets.filter(subject="Chanh leo")
    assert rows.count() == 3 and len({t.indicator_id for t in rows}) == 1


def test_a_second_plan_does_not_file_its_product_under_the_first_plans_total(personas):
    load(EXPORTS, personas)
    other = plan(
        "12/KH-UBND",
        (
            "Tổng sản phẩm Thanh long tham gia xuất khẩu đạt 2.000 tấn.",
            [measure("Tổng sản phẩm Thanh long tham gia xuất khẩu", 2000, "tấn")],
        ),
    )
    target = load(other, personas).targets.get()
    assert "Thanh long" in target.indicator.name


@pytest.mark.parametrize(
    "first,second,different",
    [
        ("Tổng sản phẩm Xoài tham gia xuất khẩu", "Tổng sản phẩm trái cây tham gia xuất khẩu", 1),
        ("Tổng sản phẩm Sắn xuất khẩu", "Tổng sản phẩm Chè xuất khẩu", 1),
        ("Sản lượng dứa", "Sản phẩm dứa", 0),
        ("Chanh leo", "Sản lượng chanh leo", 0),
    ],
)
def test_distinguishing_words_tell_two_things_apart(first, second, different):
    assert name_different_things(first, second) is bool(different)


# -- a doubtful catalogue match waits for the reviewer --------------------------------------------

INTEGRATION = plan(
    "77/KH-UBND",
    (
        "100% thủ tục hành chính đủ điều kiện được cung cấp dưới hình thức dịch vụ công toàn "
        "trình; các hệ thống thông tin được kết nối Nền tảng định danh và xác thực điện tử.",
        [
            measure(
                "thủ tục hành chính đủ điều kiện được cung cấp dưới hình thức dịch vụ công toàn "
                "trình",
                100,
            )
        ],
    ),
    ("Phấn đấu kinh tế số chiếm trên 30% GRDP.", [measure("kinh tế số trong GRDP", 30)]),
)


def test_a_catalogue_name_sharing_little_with_the_target_is_flagged(personas):
    program = load(INTEGRATION, personas)
    doubtful = program.targets.get(goal__line=10)
    settled = program.targets.get(goal__line=11)
    assert doubtful.indicator.code and settled.indicator.code == "kinh-te-so-grdp"
    open_targets = selectors.checklist(program=program).unnamed_targets
    assert doubtful in open_targets and settled not in open_targets
    assert catalogue_match_questioned(doubtful.indicator.name, doubtful.subject)


def test_the_bulk_button_does_not_settle_a_doubtful_catalogue_match(personas):
    program = load(INTEGRATION, personas)
    review_services.indicators_confirm(program=program, acting_user=personas.coordinator)
    assert (
        program.targets.get(goal__line=10) in selectors.checklist(program=program).unnamed_targets
    )


def test_the_coordinator_settles_it_on_the_targets_form_for_that_target_only(client_as, personas):
    program = load(INTEGRATION, personas)
    target = program.targets.get(goal__line=10)
    response = client_as(personas.coordinator).post(
        f"/chuong-trinh/{program.pk}/ra-soat/chi-tieu/{target.pk}/",
        {
            "subject": target.subject,
            "comparator": target.comparator,
            "value": "100",
            "unit": target.unit,
            "year": target.year,
            "quarter": "",
            "scope": "",
            "indicator": target.indicator_id,
            "indicator_name": target.indicator.name,
        },
    )
    assert response.status_code == 302
    assert target not in selectors.checklist(program=program).unnamed_targets
    assert AuditLog.objects.filter(
        action=selectors.TARGET_CATALOGUE_CONFIRM, object_id=str(target.pk)
    ).exists()
    # the same indicator on another plan's doubtful target is still questioned there
    other = load(
        {**INTEGRATION, "document": {**INTEGRATION["document"], "number": "78/KH"}}, personas
    )
    assert other.targets.get(goal__line=10) in selectors.checklist(program=other).unnamed_targets


@pytest.mark.parametrize("persona", ["leader", "reporter_soyte"])
def test_others_may_not_confirm_names(client_as, personas, persona):
    program = load(EXPORTS, personas)
    before = AuditLog.objects.filter(action="review.indicator_confirm").count()
    response = client_as(getattr(personas, persona)).post(
        f"/chuong-trinh/{program.pk}/ra-soat/chi-so/xac-nhan/"
    )
    assert response.status_code == 403
    assert AuditLog.objects.filter(action="review.indicator_confirm").count() == before
    with pytest.raises(PermissionDenied):
        review_services.indicators_confirm(program=program, acting_user=getattr(personas, persona))


def test_names_are_confirmed_one_by_one_when_ticked(personas):
    program = load(EXPORTS, personas)
    first = program.targets.get(subject="Tổng sản phẩm Xoài tham gia xuất khẩu")
    count = review_services.indicators_confirm(
        program=program, acting_user=personas.coordinator, indicator_ids={first.indicator_id}
    )
    still_open = selectors.checklist(program=program).unnamed_targets
    assert count == 1 and first not in still_open and len(still_open) == 7


# -- the picker ----------------------------------------------------------------------------------


def picker(program: Program, target: Target | None = None) -> list[str]:
    initial = {"indicator": target.indicator} if target else {}
    form = TargetForm(initial=initial, program=program)
    return [label for value, label in form.fields["indicator"].choices if value != ""]


def test_a_drafts_confirmed_names_stay_out_of_other_programs_pickers_until_published(personas):
    exports = load(EXPORTS, personas)
    review_services.indicators_confirm(program=exports, acting_user=personas.coordinator)
    other = load(INTEGRATION, personas)
    assert not any("Xoài" in label for label in picker(other))
    assert any("Xoài" in label for label in picker(exports))
    services.program_publish(program=exports, acting_user=personas.coordinator)
    assert any("Xoài" in label for label in picker(other))


def test_the_picker_lists_each_name_and_unit_once_catalogue_first(personas):
    first = load(EXPORTS, personas)
    second = load({**EXPORTS, "document": {**EXPORTS["document"], "number": "2955/QĐ"}}, personas)
    for program in (first, second):
        services.program_publish(program=program, acting_user=personas.coordinator)
    labels = picker(first)
    assert len(labels) == len(set(labels))
    catalogue = [i for i, label in enumerate(labels) if label.endswith("danh mục dùng chung")]
    assert catalogue == list(range(len(catalogue)))


def test_the_picker_keeps_the_targets_own_indicator(personas):
    program = load(EXPORTS, personas)
    target = program.targets.get(subject="Tổng sản phẩm Nhãn tham gia xuất khẩu")
    other = load(INTEGRATION, personas)
    assert any("Nhãn" in label for label in picker(other, target))


def test_the_add_target_page_offers_the_drafts_own_names(client_as, personas):
    program = load(EXPORTS, personas)
    page = client_as(personas.coordinator).get(
        f"/chuong-trinh/{program.pk}/ra-soat/chi-tieu/them/?tu=10&den=10"
    )
    assert page.status_code == 200
    assert "Tổng sản phẩm Xoài tham gia xuất khẩu (tấn)" in page.content.decode()


def test_the_coordinator_confirms_only_the_ticked_names_on_the_checklist(client_as, personas):
    program = load(EXPORTS, personas)
    xoai = program.targets.get(subject="Tổng sản phẩm Xoài tham gia xuất khẩu")
    confirm = f"/chuong-trinh/{program.pk}/ra-soat/chi-so/xac-nhan/"
    client = client_as(personas.coordinator)
    assert client.post(confirm, {"per_name": "1"}).status_code == 302
    assert len(selectors.checklist(program=program).unnamed_targets) == 8
    client.post(confirm, {"per_name": "1", "indicator": [str(xoai.indicator_id)]})
    still_open = selectors.checklist(program=program).unnamed_targets
    assert xoai not in still_open and len(still_open) == 7


# -- the country's and the world's targets are not the province's indicators ----------------------


def scoped(subject: str, value: float, unit: str, scope: str | None) -> dict:
    return {**measure(subject, value, unit, 2045), "scope": scope}


NATIONAL = plan(
    "57-NQ/TW",
    (
        "Việt Nam thuộc nhóm 30 nước dẫn đầu thế giới về đổi mới sáng tạo, chuyển đổi số.",
        [scoped("Đổi mới sáng tạo, chuyển đổi số", 30, "rank", "thế giới")],
    ),
    (
        "Tối thiểu có 5 doanh nghiệp công nghệ số ngang tầm các nước tiên tiến.",
        [
            scoped(
                "Số doanh nghiệp công nghệ số ngang tầm các nước tiên tiến", 5, "doanh nghiệp", None
            )
        ],
    ),
)


def test_the_countrys_targets_get_their_own_unconfirmed_indicators(personas):
    program = load(NATIONAL, personas)
    targets = list(program.targets.order_by("goal__order"))
    assert [t.indicator.code for t in targets] == [None, None]
    assert "đổi mới sáng tạo" in targets[0].indicator.name.lower()
    assert "ngang tầm" in targets[1].indicator.name
    # new names: the checklist asks the coordinator about them
    unnamed = selectors.checklist(program=program).unnamed_targets
    assert all(t in unnamed for t in targets)


@pytest.mark.parametrize(
    "text,subject,unit,scope,code",
    [
        (
            "Chỉ số chuyển đổi số (DTI) của tỉnh Thái Nguyên thuộc nhóm 10 tỉnh dẫn đầu cả nước.",
            "Chỉ số chuyển đổi số (DTI)",
            "rank",
            "cả nước",
            "dti-xep-hang",
        ),
        (
            "Phấn đấu trên địa bàn tỉnh có ít nhất 600 doanh nghiệp số.",
            "Số doanh nghiệp số",
            "doanh nghiệp",
            None,
            "doanh-nghiep-so",
        ),
    ],
)
def test_a_provinces_own_targets_still_match_the_catalogue(
    personas, text, subject, unit, scope, code
):
    program = load(plan("35/KH-UBND", (text, [scoped(subject, 10, unit, scope)])), personas)
    assert program.targets.get().indicator.code == code


@pytest.mark.parametrize(
    "issuer,matched",
    [
        ("Chính phủ", False),
        ("Thủ tướng Chính phủ", False),
        ("Bộ Chính trị", False),
        ("Ban Chấp hành Trung ương", False),
        ("Bộ Khoa học và Công nghệ", False),
        ("Ủy ban nhân dân tỉnh Thái Nguyên", True),
        (None, True),
    ],
)
def test_a_central_bodys_program_is_never_on_a_provincial_catalogue_indicator(issuer, matched):
    record = {"text": "Tỷ lệ phủ sóng 5G đạt 99%.", "measures": [measure("Tỷ lệ phủ sóng 5G", 99)]}
    texts = measure_texts(record["measures"][0], record, record["measures"], issuer=issuer)
    assert (catalogue_match(texts, "%", issuer=issuer) is not None) is matched


@pytest.mark.parametrize(
    "subject,scope",
    [
        ("Năng lực cạnh tranh số", "Đông Nam Á"),
        ("Chỉ số đổi mới sáng tạo toàn cầu", None),
        ("Chỉ số chuyển đổi số quốc gia", "Việt Nam"),
        ("Chỉ số chuyển đổi số", "khu vực"),
    ],
)
def test_a_scope_beyond_the_province_names_no_catalogue_indicator(subject, scope):
    record = {"text": f"{subject} đạt top 3", "measures": [scoped(subject, 3, "rank", scope)]}
    assert (
        catalogue_match(measure_texts(record["measures"][0], record, record["measures"]), "rank")
        is None
    )


# -- a plan of a central body is not scored with the province's figures ---------------------------


def test_a_central_plans_targets_get_their_own_indicators_when_loaded(personas):
    """The coordinator loads the Government's programme: its "100% dịch vụ công trực tuyến toàn
    trình" is the country's goal, so it takes no provincial catalogue indicator and waits on the
    checklist; the same sentence in a province's plan still takes the catalogue's."""
    sentence = "Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 100%"
    target_measure = measure("Tỷ lệ dịch vụ công trực tuyến toàn trình", 100)
    national = plan("03/NQ-CP", (sentence, [target_measure]))
    national["document"]["issuer"] = "Chính phủ"
    provincial = plan("77/KH-UBND", (sentence, [target_measure]))
    provincial["document"]["issuer"] = "Ủy ban nhân dân tỉnh Thái Nguyên"

    assert catalogue_match([sentence], "%") is not None  # the sentence alone would match
    national_target = Target.objects.get(goal__program=load(national, personas))
    provincial_target = Target.objects.get(goal__program=load(provincial, personas))

    assert national_target.indicator.code is None
    assert provincial_target.indicator.code
