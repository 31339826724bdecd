"""Pages cached under the evaluation stamp show every write at once (issue 16, speed).

The registry's program page body, the leader's figures as of the end of last quarter and the
stamp itself (read once per request) are kept between requests; each test writes the way users
do (publishing, an admin rename, a value the coordinator enters) and reads the page again."""

from datetime import datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dxtrack.core.periods import Period
from dxtrack.dashboards.my_work import leader_overview
from dxtrack.evaluation import stamp
from dxtrack.evaluation.models import EvaluationStamp
from dxtrack.evaluation.services import stamp_bump
from dxtrack.evaluation.stamp import stamp_read
from dxtrack.registry.models import Program, Task, Unit
from dxtrack.registry.services import program_unpublish
from dxtrack.reporting.services.corrections import observation_correct
from tests.helpers import (
    accepted_value,
    admin_change_unit,
    indicator_target,
    page_text,
    province,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(personas):
    program = Program.objects.exclude(number="2840/QĐ-UBND").order_by("pk").first()
    program_unpublish(program=program, acting_user=None)
    return program


def program_url(program: Program) -> str:
    return f"/chuong-trinh/{program.pk}/"


def test_the_program_page_shows_the_publication_made_after_it_was_cached(
    client_as, personas, draft
):
    client = client_as(personas.coordinator)
    assert 'id="open-review"' in client.get(program_url(draft)).content.decode()
    assert client.post(f"/chuong-trinh/{draft.pk}/cong-bo/").status_code == 302
    html = client.get(program_url(draft)).content.decode()
    assert 'id="open-review"' not in html
    assert str(Program.Status.PUBLISHED.label) in html


def test_a_leader_never_gets_the_coordinators_buttons_from_the_cache(client_as, personas, draft):
    assert (
        'id="open-review"'
        in client_as(personas.coordinator).get(program_url(draft)).content.decode()
    )
    response = client_as(personas.leader).get(program_url(draft))
    assert response.status_code == 200
    assert 'id="open-review"' not in response.content.decode()


def test_the_cached_page_still_refuses_a_draft_to_the_public_and_to_unit_officers(
    client_as, personas, draft
):
    assert client_as(personas.coordinator).get(program_url(draft)).status_code == 200
    assert client_as(None).get(program_url(draft)).status_code == 404
    assert client_as(personas.reporter_soyte).get(program_url(draft)).status_code == 404


def test_a_unit_renamed_in_the_admin_shows_on_the_cached_program_page(client_as, personas):
    soyte = Unit.objects.get(code="so-y-te")
    task = Task.objects.filter(task_units__unit=soyte, program__status="published").first()
    url = program_url(task.program)
    client = client_as(personas.admin)
    assert "Sở Y tế thử đổi tên" not in client.get(url).content.decode()
    assert admin_change_unit(client, soyte, name="Sở Y tế thử đổi tên").status_code == 302
    assert "Sở Y tế thử đổi tên" in client_as(None).get(url).content.decode()


def test_the_english_page_is_not_served_from_the_vietnamese_cache(client_as):
    program = Program.objects.filter(status="published").order_by("pk").first()
    client = client_as(None)
    vietnamese = page_text(client, program_url(program), english=False)
    english = page_text(client, program_url(program), english=True)
    assert "Mục lục trang" in vietnamese
    assert "Mục lục trang" not in english


def test_a_page_reads_the_stamp_once(client_as, personas):
    stamp_bump()  # a new token: the overview is rendered afresh, every part asking for it
    client = client_as(None)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/tong-quan/").status_code == 200
    reads = [q for q in captured.captured_queries if EvaluationStamp._meta.db_table in q["sql"]]
    assert len(reads) == 1


def test_a_request_that_renews_the_stamp_reads_the_new_token(personas):
    stamp_bump()
    # the stamp's own receivers, not the signals: Django's close_old_connections also listens to
    # them and would close PostgreSQL's connection inside the test's transaction
    stamp._request_started()
    try:
        before = stamp_read()
        assert stamp_read() == before
        stamp_bump()
        assert stamp_read() != before
    finally:
        stamp._request_finished()


def test_outside_a_request_the_stamp_is_read_every_time(personas):
    stamp_bump()
    stamp_read()
    EvaluationStamp.objects.filter(pk=1).update(token="changed-elsewhere")
    assert stamp_read()[0] == "changed-elsewhere"


def test_the_leaders_figures_of_last_quarter_are_kept_until_the_stamp_is_renewed(personas):
    program = Program.objects.filter(status="published").order_by("pk").first()
    target = indicator_target(
        program, "Chỉ số thử bộ nhớ đệm", aggregation="province", unit="%", value=90
    )
    today = timezone.localdate()
    last_quarter = Period.for_date("quarter", today).previous()

    def no_data_before() -> int:
        rows = leader_overview(user=personas.leader, today=today)["rows"]
        return next(r["before"] for r in rows if r["status"] == "no_data")

    stamp_bump()
    before = no_data_before()
    # Two values of the province accepted during last quarter (stored without the accept hook).
    reviewed = timezone.make_aware(datetime.combine(last_quarter.start, time(9)))
    for period, value in ((last_quarter.previous(), 10), (last_quarter.previous().previous(), 5)):
        accepted_value(target.indicator, province(), period.code, value, reviewed_at=reviewed)
    assert no_data_before() == before  # the figures are kept under the same stamp…
    stamp_bump()  # …which every audited write and every accept renews
    assert no_data_before() == before - 1


def test_a_reporter_cannot_enter_a_province_value_for_last_quarter(personas):
    program = Program.objects.filter(status="published").order_by("pk").first()
    target = indicator_target(program, "Chỉ số thử từ chối", aggregation="province", unit="%")
    with pytest.raises(PermissionDenied):
        observation_correct(
            acting_user=personas.reporter_soyte,
            indicator=target.indicator,
            unit=province(),
            period=Period.for_date("quarter", timezone.localdate()).previous().code,
            value="10",
            reason="thử",
        )
    assert not target.indicator.observations.exists()
