"""The CKAN-compatible API, driven by the real CKAN client (`ckanapi.RemoteCKAN`) over HTTP."""

import csv
import io

import pytest
import requests
from ckanapi import NotFound, RemoteCKAN, ValidationError

from tests.opendata.conftest import DRAFT_INDICATOR, DRAFT_TITLE, UNACCEPTED_VALUE

pytestmark = pytest.mark.django_db

SINCE = "metadata_modified:[2026-01-01T00:00:00Z TO *]"


@pytest.fixture
def ckan(live_api, settings, world):
    settings.SITE_URL = live_api.url  # the resources' URLs point at this server
    with RemoteCKAN(live_api.url, user_agent="dxtrack-test/1") as remote:
        yield remote


def typed(value: str, kind: str):
    """A CSV cell read by the dataset's Table Schema type."""
    if value == "":
        return None
    if kind == "number":
        return float(value)
    if kind == "integer":
        return int(value)
    if kind == "boolean":
        return value == "true"
    return value


def test_a_ckan_client_lists_searches_pages_shows_and_downloads(ckan):
    assert ckan.action.status_show()["ckan_version"].startswith("2.")
    names = ckan.action.package_list()
    assert "so-lieu" in names and "chi-tieu" in names

    recent = ckan.action.package_search(fq=SINCE, rows=1000)
    assert recent["count"] == len(recent["results"]) > 0
    assert all(p["metadata_modified"] >= "2026-01-01" for p in recent["results"])

    everything = ckan.action.package_search(rows=1000, sort="name asc")
    pages = [
        p["name"]
        for start in range(0, everything["count"], 7)
        for p in ckan.action.package_search(rows=7, start=start, sort="name asc")["results"]
    ]
    assert pages == [p["name"] for p in everything["results"]] == sorted(names)

    package = ckan.action.package_show(id=recent["results"][0]["name"])
    assert package["license_id"] == "CC-BY-4.0"
    assert package["organization"]["name"] == package["owner_org"]
    assert {r["format"] for r in package["resources"]} == {"CSV", "JSON", "XLSX"}
    for resource in package["resources"]:
        answer = requests.get(resource["url"], timeout=30)
        assert answer.status_code == 200, resource["url"]
        assert answer.headers["Content-Type"].startswith(resource["mimetype"])

    schema = requests.get(f"{ckan.address}/du-lieu-mo/{package['name']}/schema.json", timeout=30)
    types = [f["type"] for f in schema.json()["fields"]]
    by_format = {r["format"]: r["url"] for r in package["resources"]}
    data = requests.get(by_format["JSON"], timeout=30).json()["data"]
    text = requests.get(by_format["CSV"], params={"header": "machine"}, timeout=30)
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    from_csv = [
        {name: typed(cell, kind) for name, cell, kind in zip(header, row, types, strict=True)}
        for row in body
    ]
    assert from_csv == data
    assert len(from_csv) == int(next(e["value"] for e in package["extras"] if e["key"] == "rows"))


def test_units_that_publish_are_organizations(ckan):
    codes = ckan.action.organization_list()
    assert "so-khoa-hoc-va-cong-nghe" in codes
    org = ckan.action.organization_show(id="so-khoa-hoc-va-cong-nghe", include_datasets=True)
    assert org["title"].startswith("Sở Khoa học và Công nghệ")
    assert org["package_count"] == len(org["packages"]) >= 7
    only = ckan.action.package_search(fq='organization:"so-khoa-hoc-va-cong-nghe"', rows=1000)
    assert only["count"] == org["package_count"]


def test_drafts_and_unaccepted_values_are_in_no_ckan_answer(ckan, live_api):
    answers = [
        requests.get(f"{live_api.url}/api/3/action/package_search?rows=1000", timeout=30).text,
        requests.get(
            f"{live_api.url}/api/3/action/organization_list?all_fields=true", timeout=30
        ).text,
    ]
    answers += [
        requests.get(f"{live_api.url}/api/3/action/package_show?id={n}", timeout=30).text
        for n in ckan.action.package_list()
    ]
    for text in answers:
        for marker in (DRAFT_TITLE, DRAFT_INDICATOR, "77/KH-NHAP", str(UNACCEPTED_VALUE)):
            assert marker not in text


def test_errors_have_ckans_shape(ckan, live_api):
    with pytest.raises(NotFound):
        ckan.action.package_show(id="khong-co")
    with pytest.raises(ValidationError):
        ckan.action.package_search(rows="nhiều")
    answer = requests.get(f"{live_api.url}/api/3/action/package_search?fq=tags:abc", timeout=30)
    body = answer.json()
    assert answer.status_code == 409 and body["success"] is False
    assert body["error"]["__type"] == "Search Query Error"
    assert "fq" in body["error"]["message"] and body["help"].endswith("name=package_search")
    unknown = requests.get(f"{live_api.url}/api/3/action/package_delete", timeout=30)
    assert unknown.status_code == 400 and unknown.json()["success"] is False


def test_an_overlong_query_is_refused_with_a_vietnamese_message(ckan, live_api):
    answer = requests.get(
        f"{live_api.url}/api/3/action/package_search", params={"q": "a" * 501}, timeout=30
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["message"] == "Tham số q dài 501 ký tự, tối đa 500."


def test_a_harvester_may_check_a_resource_with_head(ckan, live_api):
    answer = requests.head(f"{live_api.url}/du-lieu-mo/chuong-trinh/tai-ve.csv", timeout=30)
    assert answer.status_code == 200 and answer.headers["ETag"]
