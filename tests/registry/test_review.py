"""The review workspace (issue 14): the coordinator corrects an imported draft beside its source,
maps its agencies and publishes it after the checklist; everyone else is refused."""

import copy

import pytest

from dxtrack.core.models import AuditLog
from dxtrack.registry import services
from dxtrack.registry.models import Indicator, Program, Target, Task, TaskUnit, Unit
from dxtrack.registry.review.selectors import SourceLine, record_spans
from tests.helpers import SAMPLE_PLAN

pytestmark = pytest.mark.django_db

# The draft's source text: the lines SAMPLE_PLAN's records point at (5, 10, 12, 30), and two a
# reviewer finds the importer missed (20: a target, 34: a task written as prose).
SOURCE = {
    1: "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
    2: "Số: 99/KH-UBND",
    3: "KẾ HOẠCH thử nghiệm",
    5: "Năm 2024, hồ sơ xử lý trực tuyến toàn trình đạt 60%.",
    10: "- Trên 80% hồ sơ xử lý trực tuyến",
    12: "- Phổ cập mạng 5G",
    20: "- Đến năm 2027, 95% trạm y tế xã có kết nối Internet cáp quang.",
    30: "1 | Nâng cấp trung tâm dữ liệu | Sở Thông tin và Truyền thông | Sở Y tế",
    34: "Sở Y tế chủ trì, phối hợp với Sở Tài chính triển khai bệnh án điện tử, năm 2026.",
}
SOURCE_TEXT = "\n".join(SOURCE.get(n, "") for n in range(1, 41))
GHOST = "Ban Quản lý Dự án Ma"


@pytest.fixture
def draft() -> Program:
    report = services.program_load_extraction(
        data=copy.deepcopy(SAMPLE_PLAN), source_text=SOURCE_TEXT, source_name="kh-99.md"
    )
    return report.program


def url(program: Program, rest: str = "") -> str:
    return f"/chuong-trinh/{program.pk}/ra-soat/{rest}"


def target_post(target: Target, **changes) -> dict:
    data = {
        "subject": target.subject,
        "comparator": target.comparator,
        "value": str(target.value),
        "unit": target.unit,
        "year": target.year or "",
        "quarter": "",
        "scope": target.scope,
        "indicator": target.indicator_id,
        "indicator_name": target.indicator.name,
    }
    data.update(changes)
    return data


def task_post(task: Task, **changes) -> dict:
    data = {
        "code": task.code,
        "group": task.group,
        "name": task.name,
        "leads": "\n".join(tu.written_name for tu in task.leads()),
        "coordinators": "\n".join(tu.written_name for tu in task.coordinators()),
        "timeframe": task.timeframe,
        "start_year": task.start_year or "",
        "end_year": task.end_year or "",
        "end_quarter": "",
        "budget": task.budget_vnd or "",
        "budget_source": task.budget_source,
        "product": task.product,
    }
    data.update(changes)
    return data


# -- who may review --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["reporter_soyte", "approver_soyte", "leader", "reporter_commune"]
)
def test_it_refuses_everyone_but_the_coordinator_and_admins(client_as, personas, draft, persona):
    client = client_as(getattr(personas, persona))
    target = draft.targets.get()
    task = draft.tasks.get()
    assert client.get(url(draft)).status_code == 403
    assert client.get(url(draft, "co-quan/")).status_code == 403
    posted = client.post(url(draft, f"chi-tieu/{target.pk}/"), target_post(target, value="1"))
    assert posted.status_code == 403
    assert client.post(url(draft, f"nhiem-vu/{task.pk}/xoa/")).status_code == 403
    assert client.post(url(draft, "cong-bo/"), {"confirm": "on"}).status_code == 403
    target.refresh_from_db()
    assert target.value == 80 and Task.objects.filter(pk=task.pk).exists()
    assert Program.objects.get(pk=draft.pk).status == "draft"


