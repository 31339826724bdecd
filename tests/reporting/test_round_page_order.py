"""The round page lists its units in Vietnamese alphabetical order: "Đ…" right after "D…", not
after "V…" as the database's code point order puts it."""

import re

import pytest

from dxtrack.registry.models import Unit
from dxtrack.reporting import services
from dxtrack.reporting.vi_order import vi_sort_key

pytestmark = pytest.mark.django_db

NAMES = {
    "vu-thu": "Văn phòng Thử",
    "doan-thu": "Đoàn Thử",
    "du-thu": "Dự án Thử",
    "e-thu": "Ea Thử",
}


@pytest.fixture
def units_d_dd_v(setup, personas):
    for code, name in NAMES.items():
        unit = Unit.objects.create(code=code, name=name, kind=Unit.Kind.EXTERNAL)
        services.assignment_add(
            acting_user=personas.coordinator,
            rnd=setup.round,
            unit=unit,
            kind="indicator",
            indicator=setup.percent,
        )
    return setup


def test_the_unit_summary_and_the_unit_filter_sort_in_vietnamese_order(units_d_dd_v, client_as):
    page = client_as(units_d_dd_v.p.coordinator).get(f"/bao-cao/ky/{units_d_dd_v.round.pk}/")
    html = page.content.decode()
    summary = html[html.index('id="unit-summary"') :]
    summary = summary[: summary.index("</table>")]
    listed = [c for c in re.findall(r'<tr data-unit="([^"]+)"', summary) if c in NAMES]
    assert listed == ["du-thu", "doan-thu", "e-thu", "vu-thu"]
    select = html[html.index('id="f-unit"') :]
    select = select[: select.index("</select>")]
    options = [c for c in re.findall(r'<option value="([^"]+)"', select) if c in NAMES]
    assert options == listed


def test_the_vietnamese_key_orders_letters_then_tones():
    names = ["Vĩnh Long", "Đắk Nông", "Dĩ An", "Ân Thi", "Ăn Khê", "An Giang", "Ơn", "Ô Môn", "Da"]
    assert sorted(names, key=vi_sort_key) == [
        "An Giang",
        "Ăn Khê",
        "Ân Thi",
        "Da",
        "Dĩ An",
        "Đắk Nông",
        "Ô Môn",
        "Ơn",
        "Vĩnh Long",
    ]
    assert sorted(["Dạ", "Dá", "Dã", "Dả", "Dà", "Da"], key=vi_sort_key) == [
        "Da",
        "Dà",
        "Dả",
        "Dã",
        "Dá",
        "Dạ",
    ]
    assert vi_sort_key("ĐÀ NẴNG")[0] == vi_sort_key("đà nẵng")[0]


def test_another_departments_officer_cannot_see_the_round_page(units_d_dd_v, client_as, personas):
    page = client_as(personas.reporter_taichinh).get(f"/bao-cao/ky/{units_d_dd_v.round.pk}/")
    assert page.status_code in (403, 404)
