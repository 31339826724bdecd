"""Indicator responsibility: the coordinator names who reports an indicator on its page (audited),
the demo's data file gives the five plans realistic reporters, rounds assign each indicator's
values to them, and a lead unit's figure is the province's."""

import json
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from dxtrack.core.models import AuditLog
from dxtrack.evaluation.series import series_load
from dxtrack.registry import services
from dxtrack.registry.demo_data import DATA_DIR, load_demo_responsibilities
from dxtrack.registry.models import Indicator, IndicatorResponsibility, Program, Unit
from dxtrack.reporting import services as reporting
from dxtrack.reporting.models import Assignment
from tests.helpers import accepted_value, add_target, make_program

pytestmark = pytest.mark.django_db

LEAD, CONTRIBUTING = IndicatorResponsibility.Role.LEAD, IndicatorResponsibility.Role.CONTRIBUTING


def health_indicator() -> Indicator:
    return Indicator.objects.get(name__icontains="hồ sơ sức khỏe điện tử")


def commune_indicator() -> Indicator:
    return Indicator.objects.get(code="ho-so-cong-viec-moi-truong-mang--cap-xa")


def page_url(indicator: Indicator) -> str:
    return f"/chi-so/{indicator.pk}/trach-nhiem/"


def test_the_coordinator_names_who_reports_an_indicator_on_its_page(personas, client_as):
    indicator = health_indicator()
    soyte, bhxh = Unit.objects.get(code="so-y-te"), Unit.objects.get(code="bao-hiem-xa-hoi-tinh")
    client = client_as(personas.coordinator)
    assert client.get(page_url(indicator)).status_code == 200
    response = client.post(
        page_url(indicator),
        {
            "lead_units": [soyte.pk],
            "contributing_units": [bhxh.pk],
            "contributing_groups": ["communes"],
            "comment": "Theo Quyết định phân công của UBND tỉnh",
        },
    )
    assert response.status_code == 302
    rows = {(r.role, r.unit_id, r.group) for r in indicator.responsibilities.all()}
    assert rows == {
        (LEAD, soyte.pk, ""),
        (CONTRIBUTING, bhxh.pk, ""),
        (CONTRIBUTING, None, "communes"),
    }
    audit = AuditLog.objects.get(action="indicator.responsibility_set", object_id=str(indicator.pk))
    assert audit.actor == personas.coordinator
    assert audit.before == {"responsibilities": []}
    assert {"role": "lead", "unit": "so-y-te", "group": "", "note": ""} in audit.after[
        "responsibilities"
    ]
    assert audit.comment == "Theo Quyết định phân công của UBND tỉnh"
    page = client.get(f"/tong-quan/chi-so/{indicator.pk}/").content.decode()
    assert "Sở Y tế" in page and "Tất cả xã, phường" in page


@pytest.mark.parametrize("persona", ["leader", "reporter_soyte", "approver_soyte"])
def test_only_the_coordinator_and_the_admin_edit_responsibility(personas, client_as, persona):
    indicator = health_indicator()
    client = client_as(getattr(personas, persona))
    soyte = Unit.objects.get(code="so-y-te")
    assert client.get(page_url(indicator)).status_code == 403
    assert client.post(page_url(indicator), {"lead_units": [soyte.pk]}).status_code == 403
    assert not indicator.responsibilities.exists()
    with pytest.raises(PermissionDenied):
        services.indicator_responsibilities_set(
            indicator=indicator,
            rows=[services.ResponsibilityRow(role=LEAD, unit=soyte)],
            acting_user=getattr(personas, persona),
        )


def test_the_public_is_sent_to_log_in(client):
    response = client.get(page_url(health_indicator()))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_a_unit_cannot_both_lead_and_contribute(personas, client_as):
    indicator = health_indicator()
    soyte = Unit.objects.get(code="so-y-te")
    response = client_as(personas.coordinator).post(
        page_url(indicator), {"lead_units": [soyte.pk], "contributing_units": [soyte.pk]}
    )
    assert response.status_code == 400
    assert "vừa chủ trì vừa phối hợp: Sở Y tế" in response.content.decode()
    assert not indicator.responsibilities.exists()


