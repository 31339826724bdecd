"""A new user's walk through the dashboards (issue 16): rankings open on the last closed quarter,
the open one is marked provisional."""

from datetime import date

import pytest

from dxtrack.evaluation import services
from dxtrack.registry.models import Program
from tests.helpers import open_round_assigning, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(db):
    services.evaluation_recompute_all(as_of=date(2026, 11, 20))


def _heading(page: str) -> str:
    return page.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_the_leader_lands_on_the_ranking_of_the_last_full_quarter(evaluated, personas, client_as):
    page = client_as(personas.leader).get("/tong-quan/xep-hang/").content.decode()
    heading = _heading(page)
    assert "Quý III năm 2026" in heading and "tạm tính" not in heading
    assert 'id="ranking-provisional"' not in page
    assert '<option value="2026Q3" selected>' in page


def test_the_leader_may_still_open_the_quarter_in_progress_marked_provisional(
    evaluated, personas, client_as
):
    client = client_as(personas.leader)
    page = client.get("/tong-quan/xep-hang/", {"period": "2026Q4"}).content.decode()
    assert "Quý IV năm 2026" in _heading(page) and "tạm tính" in _heading(page)
    assert 'id="ranking-provisional"' in page
    closed = client.get("/tong-quan/xep-hang/", {"period": "2026Q2"}).content.decode()
    assert "tạm tính" not in _heading(closed)


def test_a_quarter_whose_round_is_still_open_is_provisional(evaluated, personas, client_as):
    program = Program.objects.filter(status="published").first()
    target = program.targets.select_related("indicator").first()
    open_round_assigning(personas, program, province(), target.indicator, "2026Q3")
    page = client_as(personas.leader).get("/tong-quan/xep-hang/").content.decode()
    assert "Quý III năm 2026" in _heading(page) and "tạm tính" in _heading(page)


def test_a_bad_period_is_refused_with_a_404_not_an_error(evaluated, personas, client_as):
    response = client_as(personas.leader).get("/tong-quan/xep-hang/", {"period": "2026Q9"})
    assert response.status_code == 404
