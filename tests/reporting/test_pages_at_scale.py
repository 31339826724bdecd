"""Reporting's pages at province scale (issue 16, speed): the review queue ("Duyệt") and the
target page's values come a page at a time, filters kept; the coordinator's landing and the
round page read a number of queries that does not grow with the round."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxtrack.registry.models import Target, Unit
from dxtrack.reporting import selectors
from dxtrack.reporting.models import Observation
from dxtrack.reporting.registry_parts import TARGET_PAGE_SIZE
from dxtrack.reporting.round_page import unit_summary
from dxtrack.reporting.selectors import REVIEW_PAGE_SIZE
from tests.helpers import PERIOD, accepted_value, province

pytestmark = pytest.mark.django_db


def _communes(n: int) -> list[Unit]:
    communes = list(Unit.objects.filter(kind="commune").order_by("code")[:n])
    assert len(communes) == n
    return communes


def _sent_values(setup, communes: list[Unit], state: str = "submitted") -> list[Observation]:
    """Values of the round's percentage indicator that these communes sent (stored directly:
    the workflow is tested elsewhere; here only how many there are matters)."""
    now = timezone.now()
    return [
        Observation.objects.create(
            indicator=setup.percent,
            unit=unit,
            period=PERIOD,
            value=10 + i,
            state=state,
            round=setup.round,
            source_kind="report",
            first_submitted_at=now,
            submitted_at=now,
        )
        for i, unit in enumerate(communes)
    ]


def _submitted_by_soyte(setup) -> Observation:
    """Sở Y tế's percentage value, at the coordinator (its leader signed it off)."""
    now = timezone.now()
    return Observation.objects.create(
        indicator=setup.percent,
        unit=setup.soyte,
        period=PERIOD,
        value=45.5,
        state="submitted",
        round=setup.round,
        source_kind="report",
        first_submitted_at=now,
        submitted_at=now,
    )


def _review_rows(page: str) -> list[str]:
    table = page[page.index('id="review-values"') :]
    return re.findall(r'<tr id="obs-(\d+)"', table[: table.index("</table>")])


