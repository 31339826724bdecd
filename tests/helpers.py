"""Helpers shared by the test modules: plain functions, constants and small classes.

Fixtures stay in the conftest.py files, which call into this module. Sections: people and
places, plans and their evaluation, a reporting round, the write API, the Excel round trip,
pages, and the browser (Playwright) steps.
"""

import io
import json
import re
import urllib.request
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook
from rest_framework.test import APIClient

from dxtrack.registry.models import Goal, Indicator, Program, Role, Target, Task, Unit
from dxtrack.reporting import services
from dxtrack.reporting.models import Assignment, Observation

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "thai-nguyen"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# -- people and places ---------------------------------------------------------------------------


def make_user(username: str, role: str | None, unit_code: str | None = None, **extra):
    """A user without a password (tests log in with force_login), with that role at that unit."""
    # No password: hashing one (PBKDF2) costs ~0.3 s a user.
    user = get_user_model().objects.create_user(
        username=username, password=None, email=f"{username}@example.invalid", **extra
    )
    if role:
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        Role.objects.create(user=user, name=role, unit=unit)
    return user


def commune_code(name: str) -> str:
    """The code of the commune of that name."""
    return Unit.objects.get(kind="commune", name=name).code


def province() -> Unit:
    """The province's own unit (settings.PROVINCE_UNIT_CODE)."""
    return Unit.objects.get(code=settings.PROVINCE_UNIT_CODE)


def admin_change_unit(client, unit: Unit, *, name: str):
    """The admin's change form of `unit` posted with a new name (the rest as it is)."""
    return client.post(
        f"/quan-tri/registry/unit/{unit.pk}/change/",
        {
            "code": unit.code,
            "name": name,
            "short_name": "SYT",
            "kind": unit.kind,
            "aliases": "[]",
            "note": "",
            "successors": [],
        },
    )


# -- plans and their evaluation ------------------------------------------------------------------


# An importer's extraction of a small plan, as `program_load_extraction` takes it.
SAMPLE_PLAN = {
    "document": {
        "number": "99/KH-UBND",
        "kind": "Kế hoạch",
        "title": "Kế hoạch thử nghiệm",
        "issuer": "Ủy ban nhân dân tỉnh Thái Nguyên",
        "issued_on": "2025-03-01",
        "place": "Thái Nguyên",
    },
    "targets": [
        {
            "line": 10,
            "section": "II.1 Mục tiêu cụ thể",
            "text": "Trên 80% hồ sơ xử lý trực tuyến",
            "measures": [
                {
                    "subject": "hồ sơ xử lý trực tuyến toàn trình",
                    "comparator": ">",
                    "value": 80,
                    "unit": "%",
                    "year": 2027,
                    "scope": "cấp tỉnh",
                }
            ],
        },
        {"line": 12, "section": "II.1 Mục tiêu cụ thể", "text": "Phổ cập mạng 5G", "measures": []},
    ],
    "observations": [
        {
            "line": 5,
            "text": "hồ sơ xử lý trực tuyến toàn trình đạt 60%",
            "subject": "hồ sơ xử lý trực tuyến toàn trình",
            "value": 60,
            "unit": "%",
            "year": 2024,
            "of": None,
        },
        {
            "line": 6,
            "text": "không rõ năm",
            "subject": "điểm",
            "value": 3,
            "unit": "điểm",
            "year": None,
            "of": None,
        },
    ],
    "tasks": [
        {
            "line": 30,
            "code": "1",
            "group": "1 Hạ tầng",
            "name": "Nâng cấp trung tâm dữ liệu",
            "lead": ["Sở Thông tin và Truyền thông"],
            "coordinators": ["Sở Y tế", "Ban Quản lý Dự án Ma"],
            "timeframe": "2025 - 2026",
            "start_year": 2025,
            "end_year": 2026,
            "end_quarter": None,
            "recurrence": None,
            "budget_vnd": 1500000000,
            "budget_per_year": False,
            "budget_source": "Ngân sách nhà nước",
        },
    ],
    "budget": {"stated_total_vnd": 1500000000},
    "warnings": [{"line": 30, "code": "x", "message": "một cảnh báo"}],
}


