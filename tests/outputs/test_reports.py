"""The report's life (draft, edit, recompute, issue, supersede), who may do what, its figures
against the read API, and its files read back with python-docx and openpyxl."""

import io
import re
from io import StringIO

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from dxtrack.core.models import AuditLog
from dxtrack.core.numbers import format_number
from dxtrack.evaluation.services import evaluation_recompute_all
from dxtrack.outputs import render, services
from dxtrack.outputs.models import Report
from dxtrack.outputs.selectors import sections_of
from dxtrack.registry.models import Program, Target, Task
from tests.outputs.conftest import PERIOD, accepted_update


def paragraph_text(report: Report, key: str) -> str:
    for section in sections_of(report=report):
        for p in section.paragraphs():
            if p.key == key:
                return p.text
    raise KeyError(key)


def appendix_rows(doc, second_header: str) -> int:
    """Data rows of an appendix, over the parts its long table is written in (each part repeats
    the header row: STT, then `second_header`)."""
    parts = [
        t for t in doc.tables if [c.text for c in t.rows[0].cells[:2]] == ["STT", second_header]
    ]
    assert parts, second_header
    return sum(len(t.rows) - 1 for t in parts)


def in_scope():
    published = Program.objects.filter(status=Program.Status.PUBLISHED)
    return (
        Target.objects.filter(program__in=published).count(),
        Task.objects.filter(program__in=published).count(),
    )


# -- the draft ----------------------------------------------------------------------------------


def test_the_coordinators_draft_holds_every_target_and_task_of_the_published_programs(draft):
    targets, tasks = in_scope()
    assert len(draft.snapshot["targets"]) == targets
    assert len(draft.snapshot["tasks"]) == tasks
    assert [r["n"] for r in draft.snapshot["tasks"]] == list(range(1, tasks + 1))
    assert draft.title == "Kết quả thực hiện chuyển đổi số quý III năm 2026"
    assert AuditLog.objects.filter(action="report.create", object_id=str(draft.pk)).exists()


def test_the_units_words_are_attributed_and_the_simulated_ones_marked(draft, q3):
    rows = {r["id"]: r for r in draft.snapshot["tasks"]}
    first = rows[q3.tasks[0].pk]
    assert first["words"][0]["narrative"] == "đã đưa 120 thủ tục lên cổng dịch vụ công"
    assert first["disbursed_vnd"] == 1_500_000_000
    assert rows[q3.tasks[2].pk]["simulated"] is True
    assert rows[q3.tasks[0].pk]["simulated"] is False
    difficulties = paragraph_text(draft, "III.2")
    assert f"- Thiếu kinh phí duy trì hệ thống ({q3.updates[0].unit.name}" in difficulties
    assert f"STT {first['n']}, {rows[q3.tasks[1].pk]['n']})" in difficulties
    assert "(số liệu mô phỏng)" in "\n".join(
        p.text for s in sections_of(report=draft) for p in s.paragraphs()
    )


def test_the_figures_equal_the_read_api_for_the_same_date(draft, client_as, q3):
    client = client_as(q3.personas.leader)
    api_targets = client.get(
        f"/api/v1/targets/?as_of={q3.as_of.isoformat()}&page_size=1000"
    ).json()["results"]
    by_id = {t["id"]: t for t in api_targets}
    for row in draft.snapshot["targets"]:
        api = by_id[row["id"]]
        assert row["status"] == api["status"], row["id"]
        assert row["progress_ratio"] == api["progress_ratio"]
        assert row["latest_value"] == (api["latest"]["value"] if api["latest"] else None)
    api_tasks = {t["id"]: t for t in client.get("/api/v1/tasks/?page_size=1000").json()["results"]}
    for row in draft.snapshot["tasks"]:
        assert row["status"] == api_tasks[row["id"]]["status"], row["id"]
    # The files show the same figures, row by row in the order of the snapshot.
    expected = [(by_id[t["id"]]["latest"] or {}).get("value") for t in draft.snapshot["targets"]]
    labels = [by_id[t["id"]]["status_label"] for t in draft.snapshot["targets"]]
    sheet = load_workbook(io.BytesIO(render.render_xlsx(draft)))["Phụ lục I"]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [r[5] for r in rows] == expected and [r[8] for r in rows] == labels
    doc = Document(io.BytesIO(render.render_docx(draft)))
    parts = [t for t in doc.tables if [c.text for c in t.rows[0].cells[:2]] == ["STT", "Chỉ tiêu"]]
    docx_rows = [[c.text for c in r.cells] for t in parts for r in list(t.rows)[1:]]
    assert [r[8] for r in docx_rows] == labels
    assert [r[5] for r in docx_rows] == [
        "" if v is None else format_number(round(v, 2)) for v in expected
    ]