def _review(client, setup, **query):
    return client.get(f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/duyet/", query)


@pytest.fixture
def coordinator(client_as, personas):
    return client_as(personas.coordinator)


# -- the review queue -------------------------------------------------------------------------


def test_the_review_queue_lists_one_page_of_values_items_to_decide_first(coordinator, setup):
    accepted = _sent_values(setup, _communes(10), state="accepted")
    waiting = _sent_values(setup, _communes(REVIEW_PAGE_SIZE + 10)[10:])
    page = _review(coordinator, setup).content.decode()
    rows = _review_rows(page)
    assert len(rows) == REVIEW_PAGE_SIZE
    assert set(rows) <= {str(o.pk) for o in waiting}  # the accepted ones come after
    assert f"trên {len(accepted) + len(waiting)}" in page
    last = _review(coordinator, setup, trang=2).content.decode()
    assert {str(o.pk) for o in accepted} <= set(_review_rows(last))
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_the_review_queue_filters_by_unit_state_and_kind(coordinator, setup):
    sent = _submitted_by_soyte(setup)
    _sent_values(setup, _communes(5), state="accepted")
    soyte = _review_rows(_review(coordinator, setup, unit="so-y-te").content.decode())
    assert soyte == [str(sent.pk)]
    submitted = _review_rows(_review(coordinator, setup, state="submitted").content.decode())
    assert submitted == [str(sent.pk)]
    tasks_only = _review(coordinator, setup, kind="task").content.decode()
    assert 'id="review-values"' not in tasks_only and 'id="review-tasks"' in tasks_only


def test_the_review_queue_pager_and_the_review_forms_keep_the_filter(coordinator, setup):
    _sent_values(setup, _communes(REVIEW_PAGE_SIZE + 5))
    page = _review(coordinator, setup, state="submitted", kind="indicator").content.decode()
    link = re.search(r'rel="next" href="\?([^"]+)"', page).group(1)
    assert "state=submitted" in link and "kind=indicator" in link and "trang=2" in link
    # Deciding an item returns to the same filtered page, not to the whole queue.
    assert 'name="next" value="/bao-cao/ky/' in page
    assert re.search(r'name="next" value="[^"]*state=submitted[^"]*kind=indicator', page)
    second = _review(coordinator, setup, state="submitted", kind="indicator", trang=2)
    obs = Observation.objects.get(pk=_review_rows(second.content.decode())[0])
    back = f"/bao-cao/ky/{setup.round.pk}/tinh-hinh/duyet/?state=submitted&kind=indicator&trang=2"
    response = coordinator.post(
        f"/bao-cao/duyet/so-lieu/{obs.pk}/",
        {"decision": "accept", "version": obs.version, "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    obs.refresh_from_db()
    assert obs.state == "accepted"


def test_unknown_review_filters_are_ignored_not_errors(coordinator, setup):
    _submitted_by_soyte(setup)
    response = _review(coordinator, setup, state="draft", kind="x", unit="nope", trang="abc")
    assert response.status_code == 200
    assert _review_rows(response.content.decode()) == []  # an unknown unit lists nothing
    response = _review(coordinator, setup, state="draft", kind="x", trang="999")
    assert response.status_code == 200 and len(_review_rows(response.content.decode())) == 1


def test_the_review_queue_reads_as_many_queries_for_sixty_items_as_for_one(coordinator, setup):
    _submitted_by_soyte(setup)
    _review(coordinator, setup)  # caches of the session
    with CaptureQueriesContext(connection) as one:
        _review(coordinator, setup)
    _sent_values(setup, _communes(60))
    with CaptureQueriesContext(connection) as many:
        _review(coordinator, setup)
    assert len(many) == len(one)


def test_the_review_queue_refuses_unit_officers_and_shows_the_leader_no_decision(
    client_as, personas, setup
):
    _submitted_by_soyte(setup)
    assert _review(client_as(personas.approver_soyte), setup, unit="so-y-te").status_code == 403
    # Another department's officer: not even told the round exists (it owes nothing in it).
    assert _review(client_as(personas.reporter_taichinh), setup).status_code == 404
    leader_page = _review(client_as(personas.leader), setup).content.decode()
    assert len(_review_rows(leader_page)) == 1 and 'class="review-form"' not in leader_page


# -- the target page's values --------------------------------------------------------------------


def _values_rows(page: str) -> list[str]:
    table = page[page.index('id="observations"') :]
    return re.findall(r"<tr>\s*<td>([^<]+)</td>", table[: table.index("</table>")])


@pytest.fixture
def many_values():
    """A published target whose indicator has more values of the province than one page:
    years 1950 … (a page and a half), then a draft of the latest year."""
    target = Target.objects.filter(program__status="published").first()
    home = province()
    Observation.objects.filter(indicator=target.indicator).delete()
    years = list(range(1950, 1950 + TARGET_PAGE_SIZE + TARGET_PAGE_SIZE // 2))
    for year in years:
        accepted_value(target.indicator, home, str(year), year - 1900, source="thử")
    draft = Observation.objects.create(
        indicator=target.indicator,
        unit=home,
        period=str(years[-1] + 1),
        value=1,
        state="draft",
        source_kind="report",
    )
    return target, years, draft


def test_the_target_page_pages_its_values_and_opens_on_the_latest(client_as, many_values):
    target, years, _draft = many_values
    public = client_as(None)
    page = public.get(f"/chi-tieu/{target.pk}/").content.decode()
    rows = _values_rows(page)
    assert len(rows) == len(years) - TARGET_PAGE_SIZE  # the last page
    assert rows[-1] == f"Năm {years[-1]}"  # the latest value is shown, oldest first on its page
    assert 'rel="prev"' in page and 'rel="next"' not in page
    first = _values_rows(public.get(f"/chi-tieu/{target.pk}/", {"trang": 1}).content.decode())
    assert len(first) == TARGET_PAGE_SIZE and first[0] == f"Năm {years[0]}"
    assert public.get(f"/chi-tieu/{target.pk}/", {"trang": "abc"}).status_code == 200


def test_the_target_page_shows_drafts_to_staff_only(client_as, personas, many_values):
    target, _years, draft = many_values
    public = _values_rows(client_as(None).get(f"/chi-tieu/{target.pk}/").content.decode())
    staff = _values_rows(
        client_as(personas.coordinator).get(f"/chi-tieu/{target.pk}/").content.decode()
    )
    assert f"Năm {draft.period}" not in public and staff[-1] == f"Năm {draft.period}"


def test_the_target_page_reads_as_many_queries_for_many_values_as_for_one(client_as, many_values):
    target, _years, _draft = many_values
    client = client_as(None)
    client.get(f"/chi-tieu/{target.pk}/")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/chi-tieu/{target.pk}/")
    Observation.objects.filter(indicator=target.indicator).exclude(period="1950").delete()
    client.get(f"/chi-tieu/{target.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/chi-tieu/{target.pk}/")
    assert len(many) <= len(one) + 1  # the page's count: one more query, never one per value
    values = [q["sql"] for q in many.captured_queries if "registry_observation" in q["sql"]]
    assert not any("registry_program" in sql for sql in values)  # no plan text per value


# -- completeness and the round's summary, as plain rows ----------------------------------------


def test_completeness_counts_what_each_unit_sent_and_reads_a_few_queries(setup):
    sent = _submitted_by_soyte(setup)
    with CaptureQueriesContext(connection) as queries:
        table = selectors.completeness(rnd=setup.round)
    assert len(queries) <= 4  # assignments, units, values, task updates
    soyte = table[setup.soyte.pk]
    assert (soyte.expected, soyte.submitted, soyte.accepted) == (4, 1, 0)
    assert soyte.last_submitted_at == Observation.objects.get(pk=sent.pk).submitted_at
    assert table[setup.commune.pk].submitted == 0
    units = list(table.values())
    assert [(u.unit.kind, u.unit.name) for u in units] == sorted(
        (u.unit.kind, u.unit.name) for u in units
    )


def test_the_unit_summary_agrees_with_completeness_in_one_query(setup):
    _submitted_by_soyte(setup)
    with CaptureQueriesContext(connection) as queries:
        summary = {s.code: s for s in unit_summary(rnd=setup.round)}
    assert len(queries) == 1
    for status in selectors.completeness(rnd=setup.round).values():
        row = summary[status.unit.code]
        assert (row.expected, row.sent, row.accepted, row.returned) == (
            status.expected,
            status.submitted,
            status.accepted,
            status.returned,
        )


def test_the_value_sent_last_opens_the_review_queue(coordinator, setup):
    earlier = _sent_values(setup, _communes(REVIEW_PAGE_SIZE + 5))
    Observation.objects.filter(pk__in=[o.pk for o in earlier]).update(
        submitted_at=timezone.now() - timedelta(hours=1)
    )
    latest = _submitted_by_soyte(setup)  # Sở Y tế's leader has just signed it off
    rows = _review_rows(_review(coordinator, setup).content.decode())
    assert rows[0] == str(latest.pk) and len(rows) == REVIEW_PAGE_SIZE