def test_the_public_is_sent_to_log_in(client_as, draft):
    response = client_as(None).get(url(draft))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_an_administrator_may_review(client_as, personas, draft):
    assert client_as(personas.admin).get(url(draft)).status_code == 200


# -- side by side ----------------------------------------------------------------------------------


def test_the_workspace_shows_each_record_beside_its_numbered_source_lines(
    client_as, personas, draft
):
    page = client_as(personas.coordinator).get(url(draft)).content.decode()
    goal = draft.goals.get(line=10)
    task = draft.tasks.get()
    assert f'id="goal-{goal.pk}"' in page and 'data-first="10"' in page
    assert f'id="task-{task.pk}"' in page and 'data-first="30"' in page
    assert '<li id="L30" role="option"' in page and "Nâng cấp trung tâm dữ liệu" in page
    # The warning links to its line; the unknown agency says it is not resolved.
    assert 'href="#L30" class="goto-line"' in page and "một cảnh báo" in page
    assert f"{GHOST} (chưa xác định)" in page
    # The script comes from a file (the CSP forbids inline scripts).
    assert "review/review.js" in page and "<script>" not in page


# -- editing ---------------------------------------------------------------------------------------


def test_the_coordinator_corrects_the_document_metadata(client_as, personas, draft):
    client = client_as(personas.coordinator)
    response = client.post(
        url(draft, "van-ban/"),
        {
            "number": "99/KH-UBND",
            "kind": "Kế hoạch",
            "title": "Kế hoạch chuyển đổi số 2025",
            "issuer": "UBND tỉnh Thái Nguyên",
            "issued_on": "2025-03-01",
            "place": "Thái Nguyên",
            "horizon_year": "2027",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Kế hoạch chuyển đổi số 2025" and draft.horizon_year == 2027
    row = AuditLog.objects.get(action="review.program_update", object_id=str(draft.pk))
    assert row.before["title"] == "Kế hoạch thử nghiệm"
    assert row.after["title"] == "Kế hoạch chuyển đổi số 2025"
    assert row.actor == personas.coordinator


def test_the_metadata_needs_a_number_or_a_title_in_words(client_as, personas, draft):
    response = client_as(personas.coordinator).post(
        url(draft, "van-ban/"), {"number": "", "title": "", "issued_on": "31/02/2025"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Văn bản cần có số hiệu hoặc tên (trích yếu)." in page
    assert "Ngày ban hành: ngày không hợp lệ" in page
    assert "(number)" not in page and "document." not in page


def test_a_bad_target_gets_vietnamese_messages_naming_each_field(client_as, personas, draft):
    target = draft.targets.get()
    response = client_as(personas.coordinator).post(
        url(draft, f"chi-tieu/{target.pk}/"),
        target_post(target, value="tám mươi", year="3000", quarter="7", comparator="~"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Giá trị: “tám mươi” không phải là số" in page
    assert "Năm đạt: năm phải từ 1900 đến 2100." in page
    assert "Quý: quý phải từ 1 đến 4." in page
    assert "Phép so sánh: hãy chọn một phép trong danh sách." in page
    target.refresh_from_db()
    assert target.value == 80


def test_a_fragment_indicator_gets_a_readable_name_and_the_audit_keeps_both(
    client_as, personas, draft
):
    target = draft.targets.get()
    client = client_as(personas.coordinator)
    # A new indicator first (the plan's own threshold is not in the shared catalogue) …
    client.post(
        url(draft, f"chi-tieu/{target.pk}/"),
        target_post(target, indicator_name="hồ sơ xử lý", new_indicator="on", value="85,5"),
    )
    target.refresh_from_db()
    assert target.value == 85.5 and target.indicator.name == "hồ sơ xử lý"
    assert target.indicator.code is None
    # … then the fragment becomes a readable name.
    readable = "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình"
    response = client.post(
        url(draft, f"chi-tieu/{target.pk}/"), target_post(target, indicator_name=readable)
    )
    assert response.status_code == 302
    assert Indicator.objects.get(pk=target.indicator_id).name == readable
    rename = AuditLog.objects.get(action="review.indicator_rename")
    assert rename.before == {"name": "hồ sơ xử lý"} and rename.after == {"name": readable}
    update = AuditLog.objects.filter(action="review.target_update").order_by("pk").first()
    assert update.before["value"] == 80 and update.after["value"] == 85.5


def test_a_catalogue_indicator_is_not_renamed_from_a_draft(client_as, personas, draft):
    target = draft.targets.get()
    coded = Indicator.objects.filter(code__isnull=False).first()
    response = client_as(personas.coordinator).post(
        url(draft, f"chi-tieu/{target.pk}/"),
        target_post(target, indicator=coded.pk, indicator_name="Tên khác"),
    )
    assert response.status_code == 400
    assert "thuộc danh mục chỉ số dùng chung" in response.content.decode()
    assert Indicator.objects.get(pk=coded.pk).name == coded.name


def test_deleting_a_false_target_is_audited_with_what_it_was(client_as, personas, draft):
    target = draft.targets.get()
    response = client_as(personas.coordinator).post(url(draft, f"chi-tieu/{target.pk}/xoa/"))
    assert response.status_code == 302
    assert not draft.targets.exists() and draft.goals.filter(line=10).exists()
    row = AuditLog.objects.get(action="review.target_delete")
    assert row.before["value"] == 80 and row.before["comparator"] == ">"


def test_a_task_edit_checks_years_and_budget_in_words(client_as, personas, draft):
    task = draft.tasks.get()
    response = client_as(personas.coordinator).post(
        url(draft, f"nhiem-vu/{task.pk}/"),
        task_post(task, start_year="2026", end_year="2025", budget="-5", name=""),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Năm hoàn thành (2025) không được trước năm bắt đầu (2026)." in page
    assert "Kinh phí: số tiền không được âm." in page
    assert "Tên nhiệm vụ: không được để trống." in page


def test_a_task_edit_changes_its_units_and_budget(client_as, personas, draft):
    task = draft.tasks.get()
    response = client_as(personas.coordinator).post(
        url(draft, f"nhiem-vu/{task.pk}/"),
        task_post(task, leads="Sở Y tế", coordinators="Sở Tài chính", budget="1,5 tỷ"),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert [tu.unit.code for tu in task.leads()] == ["so-y-te"]
    assert [tu.unit.code for tu in task.coordinators()] == ["so-tai-chinh"]
    assert task.budget_vnd == 1_500_000_000
    row = AuditLog.objects.get(action="review.task_update")
    assert row.before["lead"] == ["Sở Thông tin và Truyền thông → so-thong-tin-va-truyen-thong"]
    assert row.after["lead"] == ["Sở Y tế → so-y-te"]


def test_a_missing_task_is_prefilled_by_the_importer_from_the_selected_span(
    client_as, personas, draft
):
    client = client_as(personas.coordinator)
    form = client.get(url(draft, "nhiem-vu/them/?tu=34&den=34"))
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert initial["leads"] == "Sở Y tế" and initial["coordinators"] == "Sở Tài chính"
    assert initial["end_year"] == 2026
    data = {**initial, "tu": 34, "den": 34, "end_quarter": "", "budget": ""}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    assert client.post(url(draft, "nhiem-vu/them/"), data).status_code == 302
    added = draft.tasks.get(line=34)
    assert [tu.unit.code for tu in added.leads()] == ["so-y-te"]
    assert list(draft.tasks.order_by("order").values_list("line", flat=True)) == [30, 34]
    assert AuditLog.objects.filter(action="review.task_create", object_id=str(added.pk)).exists()


def test_a_missing_target_is_prefilled_by_the_importer_from_the_selected_span(
    client_as, personas, draft
):
    client = client_as(personas.coordinator)
    initial = client.get(url(draft, "chi-tieu/them/?tu=20&den=20")).context["form"].initial
    assert (initial["value"], initial["unit"], initial["year"]) == (95, "%", 2027)
    data = {
        "text": initial["text"],
        "comparator": initial["comparator"],
        "value": "95",
        "unit": "%",
        "year": "2027",
        "indicator_name": "Tỷ lệ trạm y tế xã có kết nối Internet cáp quang",
        "new_indicator": "on",
        "tu": 20,
        "den": 20,
    }
    assert client.post(url(draft, "chi-tieu/them/"), data).status_code == 302
    goal = draft.goals.get(line=20)
    assert list(draft.goals.order_by("order").values_list("line", flat=True)) == [10, 12, 20]
    assert goal.targets.get().indicator.name.startswith("Tỷ lệ trạm y tế xã")


def test_a_span_outside_the_text_is_refused_politely(client_as, personas, draft):
    response = client_as(personas.coordinator).get(url(draft, "nhiem-vu/them/?tu=0&den=999"))
    assert response.status_code == 302


# -- agencies --------------------------------------------------------------------------------------


def test_each_written_name_shows_its_unit_or_that_it_is_unresolved(client_as, personas, draft):
    page = client_as(personas.coordinator).get(url(draft, "co-quan/")).content.decode()
    assert "Sở Thông tin và Truyền thông" in page and "nay là" in page
    assert GHOST in page and "chưa xác định" in page


def test_the_unit_search_folds_accents(client_as, personas, draft):
    response = client_as(personas.coordinator).get(
        url(draft, "co-quan/"), {"ten": GHOST, "q": "so y te"}
    )
    names = [u.name for u in response.context["candidates"]]
    assert "Sở Y tế" in names


def test_a_mapping_saved_as_an_alias_makes_the_next_import_resolve_the_name(
    client_as, personas, draft
):
    ghost = Unit.objects.get(name=GHOST)
    target_unit = Unit.objects.get(code="so-khoa-hoc-va-cong-nghe")
    response = client_as(personas.coordinator).post(
        url(draft, "co-quan/gan/"),
        {"written_name": GHOST, "unit": target_unit.pk, "save_alias": "on"},
    )
    assert response.status_code == 302
    assert TaskUnit.objects.get(written_name=GHOST).unit == target_unit
    assert GHOST in Unit.objects.get(pk=target_unit.pk).aliases
    assert not Unit.objects.filter(pk=ghost.pk).exists()  # the import-made unit is gone
    assert AuditLog.objects.filter(action="unit.alias_add", object_id=str(target_unit.pk)).exists()
    # The next plan naming it resolves it without making a unit.
    other = copy.deepcopy(SAMPLE_PLAN)
    other["document"]["number"] = "100/KH-UBND"
    report = services.program_load_extraction(data=other, source_text=SOURCE_TEXT)
    assert report.new_units == []
    task_unit = TaskUnit.objects.get(task__program=report.program, written_name=GHOST)
    assert task_unit.unit == target_unit


def test_without_an_alias_the_next_import_still_asks(client_as, personas, draft):
    client_as(personas.coordinator).post(
        url(draft, "co-quan/gan/"),
        {"written_name": GHOST, "unit": Unit.objects.get(code="so-y-te").pk},
    )
    other = copy.deepcopy(SAMPLE_PLAN)
    other["document"]["number"] = "101/KH-UBND"
    report = services.program_load_extraction(data=other, source_text=SOURCE_TEXT)
    assert TaskUnit.objects.get(task__program=report.program, written_name=GHOST).unit.auto_created


# -- publishing ------------------------------------------------------------------------------------


def test_publishing_waits_for_the_checklist_and_a_confirmation(client_as, personas, draft):
    client = client_as(personas.coordinator)
    refused = client.post(url(draft, "cong-bo/"), {"confirm": "on"})
    assert refused.status_code == 400
    assert "1 cơ quan chưa xác định" in refused.content.decode()
    assert Program.objects.get(pk=draft.pk).status == "draft"

    client.post(url(draft, "co-quan/giu/"), {"all": "1"})
    client.post(url(draft, "chi-so/xac-nhan/"))
    page = client.get(url(draft, "cong-bo/"))
    assert page.context["state"].clear, page.context["state"]

    unconfirmed = client.post(url(draft, "cong-bo/"), {})
    assert unconfirmed.status_code == 400
    assert "Xác nhận: hãy đánh dấu ô đồng ý công bố." in unconfirmed.content.decode()
    assert client.post(url(draft, "cong-bo/"), {"confirm": "on"}).status_code == 302
    assert Program.objects.get(pk=draft.pk).status == "published"
    actions = set(
        AuditLog.objects.filter(actor=personas.coordinator).values_list("action", flat=True)
    )
    assert {"review.agency_keep", "review.checklist", "program.publish"} <= actions


def test_a_budget_difference_must_be_acknowledged(client_as, personas, draft):
    Program.objects.filter(pk=draft.pk).update(budget_stated_vnd=2_000_000_000)
    client = client_as(personas.coordinator)
    client.post(url(draft, "co-quan/giu/"), {"all": "1"})
    client.post(url(draft, "chi-so/xac-nhan/"))
    refused = client.post(url(draft, "cong-bo/"), {"confirm": "on"})
    assert refused.status_code == 400 and "Đã đối chiếu kinh phí" in refused.content.decode()
    done = client.post(url(draft, "cong-bo/"), {"confirm": "on", "acknowledge_budget": "on"})
    assert done.status_code == 302
    row = AuditLog.objects.get(action="review.checklist")
    assert row.after["budget_acknowledged"] is True


def test_a_published_program_is_not_edited_in_place(client_as, personas, draft):
    services.program_publish(program=draft, acting_user=None)
    target = draft.targets.get()
    response = client_as(personas.coordinator).post(
        url(draft, f"chi-tieu/{target.pk}/"), target_post(target, value="99")
    )
    assert response.status_code == 400
    assert "phiên bản mới" in response.content.decode()
    target.refresh_from_db()
    assert target.value == 80


def test_a_record_is_highlighted_to_the_end_of_its_paragraph_never_into_the_next():
    text = ["Mục tiêu một", "tiếp dòng hai", "", "Mục tiêu ba", "dòng bốn", "dòng năm"]
    lines = [SourceLine(n, t) for n, t in enumerate(text, 1)]
    assert record_spans(starts=[1, 4, 5], lines=lines) == {1: 2, 4: 4, 5: 6}


def test_a_name_that_is_two_agencies_is_split_and_each_resolved(client_as, personas):
    data = copy.deepcopy(SAMPLE_PLAN)
    data["document"]["number"] = "102/KH-UBND"
    data["tasks"][0]["coordinators"] = ["Sở Y tế và Sở Tài chính"]
    program = services.program_load_extraction(data=data, source_text=SOURCE_TEXT).program
    client = client_as(personas.coordinator)
    page = client.get(url(program, "co-quan/"), {"ten": "Sở Y tế và Sở Tài chính"})
    assert page.context["split"] == "Sở Y tế; Sở Tài chính"  # the importer's own split
    response = client.post(
        url(program, "co-quan/tach/"),
        {"written_name": "Sở Y tế và Sở Tài chính", "parts": "Sở Y tế; Sở Tài chính"},
    )
    assert response.status_code == 302
    task = program.tasks.get()
    assert sorted(tu.unit.code for tu in task.coordinators()) == ["so-tai-chinh", "so-y-te"]
    assert not Unit.objects.filter(name="Sở Y tế và Sở Tài chính").exists()
    row = AuditLog.objects.get(action="review.agency_split")
    assert row.after == {"names": ["Sở Y tế", "Sở Tài chính"]}


def test_a_split_needs_two_names(client_as, personas, draft):
    response = client_as(personas.coordinator).post(
        url(draft, "co-quan/tach/"), {"written_name": GHOST, "parts": GHOST}, follow=True
    )
    assert "hãy viết ít nhất hai tên cơ quan" in response.content.decode()
    assert TaskUnit.objects.filter(written_name=GHOST).exists()


def test_names_the_importer_cut_out_of_one_agency_are_merged_into_one_unit(client_as, personas):
    data = copy.deepcopy(SAMPLE_PLAN)
    data["document"]["number"] = "103/KH-UBND"
    data["tasks"][0]["coordinators"] = ["Sở Văn hóa", "Thể thao và Du lịch", "Sở Y tế"]
    program = services.program_load_extraction(data=data, source_text=SOURCE_TEXT).program
    client = client_as(personas.coordinator)
    page = client.get(url(program, "co-quan/"), {"ten": "Sở Văn hóa"})
    assert page.context["merge"] == "Sở Văn hóa; Thể thao và Du lịch"  # the name after it
    response = client.post(
        url(program, "co-quan/ghep/"),
        {"names": page.context["merge"], "merged_name": page.context["merged_name"]},
    )
    assert response.status_code == 302
    task = program.tasks.get()
    assert [(tu.written_name, tu.unit.code) for tu in task.coordinators()] == [
        ("Sở Văn hóa, Thể thao và Du lịch", "so-van-hoa-the-thao-va-du-lich"),
        ("Sở Y tế", "so-y-te"),
    ]
    assert not Unit.objects.filter(name="Thể thao và Du lịch").exists()  # the split's leftover
    row = AuditLog.objects.get(action="review.agency_merge")
    assert row.before["names"] == ["Sở Văn hóa", "Thể thao và Du lịch"]
    assert (
        row.after["unit"] == "so-van-hoa-the-thao-va-du-lich" and row.actor == personas.coordinator
    )


def test_a_merge_needs_two_names_that_the_draft_writes(client_as, personas, draft):
    client = client_as(personas.coordinator)
    one = client.post(url(draft, "co-quan/ghep/"), {"names": GHOST}, follow=True)
    assert "hãy nêu ít nhất hai tên" in one.content.decode()
    unknown = client.post(url(draft, "co-quan/ghep/"), {"names": f"{GHOST}; Sở Ma"}, follow=True)
    assert "không có nhiệm vụ nào ghi tên “Sở Ma”" in unknown.content.decode()
    assert TaskUnit.objects.filter(written_name=GHOST).exists()


@pytest.mark.parametrize("persona", ["reporter_soyte", "leader"])
def test_others_may_not_merge_agency_names(client_as, personas, draft, persona):
    response = client_as(getattr(personas, persona)).post(
        url(draft, "co-quan/ghep/"), {"names": f"{GHOST}; Sở Y tế"}
    )
    assert response.status_code == 403
    assert TaskUnit.objects.filter(written_name=GHOST).exists()


# -- the results the plan reports ------------------------------------------------------------------


def observation_post(observation, **changes) -> dict:
    data = {
        "indicator": observation.indicator_id,
        "indicator_name": observation.indicator.name,
        "place": "",
        "period": observation.period,
        "value": str(observation.value),
        "measure": observation.indicator.unit,
    }
    data.update(changes)
    return data


def test_the_workspace_lists_the_reported_results_beside_their_lines(client_as, personas, draft):
    page = client_as(personas.coordinator).get(url(draft))
    observations = page.context["space"].observations
    assert [(o.line, o.period, o.value) for o in observations] == [(5, "2024", 60)]
    html = page.content.decode()
    assert f'id="obs-{observations[0].pk}"' in html and 'data-first="5"' in html


def test_a_result_is_corrected_and_the_audit_keeps_before_and_after(client_as, personas, draft):
    observation = draft.observations.get()
    response = client_as(personas.coordinator).post(
        url(draft, f"so-lieu/{observation.pk}/"),
        observation_post(observation, period="2023", value="62,5", place="Sở Y tế"),
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert (observation.period, observation.value, observation.unit.code) == (
        "2023",
        62.5,
        "so-y-te",
    )
    row = AuditLog.objects.get(action="observation.admin_review_update")
    assert row.before["period"] == "2024" and row.before["value"] == 60
    assert row.after["value"] == 62.5 and row.actor == personas.coordinator


def test_a_bad_result_gets_vietnamese_messages_naming_each_field(client_as, personas, draft):
    observation = draft.observations.get()
    response = client_as(personas.coordinator).post(
        url(draft, f"so-lieu/{observation.pk}/"),
        observation_post(observation, period="năm ngoái", value="nhiều", measure=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kỳ: “năm ngoái” không phải là kỳ báo cáo" in html
    assert "Giá trị: “nhiều” không phải là số" in html
    far = client_as(personas.coordinator).post(
        url(draft, f"so-lieu/{observation.pk}/"), observation_post(observation, period="1850")
    )
    assert "Kỳ:" in far.content.decode() and far.status_code == 400
    observation.refresh_from_db()
    assert observation.value == 60 and observation.period == "2024"


def test_a_place_outside_the_catalogue_and_a_foreign_unit_of_measure_are_refused(
    client_as, personas, draft
):
    observation = draft.observations.get()
    client = client_as(personas.coordinator)
    nowhere = client.post(
        url(draft, f"so-lieu/{observation.pk}/"), observation_post(observation, place="Tỉnh Ma")
    )
    assert "Nơi: “Tỉnh Ma” không có trong danh mục đơn vị" in nowhere.content.decode()
    other = client.post(
        url(draft, f"so-lieu/{observation.pk}/"), observation_post(observation, measure="điểm")
    )
    assert "Đơn vị tính: “điểm” khác đơn vị tính của chỉ số" in other.content.decode()
    observation.refresh_from_db()
    assert observation.unit.kind == "province"


def test_a_false_result_is_deleted_and_a_missing_one_added_from_a_span(client_as, personas, draft):
    client = client_as(personas.coordinator)
    observation = draft.observations.get()
    assert client.post(url(draft, f"so-lieu/{observation.pk}/xoa/")).status_code == 302
    assert not draft.observations.exists()
    assert AuditLog.objects.get(action="observation.admin_review_delete").before["value"] == 60
    form = client.get(url(draft, "so-lieu/them/"), {"tu": 5, "den": 5})
    initial = form.context["form"].initial
    assert initial["period"] == "2024" and float(initial["value"]) == 60
    response = client.post(
        url(draft, "so-lieu/them/"),
        {
            "tu": 5,
            "den": 5,
            "text": initial["text"],
            "indicator": observation.indicator_id,
            "indicator_name": observation.indicator.name,
            "period": "2024",
            "value": "60",
            "measure": "%",
        },
    )
    assert response.status_code == 302
    added = draft.observations.get()
    assert (added.line, added.period, added.value, added.state) == (5, "2024", 60, "accepted")
    assert AuditLog.objects.filter(action="observation.admin_review_create").count() == 1


@pytest.mark.parametrize("persona", ["reporter_soyte", "leader"])
def test_others_may_not_touch_the_reported_results(client_as, personas, draft, persona):
    observation = draft.observations.get()
    client = client_as(getattr(personas, persona))
    edited = client.post(
        url(draft, f"so-lieu/{observation.pk}/"), observation_post(observation, value="1")
    )
    assert edited.status_code == 403
    assert client.post(url(draft, f"so-lieu/{observation.pk}/xoa/")).status_code == 403
    observation.refresh_from_db()
    assert observation.value == 60


def test_the_results_of_a_published_program_are_not_edited_in_place(client_as, personas, draft):
    services.program_publish(program=draft, acting_user=None)
    observation = draft.observations.get()
    response = client_as(personas.coordinator).post(
        url(draft, f"so-lieu/{observation.pk}/"), observation_post(observation, value="99")
    )
    assert "Điều chỉnh chương trình" in response.content.decode()
    observation.refresh_from_db()
    assert observation.value == 60
