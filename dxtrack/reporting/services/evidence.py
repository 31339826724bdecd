"""Evidence files (minh chứng) attached to a reported item while the unit may still edit it.
The content checks are in `reporting/evidence_checks.py`."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils.translation import gettext

from dxtrack.core.audit import audit_record, snapshot
from dxtrack.reporting import evidence_checks
from dxtrack.reporting.errors import Locked, ReportingError
from dxtrack.reporting.models import Evidence
from dxtrack.reporting.workflow import (
    EDITABLE,
    Actor,
    Item,
    actor_name,
    authenticated,
    item_owner,
    lock_in_open_round,
    require_open,
    require_writer,
)


def settings_evidence_max() -> int:
    return settings.EVIDENCE_MAX_BYTES


def evidence_check(*, name: str, content: bytes) -> evidence_checks.Checked:
    """The file's kind decided by its content; a refused file is a field error."""
    try:
        return evidence_checks.check(data=content, name=name, max_bytes=settings_evidence_max())
    except evidence_checks.EvidenceError as exc:
        raise ReportingError(str(exc), {"evidence": [f"{name}: {exc}"]}) from None


def evidence_store(
    *,
    acting_user: Actor,
    item: Item,
    name: str,
    content: bytes,
    checked: evidence_checks.Checked,
    via: str,
) -> Evidence:
    """Store a checked file for the item, in the caller's transaction, with its audit row."""
    safe_name = name.replace("/", "_").replace("\\", "_")[-200:] or "minh-chung"
    row = Evidence(
        original_name=safe_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=authenticated(acting_user),
        **item_owner(item),
    )
    # Stored under its hash (once per content): the name a user chose never reaches the disk.
    path = f"evidence/{checked.sha256[:2]}/{checked.sha256}.{checked.kind}"
    storage = row.file.storage
    if not storage.exists(path):
        path = storage.save(path, ContentFile(content))
    row.file.name = path
    row.save()
    audit_record(
        actor=acting_user,
        actor_name=actor_name(acting_user, via),
        action="evidence.add",
        obj=row,
        after={
            **snapshot(row, ["original_name", "content_type", "size", "sha256"]),
            "item": str(item)[:200],
        },
        unit_code=item.unit.code,
    )
    return row


def evidence_attach(
    *, acting_user: Actor, item: Item, name: str, content: bytes, via: str = "web"
) -> Evidence:
    require_writer(acting_user, item.unit)
    checked = evidence_check(name=name, content=content)
    with transaction.atomic():
        item = lock_in_open_round(item)
        if item.state not in EDITABLE:
            raise Locked(gettext("Mục đã gửi: không thể thêm minh chứng."))
        return evidence_store(
            acting_user=acting_user,
            item=item,
            name=name,
            content=content,
            checked=checked,
            via=via,
        )


def evidence_remove(*, acting_user: Actor, evidence: Evidence) -> None:
    """Delete the evidence row and, once the deletion is committed, its file from storage unless
    another evidence row holds the same content (files are stored once per content). The audit
    row names the file and says whether it goes."""
    item = evidence.item
    require_writer(acting_user, item.unit)
    name = evidence.file.name
    with transaction.atomic():
        if item.round is not None:
            require_open(item.round)
        if item.state not in EDITABLE:
            raise Locked(gettext("Mục đã gửi: không thể xoá minh chứng."))
        shared = Evidence.objects.filter(file=name).exclude(pk=evidence.pk).exists()
        audit_record(
            actor=acting_user,
            action="evidence.remove",
            obj=evidence,
            before={**snapshot(evidence, ["original_name", "sha256", "size"]), "file": name},
            after={"file_deleted": bool(name) and not shared},
            unit_code=item.unit.code,
            comment=gettext("Tệp được giữ: minh chứng khác có cùng nội dung.")
            if shared
            else gettext("Tệp đã xoá khỏi kho lưu trữ."),
        )
        storage = evidence.file.storage
        evidence.delete()
        if name and not shared:
            transaction.on_commit(lambda: _file_delete_unless_used(storage=storage, name=name))


def _file_delete_unless_used(*, storage: Storage, name: str) -> None:
    """After the commit: the file goes unless an evidence row took the same content meanwhile."""
    if not Evidence.objects.filter(file=name).exists():
        storage.delete(name)
