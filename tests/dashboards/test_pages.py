"""Dashboard pages render from the stored evaluation, with tables behind every chart."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxtrack.evaluation import selectors, services
from dxtrack.evaluation.models import TargetEvaluation
from dxtrack.evaluation.pillars import pillar_of
from dxtrack.registry.models import Goal, Program, Target, Task
from tests.helpers import indicator_target

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
    assert (
        f'id="n-achieved">{achieved}</strong>/<span id="n-targets">{program.targets.count()}<'
        in page
    )


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
    page = client.get(
        "/tong-quan/xep-hang/", {"group": "commune", "period": "2026Q1"}
    ).content.decode()
    assert 'id="ranking-formula"' in page and "Điểm (0–100)" in page
    assert client.get("/tong-quan/xep-hang/", {"group": "nope"}).status_code == 404


def test_the_unit_dashboard_shows_the_score_history(evaluated, client):
    page = client.get("/tong-quan/don-vi/so-tai-chinh/").content.decode()
    assert 'id="score-history"' in page


@pytest.mark.parametrize(
    "texts, pillar",
    [
        (("II.2.a Phát triển chính quyền số", ""), "chinh_quyen_so"),
        (("", "Phát triển kinh tế số, chiếm 20% GRDP"), "kinh_te_so"),
        (("IV.2.a Phát triển hạ tầng số",), "ha_tang_so"),
        (("II.1 Phát triển hạ tầng dữ liệu",), "du_lieu"),
        (("III Phát triển kết nối, chia sẻ dữ liệu",), "du_lieu"),
        (("Đào tạo đại học",), "xa_hoi_so"),
        (("Tăng số đơn đăng ký sáng chế",), "khcn_dmst"),
        (("Nội dung khác",), "khac"),
    ],
)
def test_pillars_come_from_keywords_in_the_data_file(texts, pillar):
    assert pillar_of(*texts) == pillar


def _add_targets(program, n, start=0):
    goal = Goal.objects.create(
        program=program, order=900 + start, section="Phát triển kinh tế số", text="Thử"
    )
    for i in range(start, start + n):
        indicator_target(program, f"Chỉ số tải {i}", unit="%", goal=goal, order=i)
        Task.objects.create(
            program=program,
            order=1000 + i,
            name=f"Nhiệm vụ tải {i}",
            start_year=2024,
            end_year=2024 if i % 2 else 2028,
        )


@pytest.mark.parametrize(
    "path",
    [
        "/tong-quan/",
        "/tong-quan/chuong-trinh/{pk}/",
        "/tong-quan/xep-hang/?group=department",
        "/api/v1/targets/?page_size=50",
    ],
)
def test_a_dashboard_page_reads_a_bounded_number_of_queries_whatever_the_number_of_targets(
    client, path, django_assert_max_num_queries
):
    program = Program.objects.filter(status="published").first()
    url = path.format(pk=program.pk)
    counts = []
    for n in (3, 80):
        _add_targets(program, n, start=len(counts) * 100)
        services.evaluation_recompute_all(as_of=date(2026, 1, 15))  # new stamp: nothing cached yet
        # 13: the page and, once per stamp, which figures are simulated (the demo's marks)
        with django_assert_max_num_queries(13), CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
        with django_assert_max_num_queries(4):  # cached until the next evaluation
            assert client.get(url).status_code == 200
    assert counts[0] == counts[1], counts


def test_the_overview_lists_stay_short_and_link_to_the_full_list(evaluated, client):
    program = Program.objects.filter(status="published").first()
    _add_targets(program, 2 * selectors.LIST_LIMIT + 10)  # half of the tasks ended in 2024
    services.evaluation_recompute_all(as_of=date(2026, 1, 15))
    page = client.get("/tong-quan/").content.decode()
    n_overdue = int(page.split('id="n-overdue">')[1].split("<")[0])
    assert n_overdue > selectors.LIST_LIMIT
    assert (
        page.split('id="overdue-tasks"')[1].split("</table>")[0].count("<tr>")
        == selectors.LIST_LIMIT + 1
    )
    assert "?tat_ca=1" in page
    full = client.get("/tong-quan/", {"tat_ca": "1"}).content.decode()
    assert full.split('id="overdue-tasks"')[1].split("</table>")[0].count("<tr>") == n_overdue + 1


def test_the_stored_overview_matches_the_computed_one(evaluated, rf):
    """The fast path (stored pillar, grouped counts) gives what classifying every row gives."""
    user = AnonymousUser()
    stored = selectors.overview(user=user)
    computed = selectors._overview_computed(user)
    for key in (
        "pillars",
        "target_totals",
        "task_totals",
        "n_targets",
        "n_tasks",
        "n_due_soon",
        "n_overdue",
    ):
        assert stored[key] == computed[key], key
    assert [(d, t.pk) for d, t, _ in stored["due_soon"]] == [
        (d, t.pk) for d, t, _ in computed["due_soon"][:50]
    ]
    assert [t.pk for t, _ in stored["overdue_tasks"]] == [
        t.pk for t, _ in computed["overdue_tasks"][:50]
    ]


def test_a_renamed_program_shows_at_once_on_the_cached_overview(client_as, personas):
    program = Program.objects.filter(status="published").first()
    client = client_as(personas.admin)
    client.get(f"/tong-quan/chuong-trinh/{program.pk}/")  # fills the cache
    data = {
        "key": program.key,
        "number": program.number,
        "kind": program.kind,
        "title": "Tên mới của chương trình",
        "issuer": program.issuer,
        "place": program.place,
        "status": program.status,
        "budget_parts": "[]",
        "warnings": "[]",
        "source_name": program.source_name,
        "source_note": program.source_note,
        "extraction_sha256": program.extraction_sha256,
    }
    if program.issued_on:
        data["issued_on"] = program.issued_on.isoformat()
    if program.horizon_year:
        data["horizon_year"] = program.horizon_year
    response = client.post(f"/quan-tri/registry/program/{program.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert (
        "Tên mới của chương trình"
        in client.get(f"/tong-quan/chuong-trinh/{program.pk}/").content.decode()
    )
