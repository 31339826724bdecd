"""The open datasets: what they contain, in which form, and what they never contain."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from dxtrack.evaluation.services import stamp_bump
from dxtrack.opendata import selectors
from dxtrack.reporting.models import Observation
from tests.helpers import accepted_value, province
from tests.opendata.conftest import (
    ACCEPTED_VALUE,
    DRAFT_DISBURSED,
    DRAFT_INDICATOR,
    DRAFT_TITLE,
)

pytestmark = pytest.mark.django_db

HIDDEN = [DRAFT_TITLE, DRAFT_INDICATOR, "77/KH-NHAP", "98765.4321", str(DRAFT_DISBURSED), "55.5"]


def slug_of(indicator) -> str:
    return f"chi-so-{indicator.code or indicator.pk}"


def csv_rows(client, slug: str, **query) -> list[list[str]]:
    response = client.get(f"/du-lieu-mo/{slug}/tai-ve.csv", query)
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads the accents
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_an_indicator_dataset_has_its_accepted_values_with_source_and_review_date(client, world):
    rows = csv_rows(client, slug_of(world.indicator))
    header, data = rows[0], rows[1:]
    assert header[:4] == ["Mã chỉ số", "Chỉ số", "Đơn vị tính", "Kỳ"]
    ours = [r for r in data if r[3] == "2026Q2"]
    assert len(ours) == 1
    row = dict(zip(header, ours[0], strict=True))
    assert float(row["Giá trị"]) == ACCEPTED_VALUE
    assert row["Mã đơn vị"] == "19" and row["mo_phong"] == "false"
    assert row["Ngày duyệt"].startswith(world.accepted.reviewed_at.astimezone().date().isoformat())


def test_machine_headers_and_the_table_schema_name_the_same_columns(client, world):
    machine = csv_rows(client, "so-lieu", header="machine")[0]
    schema = client.get("/du-lieu-mo/so-lieu/schema.json").json()
    assert machine == [f["name"] for f in schema["fields"]]
    assert schema["fields"][-1] == {
        "name": "simulated",
        "title": "mo_phong",
        "description": schema["fields"][-1]["description"],
        "type": "boolean",
        "trueValues": ["true"],
        "falseValues": ["false"],
    }


def test_drafts_and_unaccepted_values_are_in_no_dataset_and_no_format(client, world):
    assert world.draft_program.status == "draft"
    catalog = selectors.catalog()
    assert DRAFT_INDICATOR not in " ".join(d.title for d in catalog.datasets.values())
    for slug in catalog.datasets:
        for fmt in ("csv", "json"):
            response = client.get(f"/du-lieu-mo/{slug}/tai-ve.{fmt}")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            text = body.decode("utf-8-sig")
            for marker in HIDDEN:
                assert marker not in text, (slug, fmt, marker)
    # the positive control: the accepted value is there
    assert str(ACCEPTED_VALUE) in client.get("/du-lieu-mo/so-lieu/tai-ve.csv").content.decode()


def test_the_xlsx_opens_with_the_vietnamese_headers_and_a_sheet_of_field_meanings(client, world):
    response = client.get("/du-lieu-mo/chi-tieu/tai-ve.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    data, about = workbook["Dữ liệu"], workbook["Mô tả"]
    header = next(data.iter_rows(values_only=True))
    assert header[:3] == ("Mã chỉ tiêu", "Văn bản", "Mục")
    assert len(list(data.iter_rows())) == selectors.dataset_get(slug="chi-tieu").rows + 1
    meanings = {r[1]: r[2] for r in about.iter_rows(min_row=6, values_only=True)}
    assert "Open SDG" in meanings["progress_ratio"]


def test_json_rows_use_the_machine_names(client, world):
    body = json.loads(client.get(f"/du-lieu-mo/{slug_of(world.indicator)}/tai-ve.json").content)
    assert body["dataset"] == slug_of(world.indicator)
    ours = [r for r in body["data"] if r["period"] == "2026Q2"]
    assert ours[0]["value"] == ACCEPTED_VALUE and ours[0]["simulated"] is False


def test_simulated_values_are_marked_in_the_rows_and_the_description(client, world):
    accepted_value(world.indicator, province(), "2025Q4", 40, simulated=True)
    stamp_bump()
    dataset = selectors.dataset_get(slug=slug_of(world.indicator))
    assert dataset.simulated and "mô phỏng" in dataset.description
    assert "simulated" in dataset.description_en
    rows = csv_rows(client, slug_of(world.indicator))
    assert [r[-1] for r in rows[1:] if r[3] == "2025Q4"] == ["true"]
    assert "mô phỏng" not in selectors.dataset_get(slug="don-vi").description


def test_modified_moves_with_an_accepted_value_and_not_otherwise(client, world):
    before = selectors.dataset_get(slug=slug_of(world.indicator)).modified
    units_before = selectors.dataset_get(slug="don-vi").modified
    stamp_bump()  # some other audited write: nothing of this dataset changed
    assert selectors.dataset_get(slug=slug_of(world.indicator)).modified == before
    later = accepted_value(world.indicator, province(), "2027Q1", 1.5)
    Observation.objects.filter(pk=later.pk).update(reviewed_at=before.replace(year=before.year + 1))
    stamp_bump()
    assert selectors.dataset_get(slug=slug_of(world.indicator)).modified > before
    assert selectors.dataset_get(slug="don-vi").modified == units_before


def test_a_second_download_with_the_etag_is_not_sent_again(client, world):
    first = client.get("/du-lieu-mo/chi-tieu/tai-ve.csv")
    again = client.get("/du-lieu-mo/chi-tieu/tai-ve.csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    stamp_bump()
    assert (
        client.get("/du-lieu-mo/chi-tieu/tai-ve.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code
        == 200
    )


def test_an_unknown_dataset_is_a_vietnamese_404(client, stamp):
    response = client.get("/du-lieu-mo/khong-co/tai-ve.csv")
    assert response.status_code == 404
    assert "Không có bộ dữ liệu" in response.content.decode()


def test_the_unit_registry_names_predecessors_and_successors(client, stamp):
    rows = csv_rows(client, "don-vi", header="machine")
    header = rows[0]
    merged = [dict(zip(header, r, strict=True)) for r in rows[1:] if r[header.index("successors")]]
    assert merged, "the 2025 merger of communes leaves predecessors with successors"
    successor = merged[0]["successors"].split("; ")[0]
    heir = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == successor)
    assert merged[0]["code"] in heir["predecessors"].split("; ")
