"""The write API's input (issue 12): every malformed request is a 400/404/413/415 in the API's
error shape (`{"detail", "errors"}`, Vietnamese), never a 500, and leaves the stored data as it
was; the forms' length limits; a field not sent keeps its stored value; a bounded fuzzer.

Sở Y tế's reporter (`reporter_soyte`) writes, its leader (`approver_soyte`) signs off.
"""

import json
import random
import time
from urllib.parse import quote

import pytest
from django.test import Client
from rest_framework.test import APIClient

from dxtrack.core.models import AuditLog
from dxtrack.reporting.models import (
    Evidence,
    IdempotencyKey,
    Observation,
    TaskUpdate,
    ValueRevision,
)
from tests.helpers import observation_body, task_update_body

pytestmark = pytest.mark.django_db

OBS = "/api/v1/observations/"
TU = "/api/v1/task-updates/"


def stored() -> tuple:
    """Every row a write could add or change."""
    return (
        list(Observation.objects.order_by("pk").values()),
        list(TaskUpdate.objects.order_by("pk").values()),
        list(ValueRevision.objects.order_by("pk").values_list("pk", flat=True)),
        list(Evidence.objects.order_by("pk").values_list("pk", flat=True)),
        list(AuditLog.objects.order_by("pk").values_list("pk", flat=True)),
        list(IdempotencyKey.objects.order_by("pk").values_list("pk", flat=True)),
    )


def post_raw(client: APIClient, url: str, body: str | bytes, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    data = response.json()
    assert set(data) == {"detail", "errors"} and isinstance(data["detail"], str)
    return data


@pytest.fixture
def reporter(setup, api):
    return api(setup.p.reporter_soyte)


@pytest.fixture
def approver(setup, api):
    return api(setup.p.approver_soyte)


@pytest.fixture
def pending(setup, reporter):
    """A value of Sở Y tế waiting for its leader, with a note."""
    response = reporter.post(OBS, observation_body(setup, note="Theo báo cáo quý"), format="json")
    assert response.status_code == 201
    return response.json()


# -- 1. the body ------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["[1, 2]", '"str"', "null", "42", "true"])
def test_a_body_that_is_not_an_object_is_a_400_in_the_error_shape(setup, reporter, body):
    before = stored()
    for url in (OBS, TU):
        data = assert_error_shape(post_raw(reporter, url, body), 400)
        assert "đối tượng JSON" in data["errors"]["non_field_errors"][0]
    assert stored() == before


def test_json_nested_5000_deep_is_a_400(setup, reporter):
    before = stored()
    deep = json.dumps(observation_body(setup))[:-1] + ', "note": ' + "[" * 5000 + "]" * 5000 + "}"
    data = assert_error_shape(post_raw(reporter, OBS, deep), 400)
    assert "lồng quá 20 cấp" in data["detail"]
    assert stored() == before


@pytest.mark.parametrize(
    "literal", ["NaN", "Infinity", "-Infinity", "1e400", "1" * 50, "-" + "9" * 5000]
)
def test_nan_infinity_and_huge_numbers_are_refused(setup, reporter, literal):
    before = stored()
    body = json.dumps(observation_body(setup))[:-1] + f', "value": {literal}}}'
    data = assert_error_shape(post_raw(reporter, OBS, body), 400)
    assert len(json.dumps(data)) < 400  # the number is not repeated
    assert "NaN hay Infinity" in data["detail"] or "Số nguyên quá dài" in data["detail"]
    assert stored() == before


@pytest.mark.parametrize(
    "bad", ["nul\x00byte", "lone \ud800 surrogate", "\udfff"], ids=["nul", "high", "low"]
)
def test_a_nul_byte_or_a_lone_surrogate_in_a_field_is_a_400_naming_the_field(
    setup, reporter, pending, bad
):
    before = stored()
    body = json.dumps(observation_body(setup, note=bad, version=pending["version"]))
    data = assert_error_shape(post_raw(reporter, OBS, body), 400)
    assert "NUL" in data["errors"]["note"][0]
    body = json.dumps(task_update_body(setup, narrative={"nested": [bad]}))
    data = assert_error_shape(post_raw(reporter, TU, body), 400)
    assert "narrative" in data["errors"]
    # In a form body too (a form cannot carry a lone surrogate: it arrives as U+FFFD), and in a key.
    if "\x00" in bad:
        response = reporter.post(TU, {**task_update_body(setup), "proposals": bad})
        assert_error_shape(response, 400)
    body = json.dumps({**observation_body(setup), bad: 1})
    assert_error_shape(post_raw(reporter, OBS, body), 400)
    assert stored() == before


def test_a_body_over_the_limit_is_a_413_and_a_small_limit_is_a_setting(setup, reporter, settings):
    before = stored()
    big = json.dumps(observation_body(setup, note="x" * (2 * 1024 * 1024)))
    data = assert_error_shape(post_raw(reporter, OBS, big), 413)
    assert "quá lớn" in data["detail"]
    settings.API_MAX_BODY_BYTES = 200
    body = json.dumps(observation_body(setup, note="y" * 300))
    assert_error_shape(post_raw(reporter, OBS, body), 413)
    form = "&".join(f"{k}={v}" for k, v in observation_body(setup, note="z" * 300).items())
    assert_error_shape(
        post_raw(reporter, OBS, form, content_type="application/x-www-form-urlencoded"), 413
    )
    assert stored() == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "image/png"])
