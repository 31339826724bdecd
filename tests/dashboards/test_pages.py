"""Dashboard pages render from the stored evaluation, with tables behind every chart."""
from datetime import date

import pytest

from dxtrack.evaluation import services
from dxtrack.evaluation.models import TargetEvaluation
from dxtrack.evaluation.selectors import pillar_of
from dxtrack.registry.models import Program, Target, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(db):
    services.evaluation_recompute_all(as_of=date(2026, 1, 15))


def test_the_overview_counts_targets_by_pillar_and_status(evaluated, client):
    page = client.get("/tong-quan/").content.decode()
    assert 'id="pillar-targets"' in page and "<caption>" in page and 'scope="col"' in page
    assert "Kinh tế số" in page and "Chính quyền số" in page
    assert f'id="n-targets">{Target.objects.filter(program__status="published").count()}<' in page
    assert "vendor/chart.umd.min.js" in page and "cdn" not in page.lower()


def test_the_program_page_says_how_many_targets_are_met(evaluated, client):
    program = Program.objects.filter(status="published").first()
    achieved = TargetEvaluation.objects.filter(target__program=program, status="achieved").count()
    page = client.get(f"/tong-quan/chuong-trinh/{program.pk}/").content.decode()
    assert f'id="n-achieved">{achieved}</strong>/<span id="n-targets">{program.targets.count()}<' in page


def test_the_indicator_page_shows_the_path_and_sources(evaluated, client):
    target = Target.objects.filter(indicator__observations__isnull=False).first()
    page = client.get(f"/tong-quan/chi-so/{target.indicator_id}/").content.decode()
    assert 'id="indicator-observations"' in page and "chart-indicator-data" in page


def test_the_target_and_unit_pages_explain_their_evaluation(evaluated, client):
    target = Target.objects.first()
    page = client.get(f"/chi-tieu/{target.pk}/").content.decode()
    assert 'id="evaluation-explanation"' in page
    assert TargetEvaluation.objects.get(target=target).explanation.split(":")[0] in page
    unit_page = client.get("/don-vi/so-khoa-hoc-va-cong-nghe/").content.decode()
    assert 'id="scorecard"' in unit_page


def test_the_ranking_page_prints_the_formula(evaluated, client):
    page = client.get("/tong-quan/xep-hang/", {"group": "commune", "period": "2026Q1"}).content.decode()
    assert 'id="ranking-formula"' in page and "Điểm (0–100)" in page
    assert client.get("/tong-quan/xep-hang/", {"group": "nope"}).status_code == 404


def test_the_unit_dashboard_shows_the_score_history(evaluated, client):
    page = client.get("/tong-quan/don-vi/so-tai-chinh/").content.decode()
    assert 'id="score-history"' in page


@pytest.mark.parametrize("texts, pillar", [
    (("II.2.a Phát triển chính quyền số", ""), "chinh_quyen_so"),
    (("", "Phát triển kinh tế số, chiếm 20% GRDP"), "kinh_te_so"),
    (("IV.2.a Phát triển hạ tầng số",), "ha_tang_so"),
    (("II.1 Phát triển hạ tầng dữ liệu",), "du_lieu"),
    (("III Phát triển kết nối, chia sẻ dữ liệu",), "du_lieu"),
    (("Đào tạo đại học",), "xa_hoi_so"),
    (("Tăng số đơn đăng ký sáng chế",), "khcn_dmst"),
    (("Nội dung khác",), "khac"),
])
def test_pillars_come_from_keywords_in_the_data_file(texts, pillar):
    assert pillar_of(*texts) == pillar