def make_program(
    *,
    key: str,
    number: str,
    title: str,
    status: str = "published",
    section: str = "II.1 Chính quyền số",
    goal_text: str = "Thử",
) -> Program:
    """A test plan (Kế hoạch) issued on 10/01/2024 for 2030, with one goal."""
    program = Program.objects.create(
        key=key,
        number=number,
        kind="Kế hoạch",
        title=title,
        status=status,
        horizon_year=2030,
        issued_on=date(2024, 1, 10),
    )
    Goal.objects.create(program=program, order=1, section=section, text=goal_text)
    return program


def add_target(
    program: Program,
    indicator: Indicator,
    *,
    goal: Goal | None = None,
    comparator: str = ">=",
    value: float = 50,
    year: int = 2030,
    **extra,
) -> Target:
    """A target of the program on that indicator, in its unit, under `goal` or the first goal."""
    return Target.objects.create(
        program=program,
        goal=goal or program.goals.first(),
        indicator=indicator,
        comparator=comparator,
        value=value,
        unit=indicator.unit,
        year=year,
        **extra,
    )


def indicator_target(
    program: Program,
    name: str,
    *,
    aggregation: str = "sum",
    unit: str = "hồ sơ",
    denominator: Indicator | None = None,
    **target,
) -> Target:
    """A new indicator of that name, unit and aggregation, and a target on it (add_target)."""
    indicator = Indicator.objects.create(
        name=name, unit=unit, aggregation=aggregation, denominator=denominator
    )
    return add_target(program, indicator, **target)


# -- a reporting round ---------------------------------------------------------------------------

PERIOD = "2026Q4"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def indicator_with_unit(unit: str) -> Indicator:
    """An indicator of that unit of measure, preferably one 38/KH-UBND sets a target for."""
    rows = Indicator.objects.filter(unit=unit).order_by("pk")
    return rows.filter(targets__program__number="38/KH-UBND").first() or rows.first()


class Setup:
    """An open round of 38/KH-UBND for 2026Q4: Sở Y tế owes a percentage, a count and a rank
    indicator and a task; phường Phan Đình Phùng owes the percentage indicator and a task."""

    def __init__(self, personas):
        self.p = personas
        self.program = Program.objects.get(number="38/KH-UBND")
        self.round = services.round_create(
            acting_user=personas.coordinator, programs=[self.program], period=PERIOD, working_days=5
        )
        self.soyte = Unit.objects.get(code="so-y-te")
        self.commune = personas.reporter_commune.dx_role.unit
        self.percent = indicator_with_unit("%")
        self.count = indicator_with_unit("doanh nghiệp")
        self.rank = indicator_with_unit("rank")
        self.task = Task.objects.filter(program=self.program).order_by("order").first()
        self.task2 = Task.objects.filter(program=self.program).order_by("order")[1]
        for unit in (self.soyte, self.commune):
            Assignment.objects.filter(round=self.round, unit=unit).delete()

        def add(unit, **kw):
            return services.assignment_add(
                acting_user=personas.coordinator, rnd=self.round, unit=unit, **kw
            )

        self.a_percent = add(self.soyte, kind="indicator", indicator=self.percent)
        self.a_count = add(self.soyte, kind="indicator", indicator=self.count)
        self.a_rank = add(self.soyte, kind="indicator", indicator=self.rank)
        self.a_task = add(self.soyte, kind="task", task=self.task)
        self.c_percent = add(self.commune, kind="indicator", indicator=self.percent)
        self.c_task = add(self.commune, kind="task", task=self.task2)
        services.round_open(acting_user=personas.coordinator, rnd=self.round)
        self.round.refresh_from_db()


def accepted_value(indicator: Indicator, unit: Unit, period: str, value, **fields) -> Observation:
    """An accepted value (a report unless `source_kind` says otherwise), stored without a hook."""
    fields = {"state": "accepted", "source_kind": "report", **fields}
    return Observation.objects.create(
        indicator=indicator, unit=unit, period=period, value=value, **fields
    )


