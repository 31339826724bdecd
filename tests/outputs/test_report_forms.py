"""The "Báo cáo tổng hợp" forms as a new user meets them (issue 10): the period is picked as a
year and a part of it (the quarter just ended preselected), days are typed dd/mm/yyyy and a bad
one is refused naming the field, the draft's edit toggles name the paragraph in words, and the
downloaded files carry readable ASCII names."""

import re
from datetime import date

import pytest
from django.utils.http import content_disposition_header

from dxtrack.core.periods import Period
from dxtrack.outputs import render, services
from dxtrack.outputs.models import Report
from dxtrack.outputs.selectors import sections_of
from tests.outputs.conftest import PERIOD

LIST = "/bao-cao-tong-hop/"


def picked(code: str) -> dict[str, str]:
    """The two selects of the period picker for `code` ("2026Q3" → 2026, Q3)."""
    period = Period.parse(code)
    return {"period_0": str(period.year), "period_1": f"Q{period.number}"}


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    option = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    assert option, name
    return option.group(1)


def flash(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# -- the period picker -------------------------------------------------------------------------


def test_the_form_offers_a_year_and_part_picker_with_the_quarter_just_ended(q3, client_as):
    page = client_as(q3.personas.coordinator).get(LIST).content.decode()
    ended = Period.for_date("quarter", date.today()).previous()
    assert selected(page, "period_0") == str(ended.year)
    assert selected(page, "period_1") == f"Q{ended.number}"
    assert 'name="period"' not in page  # no text box asking for a code
    assert "2026Q3" not in page


def test_the_coordinator_creates_a_report_with_the_picker(q3, client_as):
    client = client_as(q3.personas.coordinator)
    response = client.post(LIST, {"kind": "quarter", "scope": "province", **picked(PERIOD)})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.period, report.kind, report.created_by) == (
        PERIOD,
        "quarter",
        q3.personas.coordinator,
    )
    assert response["Location"].endswith(f"/bao-cao-tong-hop/{report.pk}/")


