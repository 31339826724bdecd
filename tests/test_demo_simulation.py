"""The demo's simulated history: units report through quarterly rounds (some late, some returned
and corrected, a few missing), the coordinator accepts, and the dashboards come alive — few
targets left without data, a ranking for every group in each of the last four quarters — while
every simulated figure is marked as such on the pages and `--no-sample` takes it all away."""

from datetime import date

import pytest
from django.db import transaction
from django.test import override_settings

from dxtrack.dashboards.demo_history import TITLE_MARK, history_remove, history_simulate
from dxtrack.evaluation.models import RankingRow, TargetEvaluation
from dxtrack.evaluation.services import evaluation_recompute_all
from dxtrack.registry.demo_data import load_demo_responsibilities
from dxtrack.registry.models import IndicatorResponsibility, Unit
from dxtrack.reporting.models import Observation, Round, TaskUpdate, ValueRevision
from tests.helpers import make_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 8, 10)  # the last four quarters: 2025Q3 to 2026Q2
LAST_FOUR = ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]
MARK = 'class="sim"'
BANNER = 'id="sim-banner"'


def document_figures() -> list[tuple]:
    return sorted(
        Observation.objects.filter(source_kind="document").values_list("pk", "value", "state")
    )


@pytest.fixture(scope="module")
def simulation(django_db_setup, django_db_blocker, tmp_path_factory):
    """One simulation for the module (about 10 s), rolled back after its last test; each test
    runs in its own savepoint inside it."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        before = document_figures()
        make_user("coordinator-sim-t", "coordinator", "so-khoa-hoc-va-cong-nghe")
        load_demo_responsibilities(log=lambda message: None)
        totals = history_simulate(today=TODAY, first=LAST_FOUR[0], log=lambda message: None)
        evaluation_recompute_all(as_of=TODAY)
        yield totals, before
        transaction.set_rollback(True)


@pytest.fixture
def simulated(simulation, db):
    return simulation[0]


@pytest.fixture
def plans_figures(simulation):
    """The figures the plans themselves quote (loaded from the documents), before simulating."""
    return simulation[1]


def test_the_history_has_late_returned_and_missing_reports(simulated):
    assert simulated["rounds"] == 5  # four past quarters and the current one, open
    assert simulated["late"] > 0 and simulated["returned"] > 0 and simulated["missing"] > 0
    assert Round.objects.filter(title__endswith=TITLE_MARK, state="open").count() == 1
    returned = ValueRevision.objects.filter(action="return").first()
    assert returned is not None and returned.comment
    done = TaskUpdate.objects.filter(simulated=True, progress="completed", state="accepted")
    assert done.exists() and all(u.completed_on and u.evidence.exists() for u in done[:20])
    assert TaskUpdate.objects.filter(simulated=True, disbursed__gt=0).exists()
    assert TaskUpdate.objects.filter(simulated=True).exclude(narrative="").exists()
    assert TaskUpdate.objects.filter(simulated=True).exclude(difficulties="").exists()


def test_every_simulated_item_is_marked_and_the_plans_figures_are_unchanged(
    simulated, plans_figures
):
    in_rounds = Observation.objects.filter(round__title__endswith=TITLE_MARK)
    assert in_rounds.exists() and not in_rounds.filter(simulated=False).exists()
    assert not TaskUpdate.objects.filter(
        round__title__endswith=TITLE_MARK, simulated=False
    ).exists()
    assert not Observation.objects.filter(source_kind="document", simulated=True).exists()
    assert document_figures() == plans_figures


def test_fewer_than_a_fifth_of_targets_lack_data(simulated):
    statuses = list(TargetEvaluation.objects.values_list("status", flat=True))
    assert statuses.count("no_data") < 0.2 * len(statuses)
    assert {"achieved", "on_track", "at_risk"} <= set(statuses)


def test_every_group_has_a_ranking_for_the_last_four_quarters(simulated):
    groups = {g for g in RankingRow.Group.values if Unit.objects.filter(**_members(g)).exists()}
    assert groups == set(RankingRow.Group.values), "a ranking group has no unit in the demo"
    for group in groups:
        for period in LAST_FOUR:
            ranked = RankingRow.objects.filter(group=group, period=period, rank__isnull=False)
            assert ranked.count() >= 2, f"no ranking for {group} in {period}"


def test_the_small_and_medium_enterprises_are_simulated_and_report_their_digital_adoption(
    simulated,
):
    smes = Unit.objects.filter(kind="enterprise", is_sme=True)
    assert smes.count() >= 3 and simulated["sme_units"] == smes.count()
    assert all("(mô phỏng)" in u.name and "mô phỏng" in u.note for u in smes)
    reported = Observation.objects.filter(unit__in=smes)
    assert reported.exists() and not reported.filter(simulated=False).exists()
    assert any("vừa và nhỏ" in n for n in reported.values_list("indicator__name", flat=True))
    # They contribute: the province's figure stays the lead department's.
    roles = set(
        IndicatorResponsibility.objects.filter(unit__in=smes).values_list("role", flat=True)
    )
    assert roles == {"contributing"}


def _members(group: str) -> dict:
    return {"kind": "enterprise", "is_sme": True} if group == "sme" else {"kind": group}


def test_the_pages_show_a_banner_and_a_mark_beside_simulated_figures(
    simulated, client_as, personas
):
    obs = Observation.objects.filter(simulated=True, state="accepted", unit__code="so-y-te").first()
    assert obs is not None
    target = obs.indicator.targets.first()
    pages = {
        "overview": "/tong-quan/",
        "indicator": f"/tong-quan/chi-so/{obs.indicator_id}/",
        "target": f"/chi-tieu/{target.pk}/",
        "program": f"/tong-quan/chuong-trinh/{target.program_id}/",
        "unit": "/tong-quan/don-vi/so-y-te/",
        "unit's own page": "/don-vi/so-y-te/",
        "rankings": f"/tong-quan/xep-hang/?group=department&period={LAST_FOUR[-1]}",
    }
    for user in (None, personas.leader):
        client = client_as(user)
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, name
            html = response.content.decode()
            assert BANNER in html and "Dữ liệu mô phỏng" in html, f"no banner on the {name} page"
            assert MARK in html, f"no mark beside the simulated figures of the {name} page"
    # Every page, even one without figures, carries the banner.
    assert BANNER in client_as(None).get("/don-vi/").content.decode()


def test_no_sample_takes_the_simulation_away(simulated, client_as, plans_figures):
    smes = list(Unit.objects.filter(is_sme=True).values_list("code", flat=True))
    counts = history_remove(log=lambda message: None)
    assert smes and counts["sme_units"] == len(smes)
    assert not Unit.objects.filter(code__in=smes).exists()
    assert not IndicatorResponsibility.objects.filter(unit__code__in=smes).exists()
    assert IndicatorResponsibility.objects.exists()  # the other responsibilities stay
    assert not Observation.objects.filter(simulated=True).exists()
    assert not TaskUpdate.objects.filter(simulated=True).exists()
    assert not Round.objects.filter(title__endswith=TITLE_MARK).exists()
    assert document_figures() == plans_figures
    evaluation_recompute_all(as_of=TODAY)
    html = client_as(None).get("/tong-quan/").content.decode()
    assert BANNER not in html and MARK not in html