def test_units_and_the_public_are_refused(draft, client_as, personas):
    for user in (personas.reporter_soyte, personas.approver_soyte, personas.reporter_commune):
        assert client_as(user).get("/bao-cao-tong-hop/").status_code == 403
        assert client_as(user).get(f"/bao-cao-tong-hop/{draft.pk}/").status_code == 403
        assert client_as(user).get("/api/v1/reports/").status_code == 403
    assert client_as(None).get("/bao-cao-tong-hop/").status_code == 302  # to the login page
    with pytest.raises(PermissionDenied):
        services.report_create(actor=personas.reporter_soyte, kind="quarter", period=PERIOD)


def test_the_leader_reads_issued_reports_only_and_writes_nothing(draft, client_as, personas):
    leader = client_as(personas.leader)
    assert leader.get(f"/bao-cao-tong-hop/{draft.pk}/").status_code == 404
    response = leader.post("/bao-cao-tong-hop/", {"kind": "quarter", "period": PERIOD})
    assert response.status_code == 403
    assert leader.post(f"/bao-cao-tong-hop/{draft.pk}/ban-hanh/").status_code in (403, 404)
    assert Report.objects.get(pk=draft.pk).state == "draft"
    with pytest.raises(PermissionDenied):
        services.report_issue(actor=personas.leader, report=draft)


def test_bad_input_is_refused_with_what_and_where(personas):
    with pytest.raises(ValidationError) as error:
        services.report_create(actor=personas.coordinator, kind="quarter", period="2026Q5")
    assert "Kỳ báo cáo “2026Q5” không hợp lệ" in str(error.value.message_dict["period"])
    with pytest.raises(ValidationError) as error:
        services.report_create(actor=personas.coordinator, kind="quarter", period="2026")
    assert "2026Q3" in str(error.value.message_dict["period"])
    with pytest.raises(ValidationError) as error:
        services.report_create(
            actor=personas.coordinator, kind="year", period="2026", scope="program"
        )
    assert "program" in error.value.message_dict


def test_an_edited_paragraph_survives_a_recompute_and_the_rest_refreshes(draft, q3):
    coordinator = q3.personas.coordinator
    services.report_paragraph_edit(
        actor=coordinator, report=draft, key="III.1", text="Đánh giá của Sở Khoa học và Công nghệ."
    )
    task = (
        Task.objects.filter(program__status="published")
        .exclude(pk__in=[t.pk for t in q3.tasks])
        .filter(task_units__role="lead")
        .first()
    )
    accepted_update(task, narrative="kết quả mới sau khi sửa", difficulties="Vướng mắc mới.")
    report = services.report_recompute(actor=coordinator, report=draft)
    assert paragraph_text(report, "III.1") == "Đánh giá của Sở Khoa học và Công nghệ."
    assert "Vướng mắc mới" in paragraph_text(report, "III.2")
    edit = AuditLog.objects.get(action="report.paragraph_edit", object_id=str(draft.pk))
    assert edit.after == {"key": "III.1", "text": "Đánh giá của Sở Khoa học và Công nghệ."}
    services.report_paragraph_edit(actor=coordinator, report=report, key="III.1", text="")
    report.refresh_from_db()
    assert "III.1" not in report.edits
    with pytest.raises(ValidationError):
        services.report_paragraph_edit(actor=coordinator, report=report, key="IX.9", text="x")


