"""Every write leaves an audit row in its own transaction."""

import pytest
from django.db import transaction

from dxtrack.core import freshness
from dxtrack.core.audit import audit_record
from dxtrack.core.models import AuditLog
from dxtrack.registry.models import Unit

pytestmark = pytest.mark.django_db


def test_a_rolled_back_write_leaves_no_audit_row():
    before = AuditLog.objects.count()
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(actor=None, action="unit.update", object_type="t", object_id="1")
        raise ValueError
    assert AuditLog.objects.count() == before


def test_an_admin_edit_records_before_and_after(client_as, personas):
    unit = Unit.objects.get(code="so-y-te")
    client = client_as(personas.admin)
    response = client.post(
        f"/quan-tri/registry/unit/{unit.pk}/change/",
        {
            "code": unit.code,
            "name": unit.name,
            "short_name": "SYT",
            "kind": unit.kind,
            "aliases": '["Sở Y tế tỉnh"]',
            "note": "",
            "successors": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AuditLog.objects.filter(action="unit.admin_update", object_id=str(unit.pk)).latest("id")
    assert row.actor == personas.admin
    assert row.before["short_name"] == unit.short_name and row.after["short_name"] == "SYT"


def test_an_audit_row_tells_every_freshness_listener(monkeypatch):
    """Writing the audit row is how a write announces itself (core/freshness.py)."""
    heard = []
    monkeypatch.setattr(freshness, "_listeners", [lambda **change: heard.append(change)])
    with transaction.atomic():
        audit_record(actor=None, action="unit.update", object_type="registry.unit", object_id="1")
    assert heard == [{"action": "unit.update", "object_type": "registry.unit"}]
