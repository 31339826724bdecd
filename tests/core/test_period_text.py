"""The period box reads periods as people write them (pure: no database)."""

import pytest

from dxtrack.core.period_text import parse_period_text
from dxtrack.core.periods import Period


@pytest.mark.parametrize(
    "text",
    [
        "Quý IV năm 2026",
        "quý iv năm 2026",
        "Quy IV nam 2026",
        "Quý IV, năm 2026",
        "Quý 4/2026",
        "Quý 4 năm 2026",
        "Quý IV/2026",
        "Q4/2026",
        "Q4 2026",
        "q4-2026",
        "2026Q4",
        " 2026q4 ",
        "Quarter 4 of 2026",
    ],
)
def test_it_reads_the_fourth_quarter_of_2026_however_it_is_written(text):
    assert parse_period_text(text) == Period("quarter", 2026, 4)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Năm 2026", "2026"),
        ("2026", "2026"),
        ("Year 2026", "2026"),
        ("6 tháng đầu năm 2026", "2026S1"),
        ("6 tháng cuối năm 2025", "2025S2"),
        ("S1/2026", "2026S1"),
        ("First half of 2026", "2026S1"),
        ("Tháng 7 năm 2026", "202607"),
        ("Tháng 7/2026", "202607"),
        ("07/2026", "202607"),
        ("T12/2025", "202512"),
        ("July 2026", "202607"),
        ("Quý I năm 2027", "2027Q1"),
        ("Quý III năm 2025", "2025Q3"),
    ],
)
def test_it_reads_years_halves_and_months(text, code):
    assert parse_period_text(text).code == code


@pytest.mark.parametrize(
    "text",
    ["", "  ", "Quý 5/2026", "Quý V năm 2026", "Tháng 13/2026", "hôm qua", "2026Q9", "Quý IV"],
)
def test_it_refuses_what_is_not_a_period_with_a_vietnamese_message(text):
    with pytest.raises(ValueError) as error:
        parse_period_text(text)
    message = str(error.value)
    assert "kỳ" in message.lower()


def test_the_refusal_shows_examples_in_words_not_codes():
    with pytest.raises(ValueError) as error:
        parse_period_text("Quý 5/2026")
    assert "Quý IV năm 2026" in str(error.value) and "2026Q4" not in str(error.value)


def test_every_period_label_reads_back_as_its_period():
    for period in [Period("year", 2026), Period("half", 2026, 2), Period("month", 2026, 11)]:
        assert parse_period_text(period.label_vi) == period
        assert parse_period_text(period.label_en) == period
    for n in range(1, 5):
        quarter = Period("quarter", 2026, n)
        assert parse_period_text(quarter.label_vi) == quarter
        assert parse_period_text(quarter.label_en) == quarter


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Quý IV, năm 2024", "Quý IV năm 2024"),
        ("Quý 4/2024", "Quý IV năm 2024"),
        ("2025 - Quý II/2026", "2025 - Quý II năm 2026"),
        ("Quý IV năm 2025", "Quý IV năm 2025"),
        ("Hằng năm", "Hằng năm"),
        ("2025-2030", "2025-2030"),
    ],
)
def test_a_plans_quarters_read_the_one_way_the_pages_write_them(written, shown):
    from dxtrack.core.period_text import one_quarter_format

    assert one_quarter_format(written) == shown


@pytest.mark.django_db
def test_the_program_page_writes_a_plans_quarter_the_one_way(client):
    from dxtrack.registry.models import Task

    task = Task.objects.filter(timeframe__contains=", năm").select_related("program").first()
    if task is None:
        pytest.skip("no task written 'Quý …, năm …' in the demo plans")
    page = client.get(f"/chuong-trinh/{task.program_id}/").content.decode()
    assert ", năm 20" not in page.split("<main", 1)[1].split("</main>")[0]