# -- issuing freezes ----------------------------------------------------------------------------


def test_an_issued_report_never_changes_and_a_new_version_replaces_it(draft, q3):
    coordinator = q3.personas.coordinator
    issued = services.report_issue(actor=coordinator, report=draft, number="125/BC-UBND")
    files = {f.format: bytes(f.content) for f in issued.files.all()}
    assert {"docx", "xlsx"} <= set(files)
    snapshot, digest = issued.snapshot, issued.content_sha256
    assert digest == services.content_hash(issued)

    # The data move after issuing: a new accepted report and a recompute of the statuses.
    q3.updates[0].narrative = "số liệu đã đổi sau khi ban hành"
    q3.updates[0].save()
    evaluation_recompute_all(as_of=q3.as_of)
    again = Report.objects.get(pk=issued.pk)
    assert again.snapshot == snapshot and again.content_sha256 == digest
    assert {f.format: bytes(f.content) for f in again.files.all()} == files
    for change in (
        lambda: services.report_recompute(actor=coordinator, report=again),
        lambda: services.report_paragraph_edit(
            actor=coordinator, report=again, key="I.3", text="x"
        ),
        lambda: services.report_issue(actor=coordinator, report=again),
    ):
        with pytest.raises(ValidationError):
            change()

    new = services.report_supersede(actor=coordinator, report=again)
    assert (new.version, new.supersedes_id, new.state) == (2, issued.pk, "draft")
    rows = {r["id"]: r for r in new.snapshot["tasks"]}
    assert rows[q3.tasks[0].pk]["words"][0]["narrative"] == "số liệu đã đổi sau khi ban hành"
    with pytest.raises(ValidationError):
        services.report_supersede(actor=coordinator, report=again)
    assert AuditLog.objects.filter(action="report.issue", object_id=str(issued.pk)).exists()


# -- the files, read back -----------------------------------------------------------------------


def test_the_docx_follows_decree_30(draft):
    doc = Document(io.BytesIO(render.render_docx(draft)))
    first = doc.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert (round(first.top_margin.mm), round(first.bottom_margin.mm)) == (20, 20)
    assert (round(first.left_margin.mm), round(first.right_margin.mm)) == (30, 15)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.paragraph_format.alignment == 3  # justified
    assert round(normal.paragraph_format.first_line_indent.cm, 2) == 1.27
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        assert (style.font.name, style.font.size.pt, style.font.bold) == (
            "Times New Roman",
            14,
            True,
        )
    # Page numbers from page 2: a PAGE field in the header, none on the first page.
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml
    assert "PAGE" not in first.first_page_header._element.xml
    head = "\n".join(c.text for c in doc.tables[0].rows[0].cells)
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "Số:",
        "Thái Nguyên, ngày",
    ):
        assert words in head
    texts = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h.split(".")[0] for h in headings] == ["I", "II", "III", "IV", "V"]
    assert "BÁO CÁO" in texts and draft.title in texts
    for n in ("I", "II", "III", "IV"):
        assert f"Phụ lục {n}" in texts
    assert texts.count("(Kèm theo Báo cáo số …/BC-UBND của Ủy ban nhân dân tỉnh Thái Nguyên)") == 4
    sign = doc.tables[1].rows[0].cells
    assert sign[0].paragraphs[0].text == "Nơi nhận:" and sign[0].paragraphs[0].runs[0].bold
    assert "PHÓ CHỦ TỊCH" in sign[1].text
    targets, tasks = in_scope()
    assert appendix_rows(doc, "Chỉ tiêu") == targets
    assert appendix_rows(doc, "Nhiệm vụ") == tasks
    appendix_section = doc.sections[1]
    assert appendix_section.page_width > appendix_section.page_height  # landscape


