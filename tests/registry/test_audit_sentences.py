"""The audit log reads as Vietnamese sentences at local time, filtered by unit, object, action."""

import re
from datetime import UTC, datetime

import pytest
from django.db import transaction

from dxtrack.core.audit import audit_record
from dxtrack.core.models import AuditLog, ReviewState
from dxtrack.core.templatetags.vn import shorten_text as shorten
from dxtrack.registry.audit_sentences import change_words, local_time
from dxtrack.reporting import services, workflow
from dxtrack.reporting.workflow import Transition
from tests.helpers import Setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(personas):
    """Sở Y tế's percentage for 2026Q4 saved at 45,5, corrected to 47, sent and accepted."""
    setup = Setup(personas)
    obs = services.observation_save(
        acting_user=personas.reporter_soyte, assignment=setup.a_percent, value="45,5"
    )
    obs = services.observation_save(
        acting_user=personas.reporter_soyte,
        assignment=setup.a_percent,
        value="47",
        version=obs.version,
        submit=True,
    )
    if obs.state == ReviewState.PENDING_APPROVAL:
        obs = workflow.item_transition(
            acting_user=personas.approver_soyte, item=obs, transition=Transition.APPROVE
        )
    workflow.item_transition(
        acting_user=personas.coordinator, item=obs, transition=Transition.ACCEPT
    )
    return setup


def _rows(html: str) -> list[str]:
    body = html[html.index('<table class="data" id="audit">') :]
    body = body[: body.index("</table>")]
    cells = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells[1:]]


def test_the_audit_log_says_who_did_what_to_which_value_of_which_unit(
    client_as, personas, accepted
):
    html = client_as(personas.coordinator).get("/nhat-ky/", {"unit": "so-y-te"}).content.decode()
    rows = _rows(html)
    accept = next(r for r in rows if "đã chấp nhận" in r)
    assert "coordinator-t đã chấp nhận số liệu «" in accept
    assert "của Sở Y tế (Quý IV năm 2026)" in accept
    assert "giá trị: 47" in accept and "trạng thái: Đã gửi → Đã chấp nhận" in accept
    edit = next(r for r in rows if "45,5 →" in r)
    assert re.match(r"\d\d/\d\d/\d{4} \d\d:\d\d ", edit)  # local time first
    assert "reporter-soyte-t đã gửi" in edit and "giá trị: 45,5 → 47" in edit
    assert not any("so-y-te" in r for r in rows)


def test_the_audit_log_shows_no_action_code_no_dict_and_no_utc_timestamp(
    client_as, personas, accepted
):
    html = client_as(personas.coordinator).get("/nhat-ky/").content.decode()
    text = " ".join(_rows(html))
    assert "observation.accept" not in text and "round.create" not in text
    assert "{" not in text and "'" not in text
    assert not re.search(r"\d{4}-\d\d-\d\dT", text)
    assert not re.search(r"\b20\d\dQ\d\b", text)
    assert 'data-action="observation.accept"' in html  # kept for tools, not shown


def test_times_are_local_dd_mm_yyyy_hh_mm():
    assert local_time(datetime(2026, 12, 6, 20, 30, tzinfo=UTC)) == "07/12/2026 03:30"


def test_the_audit_log_filters_by_unit_object_and_action(client_as, personas, accepted):
    client = client_as(personas.coordinator)
    accepts = _rows(
        client.get("/nhat-ky/", {"object": "observation", "verb": "accept"}).content.decode()
    )
    assert accepts and all("đã chấp nhận số liệu" in r for r in accepts)
    rounds = _rows(client.get("/nhat-ky/", {"object": "round"}).content.decode())
    assert rounds and all("kỳ báo cáo" in r for r in rounds)
    other = _rows(client.get("/nhat-ky/", {"unit": "so-tai-chinh"}).content.decode())
    assert not any("Sở Y tế" in r for r in other)


def test_the_filters_offer_units_objects_and_actions_in_words(client_as, personas):
    html = client_as(personas.coordinator).get("/nhat-ky/").content.decode()
    assert '<option value="so-y-te">Sở Y tế</option>' in html
    assert '<option value="observation">Số liệu</option>' in html
    assert '<option value="accept">Chấp nhận</option>' in html


