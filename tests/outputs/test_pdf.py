"""The PDF converter (dxtrack/outputs/pdf.py): one resident LibreOffice started on demand and
reused, a cold LibreOffice when the resident one cannot be had or died, a Vietnamese message (never
a 500) when no PDF can be made, and an issued report's PDF made once at issue and then served as
stored. Needs LibreOffice and python3-uno (`make pdf-tools`)."""

import io
import os
import threading
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt

from dxtrack.outputs import pdf, render, services
from dxtrack.outputs.models import Report

VIETNAMESE = "Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 62,4%; Ủy ban nhân dân tỉnh Thái Nguyên"


def small_docx(marker: str) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    run = doc.add_paragraph().add_run(f"{VIETNAMESE} — {marker}")
    run.font.name = "Times New Roman"
    run.font.size = Pt(13)
    table = doc.add_table(rows=3, cols=2)
    for i, row in enumerate(table.rows):
        row.cells[0].text, row.cells[1].text = f"{i + 1}", f"Nhiệm vụ số {i + 1} của {marker}"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def servers(folder: Path) -> list[int]:
    """The resident converters running for this folder."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if (
            any(part.endswith(b"pdf_server.py") for part in command)
            and str(folder).encode() in command
        ):
            found.append(int(entry.name))
    return found


def pdf_text(data: bytes) -> tuple[str, set[str]]:
    with pdfplumber.open(io.BytesIO(data)) as document:
        text = " ".join(" ".join(page.extract_text_simple() for page in document.pages).split())
        fonts = {c["fontname"].split("+")[-1] for page in document.pages for c in page.chars}
    return text, fonts


def fake_soffice(tmp_path: Path, body: str) -> str:
    """A stand-in for LibreOffice that fails the way a broken installation does."""
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


@pytest.fixture
def converter(libreoffice, pdf_converter_dir, monkeypatch):
    """The resident converter of this test run, stopped first so each test sees it start."""
    pdf.server_stop(pdf_converter_dir)
    monkeypatch.setenv("REPORT_PDF_SERVER", "auto")
    if not pdf.resident_available():
        pytest.fail("python3-uno not found for the resident converter: run `make pdf-tools`")
    return pdf_converter_dir


def test_the_first_conversion_starts_the_resident_converter_and_the_next_reuses_it(converter):
    first = render.docx_to_pdf(small_docx("lần một"))
    pid = pdf.server_pid(converter)
    assert pid is not None and (converter / "s").exists()
    second = render.docx_to_pdf(small_docx("lần hai"))
    assert pdf.server_pid(converter) == pid
    text, fonts = pdf_text(second)
    assert VIETNAMESE in text and "lần hai" in text and "lần một" not in text
    assert "lần một" in pdf_text(first)[0]
    # Times New Roman is drawn with its metric twin, embedded (no DejaVu for ệ, ư, ỷ).
    assert fonts == {"LiberationSerif"}, fonts


def test_two_concurrent_conversions_both_succeed_with_one_converter(converter):
    results: dict[str, bytes | Exception] = {}

    def convert(marker: str) -> None:
        try:
            results[marker] = render.docx_to_pdf(small_docx(marker))
        except Exception as error:  # reported below
            results[marker] = error

    threads = [threading.Thread(target=convert, args=(m,)) for m in ("Sở Y tế", "xã Đại Từ")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for marker, other in (("Sở Y tế", "xã Đại Từ"), ("xã Đại Từ", "Sở Y tế")):
        data = results[marker]
        assert isinstance(data, bytes), data
        text, _ = pdf_text(data)
        assert marker in text and other not in text
    assert servers(converter) == [pdf.server_pid(converter)]
    assert render.docx_to_pdf(small_docx("sau")).startswith(b"%PDF")


def test_a_converter_killed_during_a_conversion_is_replaced_by_a_cold_one(converter, monkeypatch):
    render.docx_to_pdf(small_docx("khởi động"))
    killed = pdf.server_pid(converter)
    receive = pdf._receive

    def killed_while_converting(client, size):
        pdf.server_stop(converter)
        return receive(client, size)

    monkeypatch.setattr(pdf, "_receive", killed_while_converting)
    data = render.docx_to_pdf(small_docx("sau khi bị dừng"))
    assert "sau khi bị dừng" in pdf_text(data)[0]
    monkeypatch.setattr(pdf, "_receive", receive)
    render.docx_to_pdf(small_docx("lần sau"))
    assert pdf.server_pid(converter) not in (None, killed)


def test_a_conversion_over_the_time_limit_stops_with_a_vietnamese_message(converter, monkeypatch):
    render.docx_to_pdf(small_docx("khởi động"))
    stuck = pdf.server_pid(converter)
    monkeypatch.setenv("REPORT_PDF_TIMEOUT", "0.01")
    with pytest.raises(render.PdfUnavailable) as error:
        render.docx_to_pdf(small_docx("quá lâu"))
    assert "quá 0,01 giây" in str(error.value) and "tải bản DOCX" in str(error.value)
    assert pdf.server_pid(converter) is None  # the stuck one was ended
    with pytest.raises(ProcessLookupError):
        os.kill(stuck, 0)


def test_a_cold_libreoffice_that_hangs_is_ended_at_the_time_limit(
    libreoffice, monkeypatch, tmp_path
):
    monkeypatch.setenv("REPORT_PDF_SERVER", "off")
    monkeypatch.setenv("REPORT_PDF_TIMEOUT", "1")
    monkeypatch.setenv("REPORT_SOFFICE", fake_soffice(tmp_path, "sleep 30"))
    with pytest.raises(render.PdfUnavailable) as error:
        render.docx_to_pdf(small_docx("treo"))
    assert "quá 1 giây" in str(error.value)


def test_a_draft_pdf_that_cannot_be_made_says_why_in_vietnamese(
    draft, client_as, libreoffice, monkeypatch, tmp_path
):
    # a LibreOffice that fails, started cold: not the resident one another test may have left
    monkeypatch.setenv("REPORT_PDF_SERVER", "off")
    monkeypatch.setenv("REPORT_SOFFICE", fake_soffice(tmp_path, "exit 1"))
    client = client_as(draft.created_by)
    response = client.get(f"/bao-cao-tong-hop/{draft.pk}/tai/pdf/", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Không chuyển được báo cáo sang PDF" in response.content.decode()


def test_an_issue_whose_pdf_fails_is_refused_and_the_report_stays_a_draft(
    draft, q3, client_as, libreoffice, monkeypatch, tmp_path
):
    # a LibreOffice that fails, started cold: not the resident one another test may have left
    monkeypatch.setenv("REPORT_PDF_SERVER", "off")
    monkeypatch.setenv("REPORT_SOFFICE", fake_soffice(tmp_path, "exit 1"))
    client = client_as(q3.personas.coordinator)
    response = client.post(
        f"/bao-cao-tong-hop/{draft.pk}/ban-hanh/", {"number": "12/BC-UBND"}, follow=True
    )
    assert response.status_code == 200
    assert "Chưa ban hành: không tạo được bản PDF" in response.content.decode()
    assert Report.objects.get(pk=draft.pk).state == "draft" and not draft.files.exists()


def test_an_issued_report_serves_the_pdf_made_at_issue_without_converting_again(
    draft, q3, client_as, libreoffice, monkeypatch
):
    issued = services.report_issue(actor=q3.personas.coordinator, report=draft, number="8/BC")
    stored = bytes(issued.files.get(format="pdf").content)

    def no_conversion(data):
        raise AssertionError("an issued report's PDF is never made again")

    monkeypatch.setattr(render, "docx_to_pdf", no_conversion)
    for persona in (q3.personas.coordinator, q3.personas.leader):
        response = client_as(persona).get(f"/bao-cao-tong-hop/{draft.pk}/tai/pdf/")
        assert response.status_code == 200 and response.content == stored


def test_another_departments_officer_gets_no_pdf_and_starts_no_converter(
    draft, q3, client_as, converter
):
    response = client_as(q3.personas.reporter_taichinh).get(
        f"/bao-cao-tong-hop/{draft.pk}/tai/pdf/"
    )
    assert response.status_code in (403, 404)
    assert pdf.server_pid(converter) is None


@pytest.mark.parametrize(
    "setting", [("REPORT_PDF_SERVER", "off"), ("REPORT_UNO_PYTHON", "/nonexistent/python3")]
)
def test_without_the_resident_converter_libreoffice_is_started_cold(
    converter, monkeypatch, setting
):
    monkeypatch.setenv(*setting)
    assert not pdf.resident_available()
    data = render.docx_to_pdf(small_docx("chạy riêng"))
    assert "chạy riêng" in pdf_text(data)[0]
    assert pdf.server_pid(converter) is None and servers(converter) == []


def test_the_appendix_tables_have_grid_borders_and_the_table_paragraph_style(draft):
    """What LibreOffice reads fast (decision 18): borders on the table, no table style, and one
    paragraph style for the cells, in Times New Roman 11 pt like before."""
    doc = Document(io.BytesIO(render.render_docx(draft)))
    parts = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert parts
    for table in parts:
        pr = table._tbl.tblPr
        assert pr.find(qn("w:tblStyle")) is None
        borders = pr.find(qn("w:tblBorders"))
        assert [b.get(qn("w:val")) for b in borders] == ["single"] * 6
    style = doc.styles["Bảng phụ lục"]
    assert style.font.size.pt == 11 and style.base_style.font.name == "Times New Roman"
    assert style.paragraph_format.first_line_indent == 0
    cells = [c for t in parts for r in t.rows for c in r.cells]
    assert {c.paragraphs[0].style.name for c in cells} == {"Bảng phụ lục"}
    header = parts[0].rows[0].cells[1].paragraphs[0]
    assert header.runs[0].bold and header.alignment == 1  # centred


def test_a_template_with_its_own_table_style_keeps_it(draft, tmp_path, monkeypatch):
    template = Document(str(render.DEFAULT_TEMPLATE))
    own = template.styles.add_style("Bảng phụ lục", WD_STYLE_TYPE.PARAGRAPH)
    own.font.size = Pt(10)
    path = tmp_path / "mau.docx"
    template.save(str(path))
    monkeypatch.setenv("REPORT_DOCX_TEMPLATE", str(path))
    doc = Document(io.BytesIO(render.render_docx(draft)))
    assert [s.name for s in doc.styles].count("Bảng phụ lục") == 1
    assert doc.styles["Bảng phụ lục"].font.size.pt == 10