def test_an_issued_docx_carries_its_number_date_and_signer(draft, q3):
    issued = services.report_issue(
        actor=q3.personas.coordinator,
        report=draft,
        number="125/BC-UBND",
        signer_name="Nguyễn  Thị B",
    )
    doc = Document(io.BytesIO(bytes(issued.files.get(format="docx").content)))
    head = doc.tables[0].rows[0].cells
    assert "Số: 125/BC-UBND" in head[0].text
    d = issued.issued_on
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    assert f"Thái Nguyên, ngày {d.day:02d} tháng {month} năm {d.year}" in head[1].text
    assert doc.tables[1].rows[0].cells[1].paragraphs[-1].text == "Nguyễn Thị B"
    note = f"(Kèm theo Báo cáo số 125/BC-UBND ngày {d.day:02d}/{d.month:02d}/{d.year} của"
    assert any(p.text.startswith(note) for p in doc.paragraphs)


def test_the_xlsx_has_a_sheet_per_appendix_with_numbers_as_numbers(draft, q3):
    target = Target.objects.filter(program__status="published").first()
    target.subject = "=1+1 chỉ tiêu có công thức"
    target.save()
    report = services.report_recompute(actor=q3.personas.coordinator, report=draft)
    wb = load_workbook(io.BytesIO(render.render_xlsx(report)))
    assert wb.sheetnames == ["Phụ lục I", "Phụ lục II", "Phụ lục III", "Phụ lục IV"]
    targets, tasks = in_scope()
    rows_i = list(wb["Phụ lục I"].iter_rows(min_row=5, values_only=True))
    assert len(rows_i) == targets
    assert wb["Phụ lục I"].freeze_panes == "A5"
    assert wb["Phụ lục I"].column_dimensions["B"].width == 45
    assert wb["Phụ lục I"].cell(row=4, column=2).font.b
    assert wb["Phụ lục I"].cell(row=4, column=2).border.top.style == "thin"
    formula_cell = next(c for c in wb["Phụ lục I"]["B"] if c.value == "=1+1 chỉ tiêu có công thức")
    assert formula_cell.data_type == "s" and formula_cell.quotePrefix
    for row in rows_i:
        assert isinstance(row[0], int)
        assert row[5] is None or isinstance(row[5], (int, float))
    assert len(list(wb["Phụ lục II"].iter_rows(min_row=5, values_only=True))) == tasks
    budget = wb["Phụ lục III"]
    by_name = {r[1]: r for r in budget.iter_rows(min_row=5, values_only=True) if r[1]}
    first = next(v for k, v in by_name.items() if k.startswith(q3.tasks[0].name[:40]))
    assert first[4] == 1_500_000_000
    money = next(c for c in budget["E"] if c.value == 1_500_000_000)
    assert money.number_format == "#,##0"
    simulated = next(v for k, v in by_name.items() if k.startswith(q3.tasks[2].name[:40]))
    assert "Số liệu mô phỏng" in simulated[6]
    ranking_notes = [c.value for c in wb["Phụ lục IV"]["A"] if isinstance(c.value, str)]
    assert any("số liệu mô phỏng" in v for v in ranking_notes)


# -- where users get it -------------------------------------------------------------------------