def test_an_action_without_words_still_reads_as_a_sentence(client_as, personas):
    with transaction.atomic():
        audit_record(
            actor=personas.coordinator,
            action="user.create_demo",
            object_type="auth.user",
            before=None,
            after={"username": "demo", "roles": ["reporter"]},
        )
        audit_record(actor=personas.coordinator, action="something.unheard_of", object_id="1")
    text = " ".join(_rows(client_as(personas.coordinator).get("/nhat-ky/").content.decode()))
    assert "coordinator-t đã tạo tài khoản dùng thử" in text
    assert "coordinator-t đã thực hiện thao tác với mục" in text
    assert "user.create_demo" not in text and "unheard_of" not in text


def test_a_reporter_is_still_refused_the_audit_log(client_as, personas):
    assert client_as(personas.reporter_soyte).get("/nhat-ky/").status_code == 403


def test_changes_read_in_words():
    assert change_words({"progress": "not_started"}, {"progress": "in_progress"}) == [
        "tình trạng: Chưa triển khai → Đang triển khai"
    ]
    assert change_words(None, {"period": "2026Q4", "year": 2026}) == [
        "kỳ: Quý IV năm 2026",
        "năm: 2026",
    ]
    assert change_words({"due_date": "2027-01-21"}, {"due_date": "2027-01-28"}) == [
        "hạn gửi: 21/01/2027 → 28/01/2027"
    ]


def test_long_names_are_cut_at_a_word_boundary():
    cut = shorten("Kế hoạch chuyển đổi số của tỉnh Thái Nguyên năm 2026", 40)
    assert cut.endswith("…") and "Thái N…" not in cut
    assert cut[:-1] == "Kế hoạch chuyển đổi số của tỉnh Thái"


def test_audit_rows_count_stays_low(accepted):
    assert AuditLog.objects.count() > 0


AMENDMENT_SENTENCES = {
    "amendment.start": "đã bắt đầu điều chỉnh, bổ sung chương trình",
    "amendment.target_update": "đã sửa theo văn bản điều chỉnh chỉ tiêu",
    "amendment.target_add": "đã bổ sung theo văn bản điều chỉnh chỉ tiêu",
    "amendment.target_repeal": "đã bãi bỏ theo văn bản điều chỉnh chỉ tiêu",
    "amendment.task_update": "đã sửa theo văn bản điều chỉnh nhiệm vụ",
    "amendment.task_add": "đã bổ sung theo văn bản điều chỉnh nhiệm vụ",
    "amendment.task_repeal": "đã bãi bỏ theo văn bản điều chỉnh nhiệm vụ",
    "amendment.publish": "đã công bố bản điều chỉnh, bổ sung của chương trình",
    "program.admin_amendment_discard": "đã bỏ bản điều chỉnh (chưa công bố) của chương trình",
    "review.agency_merge": "đã gộp tên cơ quan trong kết quả nhập văn bản",
}


def test_the_amendment_steps_read_as_sentences(client_as, personas):
    with transaction.atomic():
        for n, action in enumerate(AMENDMENT_SENTENCES):
            audit_record(
                actor=personas.coordinator,
                action=action,
                object_type="registry.program",
                object_id=str(n),
                before={"value": 85} if action.endswith("_update") else None,
                after={"value": 90}
                if action.endswith("_update")
                else {"repealed_by": "15/QĐ-UBND"}
                if action.endswith("_repeal")
                else None,
            )
    client = client_as(personas.coordinator)
    text = " ".join(_rows(client.get("/nhat-ky/").content.decode()))
    for action, words in AMENDMENT_SENTENCES.items():
        assert f"coordinator-t {words}" in text, action
        assert action not in text
    assert "giá trị: 85 → 90" in text and "bãi bỏ theo: «15/QĐ-UBND»" in text
    # A repeal is found under "Xoá, gỡ", an amended record under "Sửa".
    deleted = " ".join(_rows(client.get("/nhat-ky/", {"verb": "delete"}).content.decode()))
    assert "đã bãi bỏ theo văn bản điều chỉnh nhiệm vụ" in deleted
    assert "đã sửa theo văn bản" not in deleted
    updated = " ".join(_rows(client.get("/nhat-ky/", {"verb": "update"}).content.decode()))
    assert "đã sửa theo văn bản điều chỉnh chỉ tiêu" in updated


def test_a_reporter_cannot_read_the_amendment_steps(client_as, personas):
    with transaction.atomic():
        audit_record(actor=personas.coordinator, action="amendment.publish", object_id="1")
    assert client_as(personas.reporter_soyte).get("/nhat-ky/").status_code == 403
