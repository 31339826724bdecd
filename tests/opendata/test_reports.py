"""Issued reports on the open data portal: listed on the pages, a dataset of their own in the
downloads, the CKAN API and the DCAT catalogue, and their frozen files downloadable by anyone;
a draft report is nowhere, and its files cannot be fetched."""

import csv
import io
import json
from types import SimpleNamespace

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT

from dxtrack.evaluation.compute import today
from dxtrack.evaluation.services import evaluation_recompute_all
from dxtrack.outputs import render, services
from dxtrack.outputs.models import ReportFile
from tests.opendata.test_dcat import violations

pytestmark = pytest.mark.django_db

NUMBER = "215/BC-UBND"
DRAFT_SUBJECT = "Chuyên đề nháp Omega chưa ban hành"
SLUG = "bao-cao-da-ban-hanh"


@pytest.fixture
def reports(personas, monkeypatch):
    """One report issued (DOCX and XLSX: no LibreOffice in these tests) and one left a draft."""
    monkeypatch.setattr(render, "soffice_path", lambda: None)
    evaluation_recompute_all(as_of=today())
    coordinator = personas.coordinator
    draft = services.report_create(
        actor=coordinator, kind="topic", period="2026Q3", subject=DRAFT_SUBJECT
    )
    issued = services.report_create(actor=coordinator, kind="quarter", period="2026Q3")
    issued = services.report_issue(actor=coordinator, report=issued, number=NUMBER)
    return SimpleNamespace(issued=issued, draft=draft)


def file_url(pk, fmt):
    return f"/du-lieu-mo/{SLUG}/{pk}/tai-ve.{fmt}"


def test_the_portal_lists_issued_reports_with_their_files_and_never_a_draft(client, reports):
    for url in ("/du-lieu-mo/", f"/du-lieu-mo/{SLUG}/"):
        html = client.get(url).content.decode()
        assert "Báo cáo đã ban hành" in html and NUMBER in html, url
        assert file_url(reports.issued.pk, "docx") in html
        assert file_url(reports.issued.pk, "xlsx") in html
        assert file_url(reports.draft.pk, "docx") not in html
        assert DRAFT_SUBJECT not in html


def test_the_dataset_has_one_row_per_issued_report_with_its_download_links(client, reports):
    body = client.get(f"/du-lieu-mo/{SLUG}/tai-ve.csv?header=machine").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["number"] for r in rows] == [NUMBER]
    assert rows[0]["report_id"] == str(reports.issued.pk)
    assert rows[0]["docx_url"].endswith(file_url(reports.issued.pk, "docx"))
    assert rows[0]["pdf_url"] == ""  # not produced: no LibreOffice here
    assert rows[0]["content_sha256"] == reports.issued.content_sha256
    assert DRAFT_SUBJECT not in body


def test_anyone_downloads_an_issued_file_exactly_as_it_was_frozen(client, reports):
    stored = ReportFile.objects.get(report=reports.issued, format="docx")
    response = client.get(file_url(reports.issued.pk, "docx"))
    assert response.status_code == 200
    assert response.content == bytes(stored.content)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert response["ETag"] == f'"{stored.sha256}"'
    again = client.get(file_url(reports.issued.pk, "docx"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    # outputs' own download is for the coordinator and leaders only
    assert client.get(f"/bao-cao-tong-hop/{reports.issued.pk}/tai/docx/").status_code in (302, 403)


def test_a_draft_or_a_missing_format_cannot_be_fetched(client, reports):
    for pk, fmt in ((reports.draft.pk, "docx"), (reports.issued.pk, "pdf"), (999999, "docx")):
        response = client.get(file_url(pk, fmt))
        assert response.status_code == 404
        assert "báo cáo đã ban hành" in response.content.decode()
    assert client.get(f"/du-lieu-mo/{SLUG}/{reports.issued.pk}/tai-ve.exe").status_code == 404


def test_ckan_shows_the_issued_files_as_resources(client, reports):
    package = json.loads(client.get(f"/api/3/action/package_show?id={SLUG}").content)["result"]
    ids = [r["id"] for r in package["resources"]]
    issued = f"{SLUG}-{reports.issued.pk}-"
    files = {r["format"]: r for r in package["resources"] if r["id"].startswith(issued)}
    assert set(files) == {"DOCX", "XLSX"}
    docx = files["DOCX"]
    stored = ReportFile.objects.get(report=reports.issued, format="docx")
    assert docx["url"].endswith(file_url(reports.issued.pk, "docx"))
    assert docx["size"] == stored.size and docx["hash"] == f"sha256:{stored.sha256}"
    assert NUMBER in docx["name"]
    assert not [i for i in ids if i.startswith(f"{SLUG}-{reports.draft.pk}-")]
    assert {f"{SLUG}-csv", f"{SLUG}-json", f"{SLUG}-xlsx"} <= set(ids)  # the table itself


def test_the_dcat_record_lists_the_files_and_passes_the_shapes(client, reports):
    graph = Graph().parse(
        data=client.get(f"/du-lieu-mo/{SLUG}/dcat.ttl").content.decode(), format="turtle"
    )
    urls = {str(u) for u in graph.objects(None, DCAT.downloadURL)}
    assert any(u.endswith(file_url(reports.issued.pk, "docx")) for u in urls)
    assert not any(f"/{reports.draft.pk}/tai-ve" in u for u in urls)
    assert (None, DCAT.byteSize, None) in graph
    n, text = violations(graph)
    assert n == 0, text


def test_issuing_a_report_publishes_it_at_once(client, reports, personas):
    """The answers are kept under the stamp; the issue's audit row renews it."""
    assert "216/BC-UBND" not in client.get("/du-lieu-mo/").content.decode()
    before = client.get(f"/api/3/action/package_show?id={SLUG}").json()["result"]
    services.report_issue(actor=personas.coordinator, report=reports.draft, number="216/BC-UBND")
    assert "216/BC-UBND" in client.get("/du-lieu-mo/").content.decode()
    after = client.get(f"/api/3/action/package_show?id={SLUG}").json()["result"]
    assert after["metadata_modified"] > before["metadata_modified"]
    assert client.get(file_url(reports.draft.pk, "docx")).status_code == 200