def accepted_last_quarter(setup: Setup, value: float = 37.5) -> Observation:
    """Sở Y tế's accepted value of the percentage indicator for 2026Q3, the round's last quarter."""
    return accepted_value(setup.percent, setup.soyte, "2026Q3", value)


def open_round_assigning(personas, program: Program, unit: Unit, indicator: Indicator, period: str):
    """The coordinator creates a round of the program for `period`, assigns `unit` the indicator
    and opens the round; the assignment, read as the reporting services read it."""
    rnd = services.round_create(
        acting_user=personas.coordinator, programs=[program], period=period, working_days=5
    )
    assignment = services.assignment_add(
        acting_user=personas.coordinator, rnd=rnd, unit=unit, kind="indicator", indicator=indicator
    )
    services.round_open(acting_user=personas.coordinator, rnd=rnd)
    return Assignment.objects.select_related("round", "unit", "indicator").get(pk=assignment.pk)


def workspace_url(setup: Setup, code: str = "so-y-te") -> str:
    """The unit's workspace in the round."""
    return f"/bao-cao/ky/{setup.round.pk}/don-vi/{code}/"


def value_sent_by_reporter(setup: Setup, assignment=None, value: str = "40") -> Observation:
    """Sở Y tế's reporter saves and sends a value (the percentage indicator unless told)."""
    return services.observation_save(
        acting_user=setup.p.reporter_soyte,
        assignment=assignment or setup.a_percent,
        value=value,
        submit=True,
    )


def resave_by_reporter(
    setup: Setup, obs: Observation, value: str = "41", *, submit: bool = False
) -> Observation:
    """Sở Y tế's reporter saves (and, with `submit`, sends) a new value over `obs` at its version."""
    return services.observation_save(
        acting_user=setup.p.reporter_soyte,
        assignment=setup.a_percent,
        value=value,
        version=obs.version,
        submit=submit,
    )


# -- the write API -------------------------------------------------------------------------------


def token_for(user) -> str:
    """A new API token of the user, made with `manage.py token create` (printed once)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "--user", user.username, stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert token.startswith("dxt_") and "chỉ hiện một lần" in err.getvalue()
    return token


def api_client(user) -> APIClient:
    """An API client that sends a new token of the user."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


def observation_body(setup: Setup, **extra) -> dict:
    """A write API body: 42.5 for Sở Y tế's percentage indicator in 2026Q4, with `extra`."""
    return {
        "indicator": setup.percent.pk,
        "unit_code": "so-y-te",
        "period": "2026Q4",
        "value": 42.5,
        **extra,
    }


def task_update_body(setup: Setup, progress: str = "in_progress", **extra) -> dict:
    """A write API body: Sở Y tế's progress on the round's first task in 2026Q4, with `extra`."""
    return {
        "task": setup.task.pk,
        "unit_code": "so-y-te",
        "period": "2026Q4",
        "progress": progress,
        **extra,
    }


# The fields of an observation in the write API's answer that DESIGN.md names.
OBSERVATION_FIELDS = (
    "id",
    "indicator",
    "unit_code",
    "period",
    "value",
    "state",
    "source",
    "submitted_by",
    "submitted_at",
)


# -- the Excel round trip ------------------------------------------------------------------------


