"""The review pages as a provincial official reads them (QA walkthrough, session 6): no Python
values ("Dòng None", "100.0", "20.0 MB"), no stray spaces, no table pipes as a goal, the task's
group beside its number, plain upload errors that say what to do, a link from the refusal to the
amendment page, three numbered steps, and an amendment's changes called proposed until published."""

import copy
import re

import pytest

from dxtrack.docimport import extract_text
from dxtrack.registry import services
from dxtrack.registry.models import Program, Target
from dxtrack.registry.review.views import readable_goal_text
from tests.helpers import SAMPLE_PLAN
from tests.registry.test_import_page import PLAN_LINES, docx_bytes, upload
from tests.registry.test_review import SOURCE_TEXT, target_post, url
from tests.registry.test_review_amendments import V2, start, the_amendment
from tests.registry.test_review_versions import V1

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft() -> Program:
    return services.program_load_extraction(
        data=copy.deepcopy(SAMPLE_PLAN), source_text=SOURCE_TEXT, source_name="kh-99.md"
    ).program


def text_of(response) -> str:
    """The page's words, tags removed and white space collapsed, as a reader sees them."""
    html = re.sub(
        r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(), flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- words and numbers -----------------------------------------------------------------------------


def test_a_warning_without_a_line_shows_no_python_none(client_as, personas, draft):
    draft.warnings = [{"line": None, "code": "x", "message": "cảnh báo chung của văn bản"}]
    draft.save(update_fields=["warnings"])
    client = client_as(personas.coordinator)
    for page in (f"/chuong-trinh/{draft.pk}/", url(draft)):
        words = text_of(client.get(page))
        assert "cảnh báo chung của văn bản" in words and "None" not in words


def test_the_program_page_gives_the_date_of_issue_and_the_place_apart(client_as, personas, draft):
    words = text_of(client_as(personas.coordinator).get(f"/chuong-trinh/{draft.pk}/"))
    assert "Ngày ban hành 01/03/2025" in words
    assert "Nơi ban hành Thái Nguyên" in words


def test_a_target_year_and_an_unresolved_agency_have_no_stray_space(client_as, personas, draft):
    words = text_of(client_as(personas.coordinator).get(url(draft)))
    assert "(2027)" in words and "( 2027)" not in words
    assert "Ban Quản lý Dự án Ma (chưa xác định)" in words and "( chưa" not in words


def test_the_target_form_shows_the_value_as_a_person_writes_it(client_as, personas, draft):
    client = client_as(personas.coordinator)
    target = Target.objects.get(program=draft, value=80)
    page = client.get(url(draft, f"chi-tieu/{target.pk}/"))
    assert 'name="value" value="80"' in page.content.decode()
    response = client.post(url(draft, f"chi-tieu/{target.pk}/"), target_post(target, value="12,5"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 12.5
    page = client.get(url(draft, f"chi-tieu/{target.pk}/"))
    assert 'name="value" value="12,5"' in page.content.decode()


def test_the_task_form_shows_the_budget_with_thousands_dots(client_as, personas, draft):
    task = draft.tasks.get()
    page = client_as(personas.coordinator).get(url(draft, f"nhiem-vu/{task.pk}/"))
    assert 'value="1.500.000.000"' in page.content.decode()


def test_a_goal_taken_from_a_table_row_reads_without_pipes():
    row = "- | Diện tích | Ha | 350 | 370 | 400"
    assert readable_goal_text(row) == "Diện tích · Ha · 350 · 370 · 400"
    assert readable_goal_text("| 1 | Tỷ lệ | % | - | 80 |") == "1 · Tỷ lệ · % · 80"
    # a sentence with one bar is a sentence
    assert readable_goal_text("Đạt 80% | theo kế hoạch") == "Đạt 80% | theo kế hoạch"


def test_the_workspace_shows_a_table_goal_readably(client_as, personas):
    data = copy.deepcopy(SAMPLE_PLAN)
    data["targets"][0]["text"] = "- | Hồ sơ trực tuyến | % | 80"
    program = services.program_load_extraction(data=data, source_text=SOURCE_TEXT).program
    client = client_as(personas.coordinator)
    words = text_of(client.get(url(program)))
    assert "Hồ sơ trực tuyến · % · 80" in words and "| Hồ sơ" not in words
    target = Target.objects.get(program=program, value=80)
    words = text_of(client.get(url(program, f"chi-tieu/{target.pk}/")))
    assert "Hồ sơ trực tuyến · % · 80" in words and "| Hồ sơ" not in words


def test_each_task_stands_under_its_group_in_the_workspace(client_as, personas):
    data = copy.deepcopy(SAMPLE_PLAN)
    second = {
        **data["tasks"][0],
        "line": 31,
        "code": "1",
        "group": "2 Dữ liệu",
        "name": "Kho dữ liệu",
    }
    data["tasks"].append(second)
    program = services.program_load_extraction(data=data, source_text=SOURCE_TEXT).program
    html = client_as(personas.coordinator).get(url(program)).content.decode()
    groups = re.findall(r'<li class="task-group"><h4>([^<]+)</h4>', html)
    assert groups == ["1 Hạ tầng", "2 Dữ liệu"]
    assert html.index("2 Dữ liệu") < html.index("Kho dữ liệu")


# -- uploads ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,says",
    [
        ("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "không phải là PDF hợp lệ"),
        ("ke-hoach.docx", b"not a zip at all", "không phải là tài liệu Word (.docx) hợp lệ"),
    ],
)
def test_a_broken_file_is_named_once_in_one_plain_sentence(
    client_as, personas, name, content, says
):
    response = upload(client_as(personas.coordinator), name, content)
    words = text_of(response)
    assert response.status_code == 400 and says in words
    assert words.count(name) == 1
    assert "%PDF" not in words and "word/document.xml" not in words and "zip" not in words


def test_a_file_too_large_gives_its_size_in_vietnamese(client_as, personas, settings):
    settings.PLAN_UPLOAD_MAX_BYTES = 1048576
    client = client_as(personas.coordinator)
    words = text_of(upload(client, "lon.txt", b"a" * (1048576 * 3 // 2)))
    assert "quá lớn (1,5 MB; tối đa 1 MB)" in words
    words = text_of(upload(client, "lon.txt", b"a" * (1048576 * 2)))
    assert "quá lớn (2 MB; tối đa 1 MB)" in words


def test_reloading_a_published_plan_links_to_its_amendment_page(client_as, personas):
    client = client_as(personas.coordinator)
    assert upload(client, "kh-77.docx", docx_bytes(PLAN_LINES)).status_code == 302
    program = Program.objects.get(number="77/KH-UBND")
    services.program_publish(program=program, acting_user=None)
    response = upload(client, "kh-77-ban-khac.docx", docx_bytes([*PLAN_LINES, "Thêm một dòng."]))
    assert response.status_code == 400
    assert f'href="/chuong-trinh/{program.pk}/ra-soat/dieu-chinh/"' in response.content.decode()


# -- the steps -------------------------------------------------------------------------------------


def test_the_review_has_three_numbered_steps_and_step_one_holds_the_rest(
    client_as, personas, draft
):
    client = client_as(personas.coordinator)
    html = client.get(url(draft, "van-ban/")).content.decode()
    nav = html[
        html.index('<nav class="review-nav"') : html.index("</nav>", html.index("review-nav"))
    ]
    steps = re.findall(r"<li><a [^>]*>([^<]+)</a></li>", nav)
    assert steps == ["1. Đối chiếu và sửa", "2. Cơ quan thực hiện", "3. Kiểm tra và công bố"]
    assert 'aria-current="step">1. Đối chiếu và sửa' in nav
    assert 'id="nav-metadata" aria-current="page"' in nav and 'id="nav-version"' in nav
    assert "Nạp lại bản đã sửa" in nav


def test_every_upload_page_names_the_accepted_files_the_same_way(client_as, personas, draft):
    client = client_as(personas.coordinator)
    accepted = ".docx, .pdf có lớp chữ, .txt hoặc .md"
    assert accepted in text_of(client.get("/chuong-trinh/nhap-van-ban/"))
    assert accepted in text_of(client.get(url(draft, "phien-ban-moi/")))


def test_the_line_panel_offers_targets_tasks_and_results(client_as, personas, draft):
    html = client_as(personas.coordinator).get(url(draft)).content.decode()
    assert "Có thể thêm chỉ tiêu, nhiệm vụ hoặc số liệu từ đoạn này." in html
    assert 'id="back-to-record"' in html


def test_an_amendment_proposes_its_changes_until_it_is_published(client_as, personas):
    program = services.program_load_extraction(data=extract_text(V1), source_text=V1).program
    published = services.program_publish(program=program, acting_user=None)
    client = client_as(personas.coordinator)
    start(client, published, text=V2)
    amendment = the_amendment(published)
    words = text_of(client.get(url(amendment, "cong-bo/")))
    assert "đề xuất 3 thay đổi, chưa áp dụng" in words
    assert "thay đổi được áp dụng" not in words and "chấp nhận 3/3" not in words