def test_another_content_type_is_a_415_in_vietnamese(setup, reporter, content_type):
    before = stored()
    body = json.dumps(observation_body(setup))
    data = assert_error_shape(post_raw(reporter, OBS, body, content_type=content_type), 415)
    assert data["detail"].startswith("Kiểu dữ liệu không được hỗ trợ")
    assert stored() == before


def test_malformed_json_is_a_vietnamese_400_that_does_not_repeat_the_body(setup, reporter):
    data = assert_error_shape(post_raw(reporter, OBS, '{"value": ' + "x" * 100_000), 400)
    assert "không phải JSON hợp lệ" in data["detail"] and len(json.dumps(data)) < 400


# -- 1. the URL and the query string, on every page -------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programs/?q=%00",
        "/api/v1/indicators/1/observations/?unit_code=so%00y",
        "/api/v1/programs%00/",
        "/api/v1/observations/%00/approve/",
    ],
)
def test_a_nul_in_the_url_or_a_query_parameter_of_the_api_is_a_json_400(url):
    data = assert_error_shape(Client().get(url), 400)
    assert "NUL" in next(iter(data["errors"].values()))[0]


@pytest.mark.parametrize("url", ["/tong-quan/?nam=%00", "/bao-cao/%00/", "/?q=a%00b"])
def test_a_nul_in_the_url_or_a_query_parameter_of_a_page_is_a_vietnamese_400(url):
    response = Client().get(url)
    assert response.status_code == 400
    assert "không được phép" in response.content.decode()


# -- 2. lengths as in the forms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field", "limit"),
    [
        (OBS, "note", 4000),
        (OBS, "value", 40),
        (OBS, "unit_code", 64),
        (TU, "narrative", 8000),
        (TU, "difficulties", 8000),
        (TU, "proposals", 8000),
        (TU, "note", 4000),
        (TU, "percent_done", 10),
    ],
)
def test_a_text_longer_than_the_forms_allow_is_a_400_naming_the_field(
    setup, reporter, url, field, limit
):
    body = observation_body if url == OBS else task_update_body
    at_limit = "7" * limit if field in ("value", "percent_done") else "á" * limit
    response = reporter.post(url, body(setup, **{field: at_limit}), format="json")
    assert (
        response.status_code != 400
        or field not in response.json()["errors"]
        or ("Tối đa" not in response.json()["errors"][field][0])
    )
    before = stored()
    data = assert_error_shape(
        reporter.post(url, body(setup, **{field: "á" * (limit + 1)}), format="json"), 400
    )
    assert data["errors"][field] == [f"Tối đa {limit} ký tự (đã gửi {limit + 1})."]
    assert stored() == before


def test_a_return_comment_longer_than_the_form_allows_is_refused(setup, approver, pending):
    url = f"{OBS}{pending['id']}/return/"
    data = assert_error_shape(
        approver.post(url, {"version": pending["version"], "comment": "c" * 4001}, format="json"),
        400,
    )
    assert data["errors"]["comment"] == ["Tối đa 4000 ký tự (đã gửi 4001)."]
    assert Observation.objects.get(pk=pending["id"]).state == "pending_approval"