def test_the_coordinator_creates_edits_and_issues_on_the_page(q3, client_as):
    client = client_as(q3.personas.coordinator)
    response = client.post(
        "/bao-cao-tong-hop/", {"kind": "quarter", "period": PERIOD, "scope": "province"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    page = client.get(f"/bao-cao-tong-hop/{report.pk}/").content.decode()
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in page and "Phụ lục IV" in page
    client.post(
        f"/bao-cao-tong-hop/{report.pk}/doan/", {"key": "III.1", "text": "Đánh giá đã sửa."}
    )
    assert "Đánh giá đã sửa." in client.get(f"/bao-cao-tong-hop/{report.pk}/").content.decode()
    docx = client.get(f"/bao-cao-tong-hop/{report.pk}/tai/docx/")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Đánh giá đã sửa." in [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    bad = client.post(
        "/bao-cao-tong-hop/", {"kind": "quarter", "period": "2026Q9", "scope": "province"}
    )
    assert bad.status_code == 400 and "không hợp lệ" in bad.content.decode()


def test_a_pdf_without_libreoffice_says_so_in_vietnamese(draft, client_as, monkeypatch):
    monkeypatch.setattr(render, "soffice_path", lambda: None)
    client = client_as(draft.created_by)
    response = client.get(f"/bao-cao-tong-hop/{draft.pk}/tai/pdf/", follow=True)
    assert response.status_code == 200
    assert "chưa cài LibreOffice" in response.content.decode()


def test_the_api_lists_issued_reports_and_serves_their_files(draft, q3, client_as):
    services.report_issue(actor=q3.personas.coordinator, report=draft, number="7/BC-UBND")
    leader = client_as(q3.personas.leader)
    data = leader.get("/api/v1/reports/").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["number"] == "7/BC-UBND" and item["counts"]["tasks"] == in_scope()[1]
    stored = draft.files.get(format="xlsx")
    file = leader.get(f"/api/v1/reports/{draft.pk}/files/xlsx/")
    assert file.status_code == 200 and file.content == bytes(stored.content)
    assert item["files"]["xlsx"]["sha256"] == stored.sha256
    detail = leader.get(f"/api/v1/reports/{draft.pk}/").json()
    assert detail["figures"]["period"] == PERIOD
    assert leader.get(f"/api/v1/reports/{draft.pk}/files/exe/").status_code == 404


def test_the_command_writes_a_file_and_refuses_bad_input(q3, tmp_path):
    out = StringIO()
    target = tmp_path / "bc.xlsx"
    call_command("report", "--period", PERIOD, "--format", "xlsx", "-o", str(target), stdout=out)
    assert out.getvalue().startswith(f"Đã ghi {target}")
    assert load_workbook(target).sheetnames[0] == "Phụ lục I"
    for args, message in (
        (["--period", "2026Q7"], "Kỳ báo cáo “2026Q7” không hợp lệ"),
        (["--period", PERIOD, "--as-of", "05/10/2026"], "phải có dạng YYYY-MM-DD"),
        (["--period", PERIOD, "--program", "999/KH-XX"], "Không có chương trình “999/KH-XX”"),
        (["--period", PERIOD, "--kind", "weekly"], "Loại báo cáo “weekly” không hợp lệ"),
    ):
        with pytest.raises(CommandError) as error:
            call_command("report", *args, "--format", "docx", "-o", str(tmp_path / "x.docx"))
        assert error.value.returncode == 2
        assert message in str(error.value)
    assert re.search(r"\d", out.getvalue())
    with pytest.raises(CommandError) as error:
        call_command("report", "--period", PERIOD, "--format", "odt", "-o", str(tmp_path / "x"))
    assert error.value.returncode == 2 and "Định dạng “odt” không hỗ trợ" in str(error.value)
    with pytest.raises(CommandError) as error:
        call_command("report", "--format", "docx")
    assert error.value.returncode == 2 and "Thiếu --period, -o." in str(error.value)


def test_the_pdf_shows_the_same_figures_in_the_same_layout(draft, q3, libreoffice):
    issued = services.report_issue(actor=q3.personas.coordinator, report=draft, number="9/BC-UBND")
    pdf = bytes(issued.files.get(format="pdf").content)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = document.pages[0]
        assert (round(first.width), round(first.height)) == (595, 842)  # A4
        # The body and the start of Phụ lục I, then the last pages (Phụ lục II to IV): reading
        # every page costs seconds and adds nothing.
        pages = document.pages[:10] + document.pages[10:][-10:]
        text = "\n".join(page.extract_text_simple() for page in pages)
        fonts = {c["fontname"].split("+")[-1] for page in document.pages[:3] for c in page.chars}
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "Số: 9/BC-UBND" in flat
    assert "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" in flat and "V. KIẾN NGHỊ, ĐỀ XUẤT" in flat
    targets = issued.snapshot["targets"]
    with_data = sum(1 for t in targets if t["status"] != "no_data")
    assert f"{with_data}/{len(targets)} chỉ tiêu có số liệu" in flat
    for n in ("I", "III", "IV"):
        assert f"Phụ lục {n}" in flat
    assert "1.500.000.000" in flat  # the disbursement of Phụ lục III, as the DOCX writes it
    assert fonts <= {
        "LiberationSerif",
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    }, fonts


def test_an_edit_made_while_the_files_render_stops_the_issue(draft, q3, monkeypatch):
    coordinator = q3.personas.coordinator
    render_all = render.render_all

    def edited_meanwhile(report):
        services.report_paragraph_edit(actor=coordinator, report=draft, key="I.3", text="Mới.")
        return render_all(report)

    monkeypatch.setattr(render, "render_all", edited_meanwhile)
    with pytest.raises(ValidationError) as error:
        services.report_issue(actor=coordinator, report=draft)
    assert "vừa được sửa hoặc tính lại" in str(error.value)
    assert Report.objects.get(pk=draft.pk).state == "draft" and not draft.files.exists()


def test_a_program_or_a_pillar_report_holds_only_its_rows(q3):
    coordinator = q3.personas.coordinator
    program = q3.tasks[0].program
    report = services.report_create(
        actor=coordinator, kind="quarter", period=PERIOD, scope="program", program_id=program.pk
    )
    assert len(report.snapshot["targets"]) == program.targets.count()
    assert {t["program_id"] for t in report.snapshot["tasks"]} == {program.pk}
    assert report.title.startswith("Kết quả thực hiện") and program.number in report.title
    pillar = services.report_create(
        actor=coordinator, kind="quarter", period=PERIOD, scope="pillar", pillar="du_lieu"
    )
    assert {t["pillar"] for t in pillar.snapshot["targets"] + pillar.snapshot["tasks"]} <= {
        "du_lieu"
    }
    assert pillar.title == "Kết quả thực hiện chuyển đổi số lĩnh vực Dữ liệu quý III năm 2026"


def test_the_issuer_and_signer_come_from_the_environment(q3, monkeypatch):
    monkeypatch.setenv("REPORT_SIGNER_NAME", "Nguyễn Văn A")
    monkeypatch.setenv("REPORT_RECIPIENTS", "Bộ Khoa học và Công nghệ; Lưu: VT")
    report = services.report_build(kind="quarter", period=PERIOD)
    assert report.signer_name == "Nguyễn Văn A"
    fields = render.document_fields(report)
    assert fields["nguoi_ky"] == "Nguyễn Văn A"
    assert fields["noi_nhan"] == "- Bộ Khoa học và Công nghệ;\n- Lưu: VT."


def test_the_command_says_when_it_cannot_make_a_pdf(q3, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("report", "--period", PERIOD, "--format", "pdf", "-o", str(tmp_path / "a.pdf"))
    assert error.value.returncode == 2 and "chưa cài LibreOffice" in str(error.value)
    assert not (tmp_path / "a.pdf").exists()


def test_the_admin_shows_reports_and_changes_nothing(draft, client_as, personas):
    admin = client_as(personas.admin)
    assert admin.get("/quan-tri/outputs/report/").status_code == 200
    assert admin.get(f"/quan-tri/outputs/report/{draft.pk}/change/").status_code == 200
    response = admin.post(f"/quan-tri/outputs/report/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403 and Report.objects.filter(pk=draft.pk).exists()
