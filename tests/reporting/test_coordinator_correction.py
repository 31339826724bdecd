"""The coordinator enters or corrects a unit's value with a reason: accepted at once, the reason in
the value's history and in the audit log (before → after), the unit's rules still applied, and
nobody else may do it."""

import pytest
from django.core.exceptions import PermissionDenied

from dxtrack.core.models import AuditLog
from dxtrack.reporting.models import Observation, ValueRevision
from dxtrack.reporting.services import ReportingError
from dxtrack.reporting.services.corrections import observation_correct
from tests.helpers import PERIOD, value_sent_by_reporter

pytestmark = pytest.mark.django_db

REASON = "Sở Y tế gửi công văn số 123/SYT đính chính số liệu"


def test_the_coordinator_corrects_a_value_with_its_reason_in_the_audit_log(setup):
    sent = value_sent_by_reporter(setup, value="40")
    corrected = observation_correct(
        acting_user=setup.p.coordinator,
        indicator=setup.percent,
        unit=setup.soyte,
        period=PERIOD,
        value="42,5",
        reason=REASON,
    )
    assert corrected.pk == sent.pk
    assert (corrected.value, corrected.state) == (42.5, "accepted")
    assert corrected.reviewed_by == setup.p.coordinator
    audit = AuditLog.objects.get(action="observation.correct", object_id=str(sent.pk))
    assert audit.comment == REASON
    assert audit.before["value"] == 40.0 and audit.after["value"] == 42.5
    assert audit.before["state"] != "accepted" and audit.after["state"] == "accepted"
    revision = ValueRevision.objects.filter(observation=sent).latest("pk")
    assert (revision.action, revision.comment) == ("correct", REASON)


def test_a_corrected_simulated_value_is_no_longer_marked_simulated(setup):
    sent = value_sent_by_reporter(setup, value="40")
    Observation.objects.filter(pk=sent.pk).update(simulated=True)
    corrected = observation_correct(
        acting_user=setup.p.coordinator,
        indicator=setup.percent,
        unit=setup.soyte,
        period=PERIOD,
        value="41",
        reason=REASON,
    )
    assert corrected.simulated is False


def test_a_correction_needs_a_reason(setup):
    with pytest.raises(ReportingError) as refused:
        observation_correct(
            acting_user=setup.p.coordinator,
            indicator=setup.percent,
            unit=setup.soyte,
            period=PERIOD,
            value="41",
            reason="  ",
        )
    assert "reason" in refused.value.errors
    assert not Observation.objects.filter(indicator=setup.percent, unit=setup.soyte).exists()


@pytest.mark.parametrize("persona", ["leader", "reporter_soyte", "approver_soyte"])
def test_only_the_coordinator_corrects_values(setup, persona):
    with pytest.raises(PermissionDenied):
        observation_correct(
            acting_user=getattr(setup.p, persona),
            indicator=setup.percent,
            unit=setup.soyte,
            period=PERIOD,
            value="41",
            reason=REASON,
        )


def test_the_coordinator_enters_a_missing_value_from_the_indicator_page(setup, client_as):
    client = client_as(setup.p.coordinator)
    url = f"/tong-quan/chi-so/{setup.percent.pk}/nhap-so-lieu/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"unit": setup.soyte.pk, "period": "2026Q3", "value": "37,5", "reason": REASON}
    )
    assert response.status_code == 302
    entered = Observation.objects.get(indicator=setup.percent, unit=setup.soyte, period="2026Q3")
    assert (entered.value, entered.state, entered.source_kind) == (37.5, "accepted", "report")
    audit = AuditLog.objects.get(action="observation.enter", object_id=str(entered.pk))
    assert audit.comment == REASON and audit.actor == setup.p.coordinator


def test_a_percentage_over_100_is_refused_next_to_the_field(setup, client_as):
    response = client_as(setup.p.coordinator).post(
        f"/tong-quan/chi-so/{setup.percent.pk}/nhap-so-lieu/",
        {"unit": setup.soyte.pk, "period": "2026Q3", "value": "140", "reason": REASON},
    )
    assert response.status_code == 400
    assert "Tỷ lệ phải từ 0 đến 100" in response.content.decode()
    assert not Observation.objects.filter(indicator=setup.percent, period="2026Q3").exists()


def test_a_bad_period_is_refused_with_a_clear_message(setup, client_as):
    response = client_as(setup.p.coordinator).post(
        f"/tong-quan/chi-so/{setup.percent.pk}/nhap-so-lieu/",
        {"unit": setup.soyte.pk, "period": "2026Q7", "value": "40", "reason": REASON},
    )
    assert response.status_code == 400
    assert 'id="id_period_errors"' in response.content.decode()


@pytest.mark.parametrize("persona", ["leader", "reporter_soyte"])
def test_the_entry_page_is_refused_to_others(setup, client_as, persona):
    response = client_as(getattr(setup.p, persona)).get(
        f"/tong-quan/chi-so/{setup.percent.pk}/nhap-so-lieu/"
    )
    assert response.status_code == 403