def test_a_half_year_picked_for_a_quarterly_report_is_refused_on_the_form(q3, client_as):
    client = client_as(q3.personas.coordinator)
    response = client.post(
        LIST, {"kind": "quarter", "scope": "province", "period_0": "2026", "period_1": "S1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "cần kỳ tương ứng (ví dụ Quý III năm 2026" in page
    assert "không phải 6 tháng đầu năm 2026" in page
    assert not Report.objects.exists()


def test_a_year_without_its_part_is_refused(q3, client_as):
    client = client_as(q3.personas.coordinator)
    response = client.post(
        LIST, {"kind": "quarter", "scope": "province", "period_0": "2026", "period_1": ""}
    )
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_the_leader_is_refused_the_picker_and_the_creation(q3, client_as):
    leader = client_as(q3.personas.leader)
    page = leader.get(LIST).content.decode()
    assert 'name="period_0"' not in page
    response = leader.post(LIST, {"kind": "quarter", "scope": "province", **picked(PERIOD)})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_the_department_officer_is_refused_the_page(q3, client_as):
    response = client_as(q3.personas.reporter_taichinh).post(
        LIST, {"kind": "quarter", "scope": "province", **picked(PERIOD)}
    )
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_codes_are_still_accepted_by_the_service_and_a_single_period_field(q3, client_as):
    client = client_as(q3.personas.coordinator)
    response = client.post(LIST, {"kind": "quarter", "scope": "province", "period": PERIOD})
    assert response.status_code == 302
    assert Report.objects.get().period == PERIOD


# -- Vietnamese dates --------------------------------------------------------------------------


def test_date_boxes_are_text_boxes_with_the_vietnamese_hint(draft, client_as):
    page = client_as(draft.created_by).get(f"/bao-cao-tong-hop/{draft.pk}/").content.decode()
    issued_on = re.search(r'<input[^>]*name="issued_on"[^>]*>', page)
    assert issued_on and 'type="text"' in issued_on.group(0)
    assert 'placeholder="dd/mm/yyyy"' in issued_on.group(0)
    assert 'type="date"' not in page
    as_of = re.search(r'<input[^>]*name="as_of"[^>]*>', page)
    assert as_of and f'value="{draft.as_of:%d/%m/%Y}"' in as_of.group(0)


def test_the_issue_date_is_read_dd_mm_yyyy(draft, client_as):
    client = client_as(draft.created_by)
    day = date(2026, 10, 15)  # 15/10: read month-first it would not be a day
    client.post(
        f"/bao-cao-tong-hop/{draft.pk}/ban-hanh/",
        {"number": "15/BC-UBND", "issued_on": f"{day:%d/%m/%Y}"},
    )
    issued = Report.objects.get(pk=draft.pk)
    assert (issued.state, issued.issued_on) == ("issued", day)


def test_an_iso_date_is_also_read(draft, client_as):
    client = client_as(draft.created_by)
    client.post(f"/bao-cao-tong-hop/{draft.pk}/tinh-lai/", {"as_of": "2026-09-30"})
    assert Report.objects.get(pk=draft.pk).as_of == date(2026, 9, 30)


def test_a_bad_issue_date_gives_the_vietnamese_error_naming_the_field(draft, client_as):
    client = client_as(draft.created_by)
    response = client.post(
        f"/bao-cao-tong-hop/{draft.pk}/ban-hanh/",
        {"number": "15/BC-UBND", "issued_on": "10/31/2026"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Ngày ban hành “10/31/2026” không phải ngày dạng dd/mm/yyyy" in flash(response)
    assert Report.objects.get(pk=draft.pk).state == "draft"


def test_a_bad_cutoff_date_on_the_new_report_form_names_the_field(q3, client_as):
    client = client_as(q3.personas.coordinator)
    response = client.post(
        LIST,
        {"kind": "quarter", "scope": "province", "as_of": "31-31-2026", **picked(PERIOD)},
    )
    assert response.status_code == 400
    assert "Ngày chốt số liệu “31-31-2026” không phải ngày dạng dd/mm/yyyy" in (
        response.content.decode()
    )
    assert not Report.objects.exists()


# -- the draft page ----------------------------------------------------------------------------


def test_the_edit_toggles_name_the_paragraph_in_words(draft, client_as):
    page = client_as(draft.created_by).get(f"/bao-cao-tong-hop/{draft.pk}/").content.decode()
    labels = [p.label for s in sections_of(report=draft) for p in s.paragraphs()]
    assert labels and all(labels)
    for label in labels:
        assert f"Sửa đoạn: {label}" in page.replace("&#x27;", "'")
    assert not re.search(r"Sửa đoạn:? [IV]+\.", page)
    assert any(" — chỉ tiêu" in label for label in labels)


def test_the_issue_form_has_its_own_fieldset_with_labels_before_inputs(draft, client_as):
    page = client_as(draft.created_by).get(f"/bao-cao-tong-hop/{draft.pk}/").content.decode()
    issue = re.search(r'<form[^>]*id="issue-form".*?</form>', page, re.S)
    assert issue and "<fieldset>" in issue.group(0) and "<legend>" in issue.group(0)
    form = issue.group(0)
    for name in ("number", "signer_name", "issued_on"):
        assert form.index(f'for="id_{name}"') < form.index(f'name="{name}"')
    assert 'id="recompute"' not in form


def test_the_saved_paragraph_message_names_it_in_words(draft, client_as):
    client = client_as(draft.created_by)
    response = client.post(
        f"/bao-cao-tong-hop/{draft.pk}/doan/", {"key": "III.1", "text": "Đã sửa."}, follow=True
    )
    assert "Đã lưu đoạn: Đánh giá chung." in flash(response)


# -- file names --------------------------------------------------------------------------------


def test_downloads_are_named_readably_in_ascii(draft, client_as, q3):
    client = client_as(draft.created_by)
    response = client.get(f"/bao-cao-tong-hop/{draft.pk}/tai/docx/")
    assert response["Content-Disposition"] == content_disposition_header(
        True, f"BaoCao-CDS-Quy-III-2026-v{draft.version}.docx"
    )
    services.report_issue(actor=q3.personas.coordinator, report=draft, number="15/BC-UBND")
    for url in (
        f"/bao-cao-tong-hop/{draft.pk}/tai/xlsx/",
        f"/api/v1/reports/{draft.pk}/files/xlsx/",
    ):
        header = client.get(url)["Content-Disposition"]
        assert 'filename="BaoCao-CDS-Quy-III-2026-So-15-BC-UBND-v1.xlsx"' in header, url
        assert header.isascii()


@pytest.mark.parametrize(
    ("period", "number", "expected"),
    [
        ("2026S1", "", "BaoCao-CDS-6-Thang-Dau-Nam-2026-v1.pdf"),
        ("2026S2", "", "BaoCao-CDS-6-Thang-Cuoi-Nam-2026-v1.pdf"),
        ("2025", "", "BaoCao-CDS-Nam-2025-v1.pdf"),
        ("2026Q4", "7/BC-ĐT", "BaoCao-CDS-Quy-IV-2026-So-7-BC-DT-v1.pdf"),
    ],
)
def test_file_names_spell_the_period_and_the_number_without_accents(period, number, expected):
    report = Report(period=period, version=1, number=number, state="issued" if number else "draft")
    assert render.file_name(report, "pdf") == expected
