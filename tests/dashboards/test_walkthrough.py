"""A new user's walk through the dashboards (issue 16): rankings open on the last closed quarter,
the open one is marked provisional."""

import re
from datetime import date

import pytest

from dxtrack.evaluation import services
from dxtrack.outputs import render
from dxtrack.outputs import services as outputs
from dxtrack.registry.models import Program
from dxtrack.reporting import services as reporting
from tests.helpers import Setup, open_round_assigning, province, value_sent_by_reporter

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


# -- "Việc của tôi" (issue 11) ------------------------------------------------------------------

MY_WORK = "/tong-quan/viec-cua-toi/"


def test_the_leader_reaches_the_latest_issued_report_from_the_landing(
    personas, client_as, monkeypatch
):
    monkeypatch.setattr(render, "soffice_path", lambda: None)  # DOCX and XLSX only
    services.evaluation_recompute_all(as_of=date(2026, 11, 20))
    coordinator = personas.coordinator
    assert 'id="latest-report"' not in client_as(personas.leader).get(MY_WORK).content.decode()
    draft = outputs.report_create(actor=coordinator, kind="quarter", period="2026Q2")
    issued = outputs.report_create(actor=coordinator, kind="quarter", period="2026Q3")
    issued = outputs.report_issue(actor=coordinator, report=issued, number="215/BC-UBND")
    html = client_as(personas.leader).get(MY_WORK).content.decode()
    assert f'href="/bao-cao-tong-hop/{issued.pk}/"' in html and "215/BC-UBND" in html
    assert f'href="/bao-cao-tong-hop/{draft.pk}/"' not in html  # a draft is no issued report
    assert client_as(personas.leader).get(f"/bao-cao-tong-hop/{issued.pk}/").status_code == 200


def test_the_coordinator_sees_returned_items_and_units_not_yet_sent_with_links(
    personas, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup = Setup(personas)
    html = client_as(personas.coordinator).get(MY_WORK).content.decode()
    rnd = setup.round.pk
    assert f'href="/bao-cao/ky/{rnd}/tinh-hinh/duyet/?state=returned" id="returned-{rnd}"' in html
    assert re.search(rf'id="returned-{rnd}">\s*0 mục đã trả lại', html)
    unsent = re.search(rf'id="unsent-{rnd}">\s*(\d+) đơn vị chưa gửi đủ', html)
    assert unsent and int(unsent.group(1)) >= 1  # Sở Y tế has sent nothing yet
    sent = value_sent_by_reporter(setup)
    reporting.item_approve(acting_user=personas.approver_soyte, item=sent)
    reporting.item_return(acting_user=personas.coordinator, item=sent, comment="Ghi rõ nguồn")
    html = client_as(personas.coordinator).get(MY_WORK).content.decode()
    assert re.search(rf'id="returned-{rnd}">\s*1 mục đã trả lại', html)


def test_other_roles_see_neither_the_coordinators_counts_nor_the_leaders_report(
    personas, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup = Setup(personas)
    html = client_as(personas.reporter_taichinh).get(MY_WORK).content.decode()
    assert f'id="returned-{setup.round.pk}"' not in html and 'id="latest-report"' not in html
