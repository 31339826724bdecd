"""Headline figures count published programs only: a draft plan's targets never reach the
overview's counts or the landing page, whoever reads them; the coordinator sees drafts apart,
in a "bản nháp" area, and on the draft's own page."""

import pytest
from django.contrib.auth.models import AnonymousUser

from dxtrack.evaluation import selectors as ev
from dxtrack.registry.models import Indicator
from tests.helpers import add_target, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    """A draft plan just imported, with three targets nobody has reviewed."""
    program = make_program(key="NHAP-1", number="99/KH-NHAP", title="Kế hoạch nháp", status="draft")
    for n in range(3):
        add_target(program, Indicator.objects.create(name=f"Chỉ số nháp {n}", unit="%"))
    return program


def overview_targets(client) -> str:
    html = client.get("/tong-quan/").content.decode()
    return html.split('<span id="n-targets">', 1)[1].split("</span>", 1)[0]


def test_leaders_and_the_public_read_the_same_counts(personas, draft, client_as):
    public = ev.overview(user=AnonymousUser())
    for persona in (personas.leader, personas.coordinator, personas.admin):
        assert ev.overview(user=persona)["n_targets"] == public["n_targets"]
        assert ev.overview(user=persona)["target_totals"] == public["target_totals"]
    assert overview_targets(client_as(personas.leader)) == overview_targets(client_as(None))
    assert overview_targets(client_as(personas.coordinator)) == str(public["n_targets"])


def test_the_coordinator_sees_drafts_apart(personas, draft, client_as):
    html = client_as(personas.coordinator).get("/tong-quan/").content.decode()
    assert 'id="drafts"' in html and "Bản nháp" in html
    area = html.split('id="drafts"', 1)[1]
    assert f"/chuong-trinh/{draft.pk}/" in area and "3 chỉ tiêu" in area
    assert client_as(personas.coordinator).get(f"/chuong-trinh/{draft.pk}/").status_code == 200


@pytest.mark.parametrize("persona", ["leader", "reporter_soyte", None])
def test_no_one_else_sees_the_draft_area(personas, draft, client_as, persona):
    user = getattr(personas, persona) if persona else None
    html = client_as(user).get("/tong-quan/").content.decode()
    assert 'id="drafts"' not in html and "99/KH-NHAP" not in html


def test_the_landing_page_counts_published_targets_only(personas, draft, client_as):
    html = client_as(personas.leader).get("/tong-quan/viec-cua-toi/").content.decode()
    public = ev.overview(user=AnonymousUser())
    assert f"{public['n_targets']} chỉ tiêu của các chương trình đã công bố" in html
    coordinator = client_as(personas.coordinator).get("/tong-quan/viec-cua-toi/").content.decode()
    assert 'id="drafts"' in coordinator and "99/KH-NHAP" in coordinator