def test_an_error_never_repeats_more_than_100_characters_of_what_was_sent(setup, reporter):
    before = stored()
    huge = "9" * 10_000_000
    for body in (
        observation_body(setup, value=huge[:100_000]),
        observation_body(setup, unit_code="u" * 100_000),
        observation_body(setup, period="2026Q" + "9" * 100_000),
        observation_body(setup, indicator=huge[:100_000]),
        observation_body(setup, value="x" * 39),  # short enough to be read, and refused
    ):
        response = reporter.post(OBS, body, format="json")
        assert response.status_code == 400 and len(response.content) < 500, response.content[:600]
    assert stored() == before


# -- 3. a field not sent is not changed -------------------------------------------------------------


def test_a_task_update_that_leaves_out_a_field_keeps_its_stored_value(setup, reporter):
    first = reporter.post(
        TU,
        task_update_body(
            setup,
            submit=False,
            percent_done=10,
            narrative="Đã khảo sát",
            difficulties="Thiếu kinh phí",
            proposals="Bổ sung vốn",
            expected_completion="2026-12-31",
            note="ghi chú",
        ),
        format="json",
    ).json()
    assert first["percent_done"] == 10.0
    # Only the narrative changes: progress is sent (required), the rest is not.
    second = reporter.post(
        TU,
        task_update_body(setup, submit=False, narrative="Đã triển khai", version=first["version"]),
        format="json",
    )
    assert second.status_code == 200, second.json()
    data = second.json()
    assert (data["percent_done"], data["narrative"], data["difficulties"], data["proposals"]) == (
        10.0,
        "Đã triển khai",
        "Thiếu kinh phí",
        "Bổ sung vốn",
    )
    assert data["expected_completion"] == "2026-12-31"
    assert TaskUpdate.objects.get(pk=first["id"]).note == "ghi chú"
    # A field sent empty (or null) is cleared.
    third = reporter.post(
        TU,
        task_update_body(
            setup, submit=False, percent_done=None, difficulties="", version=data["version"]
        ),
        format="json",
    ).json()
    assert (third["percent_done"], third["difficulties"], third["proposals"]) == (
        None,
        "",
        "Bổ sung vốn",
    )


def test_a_value_written_again_without_a_note_keeps_the_note(setup, reporter):
    first = reporter.post(
        OBS, observation_body(setup, submit=False, note="Theo báo cáo quý"), format="json"
    ).json()
    second = reporter.post(
        OBS,
        observation_body(setup, submit=False, value=43, version=first["version"]),
        format="json",
    ).json()
    assert (second["value"], second["note"]) == (43.0, "Theo báo cáo quý")
    third = reporter.post(
        OBS,
        observation_body(setup, submit=False, note="", version=second["version"]),
        format="json",
    ).json()
    assert third["note"] is None


# -- 4. unknown paths -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v1/nope/", "/api/v1/observations/1/delete/", "/api/v1/", "/api/v1/programs"]
)
def test_an_unknown_api_path_is_a_json_404(url):
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        data = assert_error_shape(response, 404)
        assert data["detail"].startswith("Không tìm thấy")
    if not url.endswith("/"):
        assert "dấu “/”" in data["detail"]


# -- 5 and 6. a bounded fuzzer ----------------------------------------------------------------------

FUZZ_REQUESTS = 2000


def _nasty(rng: random.Random):
    """One bad (or sometimes good) JSON value."""
    choice = rng.randrange(22)
    depth = rng.choice([19, 21, 50, 3000])
    return [
        None,
        True,
        [],
        {},
        [1, 2],
        {"a": {"b": [1]}},
        "\x00",
        "a\x00b",
        "\ud800",
        "x\udfffy",
        "x" * rng.choice([41, 4001, 8001, 100_000]),
        10 ** rng.choice([18, 19, 30, 39]),
        -(10 ** rng.choice([5, 25])),
        rng.choice([1e308, -1e308, 1e-320, 0.1]),
        float("nan"),
        float("inf"),
        -float("inf"),
        rng.choice(["NaN", "Infinity", "1e999", "-0", "0x10", " 42 ", "٤٢", "42,5"]),
        "[" * depth + "]" * depth,  # as a string: must be harmless
        rng.choice(["2026Q4", "2026Q9", "9999Q1", "2026", "202613", ""]),
        rng.randint(-5, 10**6),
        rng.choice(["so-y-te", "so-tai-chinh", "khong-co", "completed", "in_progress"]),
    ][choice]


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


