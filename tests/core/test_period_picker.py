"""Period pickers on the forms (no code to type) and the rankings period box."""

import re

import pytest
from django import forms

from dxtrack.core.period_picker import PeriodField
from dxtrack.registry.models import Indicator

pytestmark = pytest.mark.django_db


class _Form(forms.Form):
    period = PeriodField(years=range(2027, 2020, -1))


class _Filter(forms.Form):
    period = PeriodField(years=range(2027, 2020, -1), required=False)


def test_the_picker_gives_the_code_of_the_year_and_the_part_chosen():
    for part, code in [("Q4", "2026Q4"), ("Y", "2026"), ("S2", "2026S2"), ("M07", "202607")]:
        form = _Form({"period_0": "2026", "period_1": part})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["period"] == code


def test_the_picker_refuses_a_year_without_its_part_once():
    form = _Form({"period_0": "2026", "period_1": ""})
    assert not form.is_valid()
    assert form.errors["period"] == ["Chọn cả năm và kỳ trong năm."]


def test_the_picker_refuses_a_year_outside_its_list_with_one_message():
    form = _Form({"period_0": "1999", "period_1": "Q9"})
    assert not form.is_valid()
    assert len(form.errors["period"]) == 1


def test_an_optional_picker_left_empty_means_no_period():
    form = _Filter({})
    assert form.is_valid() and form.cleaned_data["period"] == ""


def test_a_client_posting_one_period_field_in_words_or_code_still_works():
    for text in ("2026Q4", "Quý IV năm 2026", "Quý 4/2026"):
        form = _Form({"period": text})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["period"] == "2026Q4"


def test_the_picker_renders_two_labelled_selects_in_words():
    html = str(_Form(initial={"period": "2026Q4"})["period"])
    assert html.count("<select") == 2
    assert 'aria-label="Năm"' in html and 'aria-label="Kỳ trong năm"' in html
    assert re.search(r'<option value="2026" selected>2026</option>', html)
    assert re.search(r'<option value="Q4" selected>Quý IV</option>', html)
    assert "6 tháng đầu năm" in html and "Tháng 12" in html
    assert "2026Q4" not in html


def test_the_round_form_asks_for_the_period_with_the_picker(client_as, personas):
    page = client_as(personas.coordinator).get("/bao-cao/ky/moi/").content.decode()
    assert 'name="period_0"' in page and 'name="period_1"' in page
    assert "mã kỳ" not in page.lower() and not re.search(r"\b20\d\dQ\d\b", page)


def test_the_value_correction_form_asks_for_the_period_with_the_picker(client_as, personas):
    indicator = Indicator.objects.filter(targets__program__status="published").first()
    html = (
        client_as(personas.coordinator)
        .get(f"/tong-quan/chi-so/{indicator.pk}/nhap-so-lieu/")
        .content.decode()
    )
    assert 'name="period_0"' in html and not re.search(r"\b20\d\dQ\d\b", html)


@pytest.mark.parametrize("typed", ["Quý IV năm 2025", "Quý 4/2025", "Q4/2025", "2025Q4"])
def test_the_rankings_box_accepts_a_period_in_words_or_code(client, typed):
    response = client.get("/tong-quan/xep-hang/", {"period": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quý IV năm 2025" in page


def test_the_rankings_box_refuses_nonsense_with_a_404(client):
    assert client.get("/tong-quan/xep-hang/", {"period": "Quý 9/2025"}).status_code == 404


def test_the_rankings_box_shows_periods_in_words_and_keeps_codes_in_values(client):
    page = client.get("/tong-quan/xep-hang/", {"period": "2025Q4"}).content.decode()
    select = page[
        page.index('<select id="period"') : page.index(
            "</select>", page.index('<select id="period"')
        )
    ]
    assert '<option value="2025Q4" selected>Quý IV năm 2025</option>' in select
    shown = re.sub(r"<[^>]+>", " ", select)
    assert not re.search(r"\b20\d\dQ\d\b", shown)