def test_the_data_file_gives_the_plans_realistic_reporters():
    load_demo_responsibilities(log=lambda message: None)
    health = health_indicator()
    assert {(r.role, r.unit.code) for r in health.responsibilities.all() if r.unit} == {
        (LEAD, "so-y-te"),
        (CONTRIBUTING, "bao-hiem-xa-hoi-tinh"),
    }
    commune = commune_indicator()
    commune.refresh_from_db()
    assert [(r.role, r.group) for r in commune.responsibilities.all()] == [(LEAD, "communes")]
    assert commune.aggregation == "mean"  # the province figure is the communes' mean
    coverage = Indicator.objects.get(code="phu-song-5g")
    assert {
        (r.role, r.unit.code if r.unit else r.group) for r in coverage.responsibilities.all()
    } == {
        (LEAD, "so-khoa-hoc-va-cong-nghe"),
        (CONTRIBUTING, "telecom"),
    }
    vneid = Indicator.objects.get(name__icontains="VNeID")
    assert vneid.responsibilities.get(role=LEAD).unit.code == "cong-an-tinh"
    # Every indicator of a target has someone responsible; the load is one audit row.
    assert not Indicator.objects.filter(
        targets__isnull=False, responsibilities__isnull=True
    ).exists()
    load = AuditLog.objects.get(action="indicator.responsibility_load")
    assert str(health.pk) in load.after["indicators"]
    assert load.after["aggregation_changed"][str(commune.pk)] == ["province", "mean"]


def test_loading_the_file_again_keeps_the_coordinators_choice(personas):
    health = health_indicator()
    finance = Unit.objects.get(code="so-tai-chinh")
    services.indicator_responsibilities_set(
        indicator=health,
        rows=[services.ResponsibilityRow(role=LEAD, unit=finance)],
        acting_user=personas.coordinator,
    )
    data = json.loads((DATA_DIR / "responsibilities.json").read_text("utf-8"))
    counts = services.indicator_responsibilities_load(data=data)
    assert counts["kept"] == 1
    assert [r.unit for r in health.responsibilities.all()] == [finance]


def test_a_rule_matches_whole_words_only():
    data = {"rules": [{"match": ["y te"], "lead": "so-y-te"}], "default": {"lead": "x"}}
    assert (
        services.indicator_responsibility_rule(
            data=data, indicator=Indicator(name="Tỷ lệ dân số tiếp cận dịch vụ y tế số")
        )["lead"]
        == "so-y-te"
    )
    assert (
        services.indicator_responsibility_rule(
            data=data, indicator=Indicator(name="Số quy tem truy xuất")
        )["lead"]
        == "x"
    )


def test_a_round_assigns_each_indicator_to_its_responsible_units(personas):
    load_demo_responsibilities(log=lambda message: None)
    health, commune = health_indicator(), commune_indicator()
    programs = Program.objects.filter(targets__indicator__in=[health, commune]).distinct()
    rnd = reporting.round_create(
        acting_user=personas.coordinator, programs=programs, period="2026Q4", working_days=5
    )
    owed = Assignment.objects.filter(round=rnd, kind="indicator")
    assert set(owed.filter(indicator=health).values_list("unit__code", flat=True)) == {
        "so-y-te",
        "bao-hiem-xa-hoi-tinh",
    }
    # A commune-level indicator is owed by every current commune, Phan Đình Phùng among them.
    communes = owed.filter(indicator=commune)
    assert communes.count() == Unit.objects.filter(kind="commune", valid_to__isnull=True).count()
    assert communes.filter(unit=personas.reporter_commune.dx_role.unit).exists()
    assert not owed.filter(indicator=commune, unit__code="so-khoa-hoc-va-cong-nghe").exists()
    assert not owed.filter(unit__kind="collective").exists()


def test_an_indicator_with_no_responsibility_keeps_the_registry_rule(personas):
    program = make_program(key="KH-TEST-R", number="1/KH-TEST", title="Thử trách nhiệm")
    indicator = Indicator.objects.create(name="Chỉ số chưa phân công", unit="%")
    add_target(program, indicator)
    rnd = reporting.round_create(
        acting_user=personas.coordinator, programs=[program], period="2026Q4", working_days=5
    )
    assert list(
        Assignment.objects.filter(round=rnd, indicator=indicator).values_list(
            "unit__code", flat=True
        )
    ) == ["so-khoa-hoc-va-cong-nghe"]


def test_a_lead_units_accepted_value_is_the_province_figure(personas):
    indicator = Indicator.objects.create(name="Tỷ lệ thử của Sở Y tế", unit="%")
    soyte, finance = Unit.objects.get(code="so-y-te"), Unit.objects.get(code="so-tai-chinh")
    services.indicator_responsibilities_set(
        indicator=indicator,
        rows=[
            services.ResponsibilityRow(role=LEAD, unit=soyte),
            services.ResponsibilityRow(role=CONTRIBUTING, unit=finance),
        ],
        acting_user=personas.coordinator,
    )
    accepted_value(indicator, soyte, "2025Q4", 61.0)
    accepted_value(indicator, finance, "2025Q4", 10.0)  # a contributing unit's own figure
    series = series_load(as_of=date(2026, 6, 30), indicator_ids={indicator.pk})
    points, chosen, _ = series.points_as_of(indicator.pk, date(2026, 6, 30))
    assert [p.value for p in points] == [61.0]
    assert next(iter(chosen.values())).unit_code == "so-y-te"