FIELDS = {
    OBS: ["indicator", "unit_code", "period", "value", "version", "round", "note", "submit"],
    TU: [
        "task",
        "unit_code",
        "period",
        "progress",
        "percent_done",
        "narrative",
        "difficulties",
        "proposals",
        "expected_completion",
        "note",
        "version",
        "submit",
    ],
    "decision": ["version", "comment"],
}


def _fuzz_body(rng: random.Random, base: dict, fields: list[str]) -> tuple[bytes, str]:
    """(body, content type): mostly the base body with one to three fields made nasty."""
    kind = rng.randrange(100)
    if kind < 5:
        top = rng.choice(["[1,2]", '"str"', "null", "1", "[]", "true", "", "{", "{}}"])
        return top.encode(), "application/json"
    if kind < 8:
        depth = rng.choice([21, 100, 5000])
        return (json.dumps(base)[:-1] + ', "x": ' + _deep(depth) + "}").encode(), "application/json"
    if kind < 10:
        size = rng.choice([1024 * 1024 + 1, 3 * 1024 * 1024])
        return json.dumps({**base, "note": "n" * size}).encode(), "application/json"
    if kind < 14:
        ctype = rng.choice(["text/plain", "application/xml", "application/json; charset=latin-1"])
        return json.dumps(base).encode(), ctype
    if kind < 16:
        return b'{"note": "\xff\xfe\xed\xa0\x80"}', "application/json"
    body = dict(base)
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(fields + ["extra\x00", "\ud800"])
        if rng.random() < 0.1:
            body.pop(name, None)
        else:
            body[name] = _nasty(rng)
    if kind < 24:
        # A form body: every value as text (a NUL or a surrogate percent-encoded).
        def enc(value) -> str:
            return quote(str(value).encode("utf-8", "surrogatepass"), safe="")

        pairs = "&".join(f"{enc(k)}={enc(v)}" for k, v in body.items())
        return pairs.encode(), "application/x-www-form-urlencoded"
    return json.dumps(body, allow_nan=True).encode(), "application/json"


def test_a_bounded_fuzzer_gets_no_server_error_and_refusals_store_nothing(setup, api):
    rng = random.Random(20260412)
    reporter, approver = api(setup.p.reporter_soyte), api(setup.p.approver_soyte)
    # Something to decide on and to update: a value and a task update waiting for the leader.
    obs = reporter.post(OBS, observation_body(setup, note="gốc"), format="json").json()
    tu = reporter.post(TU, task_update_body(setup, percent_done=10), format="json").json()
    targets = [
        (reporter, OBS, observation_body(setup, version=obs["version"]), FIELDS[OBS]),
        (reporter, TU, task_update_body(setup, version=tu["version"]), FIELDS[TU]),
    ]
    for kind, item in (("observations", obs), ("task-updates", tu)):
        for verb in ("approve", "return"):
            targets.append(
                (
                    approver,
                    f"/api/v1/{kind}/{item['id']}/{verb}/",
                    {"version": item["version"], "comment": "ý kiến"},
                    FIELDS["decision"],
                )
            )
    statuses: dict[int, int] = {}
    changed_by_refusal = []
    started = time.monotonic()
    before = stored()
    for i in range(FUZZ_REQUESTS):
        client, url, base, fields = rng.choice(targets)
        body, ctype = _fuzz_body(rng, base, fields)
        headers = {}
        if rng.random() < 0.05:
            headers["HTTP_IDEMPOTENCY_KEY"] = rng.choice(["k\x00", "k" * 201, f"key-{i}"])
        response = client.generic("POST", url, body, content_type=ctype, **headers)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, (url, body[:200], response.content[:300])
        if response.status_code >= 400:
            data = response.json()
            assert set(data) == {"detail", "errors"}, data
            assert len(response.content) < 2000, response.content[:300]
            after = stored()
            if after != before:
                changed_by_refusal.append((url, body[:200], response.status_code))
            before = after
        else:
            before = stored()
    elapsed = time.monotonic() - started
    print(
        f"fuzzer: {FUZZ_REQUESTS} requests in {elapsed:.1f} s, statuses {sorted(statuses.items())}"
    )
    assert not changed_by_refusal
    assert sum(statuses.values()) == FUZZ_REQUESTS and max(statuses) < 500
