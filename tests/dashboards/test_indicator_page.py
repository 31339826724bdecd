"""The indicator page sorts and pages its values in the database: periods in the order of
`Period` across kinds (year, half, quarter, month), a bounded number of queries whatever the
number of values, and the chart still drawn from every province-level point."""

import random
import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxtrack.core.period_order import period_order_key
from dxtrack.core.periods import Period
from dxtrack.evaluation import selectors, services
from dxtrack.evaluation.selectors import _sort_period
from dxtrack.registry.models import Goal, Indicator, Program, Unit
from dxtrack.reporting.models import Observation
from tests.helpers import accepted_value, add_target, province

pytestmark = pytest.mark.django_db

# Every kind of period, two years, plus codes that are not periods (they sort last).
CODES = [
    "2023",
    "2023S2",
    "2023Q4",
    "202312",
    "2024",
    "2024S1",
    "2024Q1",
    "202401",
    "202402",
    "202403",
    "2024Q2",
    "202406",
    "2024S2",
    "2024Q3",
    "202407",
    "2024Q4",
    "202412",
    "2025",
    "2024Q5",
    "202413",
    "1899",
    "x",
]


def make_indicator(name: str) -> Indicator:
    return Indicator.objects.create(name=name, unit="%", aggregation="sum")


def observe(indicator, unit, period, value=1.0, state="accepted"):
    return accepted_value(indicator, unit, period, value, state=state, source="thử")


def rows_of(html: str) -> list[tuple[str, str]]:
    """(period label, unit name) of each row of the page's table of values."""
    table = html.split('id="indicator-observations"')[1].split("</table>")[0]
    return re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", table)


def label(code: str) -> str:
    try:
        return Period.parse(code).label_vi
    except ValueError:
        return code


def test_the_sort_key_orders_codes_as_period_does():
    indicator = make_indicator("Chỉ số thứ tự kỳ")
    shuffled = CODES[:]
    random.Random(7).shuffle(shuffled)
    for code in shuffled:
        observe(indicator, province(), code)
    in_database = list(
        Observation.objects.filter(indicator=indicator)
        .order_by(period_order_key("period"), "pk")
        .values_list("period", flat=True)
    )
    assert in_database == sorted(shuffled, key=_sort_period)
    assert in_database[:5] == ["2023", "2023S2", "2023Q4", "202312", "2024"]
    assert set(in_database[-4:]) == {"2024Q5", "202413", "1899", "x"}


def test_the_page_lists_values_in_period_order_across_pages(client, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)  # four values a page
    indicator = make_indicator("Chỉ số phân trang")
    communes = list(Unit.objects.filter(kind="commune").order_by("name")[:2])
    shuffled = CODES[:]
    random.Random(11).shuffle(shuffled)
    for code in shuffled:
        observe(indicator, province(), code)
    for unit in reversed(communes):  # two more units in one period: listed by name
        observe(indicator, unit, "2024Q3")
    observe(indicator, communes[0], "2024Q1", state="draft")  # hidden from the public
    listed = []
    for number in range(1, 7):  # 24 public values, 4 a page
        html = client.get(f"/tong-quan/chi-so/{indicator.pk}/", {"trang": number}).content.decode()
        listed += rows_of(html)
    # Within a period by unit name, in the database's collation (as ORDER BY gives it), then by
    # row: the codes that are not periods share one key and keep the order they were added in.
    by_name = list(
        Unit.objects.filter(pk__in=[province().pk] + [u.pk for u in communes])
        .order_by("name")
        .values_list("name", flat=True)
    )
    expected = []
    for code in sorted(shuffled, key=_sort_period):  # a stable sort: the order added among equals
        names = by_name if code == "2024Q3" else [province().name]
        expected += [(label(code), name) for name in names]
    assert listed == expected


def _indicator_with_values(n: int) -> Indicator:
    """An indicator with a target and `n` accepted values of communes over monthly periods."""
    program = Program.objects.filter(status="published").first()
    goal = Goal.objects.create(program=program, order=9000 + n, section="Thử", text="Thử")
    indicator = make_indicator(f"Chỉ số {n} giá trị")
    add_target(program, indicator, goal=goal)
    communes = list(Unit.objects.filter(kind="commune").order_by("code")[:25])
    period = Period("month", 2020, 1)
    rows = []
    while len(rows) < n:
        rows += [
            Observation(
                indicator=indicator,
                unit=u,
                period=period.code,
                value=1.0,
                state="accepted",
                source_kind="report",
            )
            for u in communes
        ][: n - len(rows)]
        period = period.next()
    Observation.objects.bulk_create(rows)
    return indicator


@pytest.mark.parametrize("persona", [None, "coordinator"])
def test_the_page_reads_as_many_queries_for_ten_values_as_for_a_thousand(
    client_as, personas, persona, django_assert_max_num_queries
):
    client = client_as(getattr(personas, persona) if persona else None)
    small, large = _indicator_with_values(10), _indicator_with_values(1000)
    services.evaluation_recompute_all(as_of=date(2026, 1, 15))
    client.get(f"/tong-quan/chi-so/{small.pk}/")  # what the pages cache under the stamp, read once
    counts = {}
    for indicator in (small, large):
        for number in (1, 4):
            with (
                django_assert_max_num_queries(16),
                CaptureQueriesContext(connection) as queries,
            ):
                html = client.get(
                    f"/tong-quan/chi-so/{indicator.pk}/", {"trang": number}
                ).content.decode()
            counts[(indicator.name, number)] = len(queries)
            assert 'id="indicator-observations"' in html
            # The values are counted and one page is read: none is loaded to be sorted in Python.
            reads = [q["sql"] for q in queries if 'FROM "registry_observation"' in q["sql"]]
            assert reads and all("COUNT(" in sql or "LIMIT" in sql for sql in reads), reads
    assert len(set(counts.values())) == 1, counts
    # A full page of values, and a chart drawn from every province-level point (one a month here:
    # 1,000 values of 25 communes are 40 monthly sums), not from the page's rows.
    html = client.get(f"/tong-quan/chi-so/{large.pk}/").content.decode()
    assert len(rows_of(html)) == selectors.PAGE_SIZE * 4
    user = getattr(personas, persona) if persona else AnonymousUser()
    context = selectors.indicator_dashboard(user=user, indicator=large)
    assert len(context["chart"]["observed"]) == 40
    assert context["observations_page"] == {
        "number": 1,
        "num_pages": 5,
        "count": 1000,
        "has_previous": False,
        "has_next": True,
        "start": 1,
        "end": 200,
    }