def excel_download(client, setup: Setup, code: str = "so-y-te"):
    """The unit's prefilled workbook, downloaded as an attachment."""
    response = client.get(f"/bao-cao/ky/{setup.round.pk}/don-vi/{code}/excel/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.content))


def rows_by_code(ws) -> dict:
    """{the code in column A: its row number} of a sheet."""
    return {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}


def workbook_bytes(wb) -> bytes:
    """The workbook saved to bytes."""
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def excel_upload(client, setup: Setup, data: bytes, submit: bool = False):
    """Sở Y tế's workbook uploaded (and sent when `submit`)."""
    return client.post(
        f"/bao-cao/ky/{setup.round.pk}/don-vi/so-y-te/excel/nap/",
        {"file": SimpleUploadedFile("bao-cao.xlsx", data), **({"submit": "on"} if submit else {})},
    )


# -- pages ---------------------------------------------------------------------------------------


def page_text(client, url: str, *, english: bool) -> str:
    """The page in English (the language cookie set to "en") or in Vietnamese (no cookie)."""
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    else:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# -- the browser (Playwright) --------------------------------------------------------------------

BROWSER_CONTEXT = {"locale": "vi-VN", "viewport": {"width": 1400, "height": 1000}}


def login(page, base_url: str, username: str, password: str = "demo") -> None:
    """Logs the browser page in through the login form."""
    page.goto(f"{base_url}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def logout(page, base_url: str) -> None:
    """Logs the browser page out through the header's button."""
    page.goto(base_url + "/")
    page.click("form[action='/dang-xuat/'] button")
    page.wait_for_load_state()


def switch_user(page, base_url: str, username: str, url: str) -> None:
    """Hands the browser to another user: logs out, logs in as `username` and opens `url`."""
    logout(page, base_url)
    login(page, base_url, username)
    page.goto(url)


def flash_messages(page) -> str:
    """The text of the page's messages (ul.messages)."""
    return page.locator("ul.messages").inner_text()


def text_at(page, url: str, selector: str) -> str:
    """Opens `url` and reads the text of the element `selector` names."""
    page.goto(url)
    return page.locator(selector).inner_text()


def screenshot(page, name: str) -> Path:
    """A full-page screenshot saved as test-artifacts/NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def api_json(base_url: str, path: str, *, timeout: float = 10) -> dict:
    """The read API's answer at `path`, parsed."""
    with urllib.request.urlopen(base_url + path, timeout=timeout) as response:
        return json.loads(response.read())


def current_quarter() -> str:
    """Today's quarter as a period code (2026Q2)."""
    today = date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


def coordinator_opens_round(
    browser,
    base_url: str,
    *,
    program_number: str,
    unit: str,
    title: str = "",
    shot_filled: str | None = None,
    shot_open: str | None = None,
) -> dict:
    """The coordinator creates a round of `program_number` for the current quarter through his pages,
    assigns `unit` one of the program's percentage indicators by hand, and opens the round."""
    program = next(
        p
        for p in api_json(base_url, "/api/v1/programs/")["results"]
        if p["number"] == program_number
    )
    detail = api_json(base_url, f"/api/v1/programs/{program['id']}/")
    indicator = next(
        t["indicator_id"] for g in detail["goals"] for t in g["targets"] if t["unit"] == "%"
    )
    context = browser.new_context(**BROWSER_CONTEXT)
    page = context.new_page()
    login(page, base_url, "coordinator")
    page.goto(base_url + "/bao-cao/")
    page.click("#new-round")
    page.get_by_label(re.compile(re.escape(program_number))).check()
    year, quarter = current_quarter().split("Q")
    page.select_option("#id_period_0", year)  # the period picker: year, then the quarter
    page.select_option("#id_period_1", f"Q{quarter}")
    page.fill("#id_working_days", "5")
    if title:
        page.fill("#id_title", title)
    if shot_filled:
        screenshot(page, shot_filled)
    page.click("#round-form button[type=submit]")
    page.wait_for_load_state()
    # The round is created in the background (the demo's worker); its page refreshes itself.
    page.wait_for_selector("#job-round", timeout=60_000)
    page.click("#job-round")
    page.wait_for_load_state()
    round_id = int(re.search(r"/bao-cao/ky/(\d+)/", page.url).group(1))
    page.fill("#id_unit", unit)
    page.fill("#id_item", f"I-{indicator}")
    page.click("#assignment-form button[type=submit]")
    page.wait_for_load_state()
    assert "Đã thêm phân công" in flash_messages(page)
    page.click("#open-round")
    page.wait_for_load_state()
    assert page.locator("#round-state").inner_text() == "Đang mở"
    if shot_open:
        screenshot(page, shot_open)
    context.close()
    return {"round": round_id, "indicator": indicator}


# --- Admin forms: post a change form as the page shows it, then change what the test means to ---


def _value(bound) -> object:
    value = bound.field.prepare_value(bound.value())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        value = _value(form[name])
        if value != "":
            data[form.add_prefix(name)] = value
    return data


def admin_form_data(response) -> dict:
    """The POST data of the admin change page `response` (its form and inline formsets)."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data
