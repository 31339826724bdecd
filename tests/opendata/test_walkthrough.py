"""A new reader's walk through the open data portal (issues 15, 16): the stable address is where
the server answers, the targets dataset says it rests on simulated values, and the preview reads
as Vietnamese while the files keep their machine formats."""

import csv
import io
import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from dxtrack.evaluation.services import stamp_bump
from dxtrack.opendata import selectors
from dxtrack.reporting.models import Observation
from tests.helpers import accepted_value, province

pytestmark = pytest.mark.django_db


def _preview(page: str) -> str:
    return page.split('id="preview"', 1)[1].split("</table>", 1)[0]


def test_the_stable_address_is_the_one_the_reader_reached_when_site_url_is_the_default(
    client, stamp, settings
):
    settings.SITE_URL = "http://127.0.0.1:8000"
    page = client.get("/du-lieu-mo/chi-tieu/", HTTP_HOST="127.0.0.1:8765").content.decode()
    assert "http://127.0.0.1:8765/du-lieu-mo/chi-tieu/" in page
    assert "127.0.0.1:8000" not in page
    embed = client.get("/du-lieu-mo/", HTTP_HOST="127.0.0.1:8765").content.decode()
    assert "127.0.0.1:8000" not in embed


def test_a_configured_site_url_is_the_stable_address_whatever_the_host_reached(
    client, stamp, settings
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://dulieu.thainguyen.gov.vn/"
    page = client.get("/du-lieu-mo/chi-tieu/", HTTP_HOST="10.0.0.5:8000").content.decode()
    assert "https://dulieu.thainguyen.gov.vn/du-lieu-mo/chi-tieu/" in page
    assert "10.0.0.5" not in page


def test_the_targets_dataset_says_it_rests_on_simulated_values_when_its_indicators_do(
    client, world
):
    assert not selectors.dataset_get(slug="chi-tieu").simulated
    accepted_value(world.indicator, province(), "2025Q4", 40, simulated=True)
    stamp_bump()
    dataset = selectors.dataset_get(slug="chi-tieu")
    assert dataset.simulated and "mô phỏng" in dataset.description
    page = client.get("/du-lieu-mo/chi-tieu/").content.decode()
    assert 'class="sim-note"' in page
    listed = client.get("/du-lieu-mo/", {"q": "chi tieu va trang thai"}).content.decode()
    assert "có số liệu mô phỏng" in listed
    rows = list(
        csv.reader(
            io.StringIO(client.get("/du-lieu-mo/chi-tieu/tai-ve.csv").content.decode("utf-8-sig"))
        )
    )
    header, body = rows[0], rows[1:]
    assert header[-1] == "mo_phong"
    marked = {r[0] for r in body if r[-1] == "true"}
    ours = {str(t.pk) for t in world.indicator.targets.filter(program__status="published")}
    assert ours and ours <= marked
    assert len(marked) < len(body)  # only the targets of indicators with simulated values


def test_the_preview_writes_times_and_decimals_the_vietnamese_way_and_the_files_do_not(
    client, world
):
    when = datetime(2026, 12, 7, 11, 38, 24, 379953, tzinfo=ZoneInfo("UTC"))
    Observation.objects.filter(pk=world.accepted.pk).update(reviewed_at=when, value=34.87)
    stamp_bump()
    slug = f"chi-so-{world.indicator.code or world.indicator.pk}"
    page = client.get(f"/du-lieu-mo/{slug}/").content.decode()
    preview = _preview(page)
    local = timezone.localtime(when).strftime("%d/%m/%Y %H:%M")
    assert local in preview and "379953" not in preview
    assert "34,87" in preview and "34.87" not in preview
    assert '<th scope="col">Mô phỏng</th>' in preview and ">mo_phong<" not in preview
    body = json.loads(client.get(f"/du-lieu-mo/{slug}/tai-ve.json").content)
    ours = [r for r in body["data"] if r["period"] == "2026Q2"]
    assert ours[0]["value"] == 34.87  # the files keep the machine formats: ISO 8601, dot decimals
    assert datetime.fromisoformat(ours[0]["reviewed_at"]) == when


def test_an_english_reader_sees_english_separators_in_the_preview(client, world):
    Observation.objects.filter(pk=world.accepted.pk).update(value=1234.5)
    stamp_bump()
    slug = f"chi-so-{world.indicator.code or world.indicator.pk}"
    client.cookies["django_language"] = "en"
    page = client.get(f"/du-lieu-mo/{slug}/").content.decode()
    assert re.search(r"<td>1,234\.5</td>", _preview(page))
