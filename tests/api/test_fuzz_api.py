"""A bounded, seeded random fuzzer of the whole API (issue 12): `REQUESTS` requests, in-process,
to every operation with the tokens of Sở Y tế's reporter and its leader (approver), and to paths
that are not operations. Bodies and query strings carry wrong types, NUL bytes, lone surrogates,
deep nesting, huge numbers, NaN and Infinity, 10 MB bodies, wrong content types, broken multipart.

Every answer must be below 500, in the API's error shape when it refuses, short (a refused value
is never echoed whole), and a refused request must leave the stored data exactly as it was: a
cheap fingerprint is compared after each refusal and the full rows every `FULL_CHECK_EVERY`
refusals and at the end, against the rows as they were after the last accepted write.

(tests/reporting/test_api_input.py keeps its smaller fuzzer of the write bodies alone.)
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
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

REQUESTS = int(os.getenv("DXTRACK_FUZZ_REQUESTS", "10000"))
FULL_CHECK_EVERY = 500
SEED = 20261207
TEN_MB = 10 * 1024 * 1024
#: One 10 MB body, built once (JSON of a huge note); the server must refuse it by its length.
HUGE_BODY = b'{"note": "' + b"n" * (TEN_MB - 12) + b'"}'


# -- what is stored -------------------------------------------------------------------------------


def _fingerprint_sql() -> str:
    """One query: counts, last ids, version sums and last change of every table a write could
    touch (six aggregate queries per refusal were a third of the fuzzer's time)."""
    parts = []
    for model in (Observation, TaskUpdate, ValueRevision, Evidence, AuditLog, IdempotencyKey):
        table = connection.ops.quote_name(model._meta.db_table)
        parts += [f"(SELECT COUNT(*) FROM {table})", f"(SELECT MAX(id) FROM {table})"]
        if model in (Observation, TaskUpdate):
            parts += [
                f"(SELECT SUM(version) FROM {table})",
                f"(SELECT MAX(updated_at) FROM {table})",
            ]
    return "SELECT " + ", ".join(parts)


def fingerprint() -> tuple:
    """Cheap: counts, last ids, version sums and last change of every table a write touches."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return tuple(cursor.fetchone())


def full_rows(unit_ids: list[int]) -> tuple:
    """Every row of the fuzzed units' values and task updates, and the ids of the rest."""
    return (
        list(Observation.objects.filter(unit_id__in=unit_ids).order_by("pk").values()),
        list(TaskUpdate.objects.filter(unit_id__in=unit_ids).order_by("pk").values()),
        list(ValueRevision.objects.order_by("pk").values_list("pk", flat=True)),
        list(Evidence.objects.order_by("pk").values()),
        list(AuditLog.objects.order_by("pk").values_list("pk", flat=True)),
        list(IdempotencyKey.objects.order_by("pk").values_list("pk", flat=True)),
        fingerprint(),
    )


# -- what is sent -----------------------------------------------------------------------------------


def nasty(rng: random.Random) -> Any:
    """One bad (or sometimes good) JSON value."""
    depth = rng.choice([19, 21, 60])
    return rng.choice(
        [
            lambda: None,
            lambda: rng.choice([True, False]),
            list,
            dict,
            lambda: [1, "2", None],
            lambda: {"a": {"b": [1, {"c": "\x00"}]}},
            lambda: "\x00",
            lambda: "a\x00b",
            lambda: "\ud800",
            lambda: "x\udfffy",
            lambda: "😀" * rng.choice([1, 11, 4001]),
            lambda: "x" * rng.choice([41, 101, 4001, 8001, 100_000]),
            lambda: 10 ** rng.choice([18, 19, 20, 30, 39, 41, 400]),
            lambda: -(10 ** rng.choice([5, 19, 25])),
            lambda: rng.choice([1e308, -1e308, 1e-320, 0.1, -0.0, 2**53 + 1]),
            lambda: float(rng.choice(["nan", "inf", "-inf"])),
            lambda: rng.choice(["NaN", "Infinity", "1e999", "-0", "0x10", " 42 ", "٤٢", "42,5"]),
            lambda: "[" * depth + "]" * depth,
            lambda: rng.choice(["2026Q4", "2026Q9", "9999Q1", "2026", "202613", "", "q4"]),
            lambda: rng.randint(-5, 10**6),
            lambda: rng.choice(["so-y-te", "so-tai-chinh", "khong-co", "completed", "x" * 65]),
            lambda: rng.choice(["2026-02-30", "2026-12-31", "31/12/2026", "0000-01-01"]),
            lambda: "<script>alert(1)</script>",
            lambda: '=HYPERLINK("http://evil.example")',
        ]
    )()


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def as_form(body: dict) -> bytes:
    def enc(value: Any) -> str:
        return quote(str(value).encode("utf-8", "surrogatepass"), safe="")

    return "&".join(f"{enc(k)}={enc(v)}" for k, v in body.items()).encode()


def multipart(rng: random.Random, body: dict) -> tuple[bytes, str]:
    """A multipart body, sometimes broken (no closing boundary, a wrong boundary)."""
    boundary = "dxtrackfuzz"
    parts = []
    for name, value in body.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    if rng.random() < 0.5:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; '
            f'filename="{rng.choice(["a.pdf", "../../etc/passwd", "x" * 300, "b.exe"])}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n%PDF-1.4 {'x' * rng.randint(0, 2000)}\r\n"
        )
    ending = rng.choice([f"--{boundary}--\r\n", "", f"--{boundary}"])
    data = "".join(parts).encode("utf-8", "surrogatepass") + ending.encode()
    declared = rng.choice([boundary, boundary, "other", ""])
    return data, f"multipart/form-data; boundary={declared}"


def fuzz_body(rng: random.Random, base: dict) -> tuple[bytes, str]:
    """(body, content type): mostly `base` with one to three fields made nasty."""
    kind = rng.randrange(100)
    if kind < 5:
        top = rng.choice(["[1,2]", '"str"', "null", "1", "[]", "true", "", "{", "{}}", "NaN"])
        return top.encode(), "application/json"
    if kind < 8:
        extra = deep(rng.choice([21, 100, 5000, 100_000]))
        return (json.dumps(base)[:-1] + ', "x": ' + extra + "}").encode(), "application/json"
    if kind < 9:
        return HUGE_BODY, rng.choice(["application/json", "application/x-www-form-urlencoded"])
    if kind < 10:
        return json.dumps({**base, "note": "n" * (1024 * 1024 + 1)}).encode(), "application/json"
    if kind < 14:
        return json.dumps(base).encode(), rng.choice(
            [
                "text/plain",
                "application/xml",
                "application/json; charset=latin-1",
                "application/octet-stream",
                "",
                "image/png",
            ]
        )
    if kind < 16:
        return b'{"note": "\xff\xfe\xed\xa0\x80"}', "application/json"
    if kind < 18:
        return rng.randbytes(rng.randint(1, 3000)), "application/json"
    body = dict(base)
    if kind >= 95:
        return json.dumps(body).encode(), "application/json"  # the plain body, unchanged
    for _ in range(rng.randint(1, 3)):
        name = rng.choice([*base, "extra\x00", "\ud800", "version", "round", "submit"])
        if rng.random() < 0.1:
            body.pop(name, None)
        else:
            body[name] = nasty(rng)
    if kind < 26:
        return as_form(body), "application/x-www-form-urlencoded"
    if kind < 30:
        return multipart(rng, body)
    return json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass"), "application/json"


def fuzz_query(rng: random.Random, names: list[str]) -> str:
    """A query string of nasty values, percent-encoded (NUL and surrogates included)."""
    pairs = []
    for _ in range(rng.randint(0, 4)):
        name = rng.choice([*names, "page", "page_size", "x"])
        value = nasty(rng)
        text = json.dumps(value) if isinstance(value, (list, dict)) else str(value)
        pairs.append(
            quote(name, safe="")
            + "="
            + quote(text[:3000].encode("utf-8", "surrogatepass"), safe="")
        )
    return "&".join(pairs)


# -- the run ----------------------------------------------------------------------------------------


@dataclass
class Target:
    method: str
    path: str
    client: APIClient
    base: dict | None = None  # a write's valid body
    query: tuple[str, ...] = ()


def targets(setup, api) -> list[Target]:
    reporter, approver = api(setup.p.reporter_soyte), api(setup.p.approver_soyte)
    anonymous = APIClient()
    obs = reporter.post("/api/v1/observations/", observation_body(setup), format="json").json()
    tu = reporter.post(
        "/api/v1/task-updates/", task_update_body(setup, percent_done=10), format="json"
    ).json()
    found: list[Target] = []
    for client in (reporter, approver):
        found += [
            # Drafts of another indicator than the pending value: a body left whole is saved.
            Target(
                "POST",
                "/api/v1/observations/",
                client,
                observation_body(setup, indicator=setup.count.pk, value=7, submit=False),
            ),
            Target("POST", "/api/v1/task-updates/", client, task_update_body(setup)),
        ]
        for kind, item in (("observations", obs), ("task-updates", tu)):
            for verb in ("approve", "return"):
                found.append(
                    Target(
                        "POST",
                        f"/api/v1/{kind}/{item['id']}/{verb}/",
                        client,
                        {"version": item["version"], "comment": "ý kiến"},
                    )
                )
    for client in (reporter, approver, anonymous):
        found += [
            Target("GET", "/api/v1/units/", client, query=("kind",)),
            Target("GET", "/api/v1/rankings/", client, query=("period", "group")),
            Target(
                "GET",
                f"/api/v1/indicators/{setup.percent.pk}/observations/",
                client,
                query=("unit_code", "unit", "period", "state"),
            ),
            Target("GET", f"/api/v1/rounds/{setup.round.pk}/status/", client),
        ]
    return found


def random_path(rng: random.Random) -> str:
    segment = rng.choice(
        ["%00", "%ED%A0%80", "%0A", "..", "99999999999999999999999", "-1", "x" * 300, "é", "%"]
    )
    return rng.choice(
        [
            f"/api/v1/programs/{segment}/",
            f"/api/v1/observations/{segment}/approve/",
            f"/api/v1/{segment}",
            f"/api/v1/rounds/{segment}/status/",
            "/api/v1/observations",
        ]
    )


def send(rng: random.Random, target: Target) -> Any:
    headers: dict[str, str] = {}
    if rng.random() < 0.05:
        headers["HTTP_IDEMPOTENCY_KEY"] = rng.choice(["k\x00", "k" * 201, f"key-{rng.random()}"])
    if rng.random() < 0.02:
        headers["HTTP_AUTHORIZATION"] = rng.choice(
            ["Token", "Token a b", "Basic eA==", "Token \x00"]
        )
        # From an address of its own: ten wrong tokens from one address hold it (429).
        headers["REMOTE_ADDR"] = f"198.51.100.{rng.randrange(1, 255)}"
    if rng.random() < 0.03:
        return target.client.generic(rng.choice(["GET", "POST", "PUT", "DELETE"]), random_path(rng))
    if target.method == "GET":
        query = fuzz_query(rng, list(target.query))
        if rng.random() < 0.9:
            # Small pages: the fuzzer is after the parameters, not the size of a full page.
            query = f"{query}&page_size=3"
        return target.client.generic("GET", f"{target.path}?{query}", **headers)
    body, content_type = fuzz_body(rng, target.base or {})
    return target.client.generic("POST", target.path, body, content_type=content_type, **headers)


def test_ten_thousand_random_requests_get_no_server_error_and_refusals_store_nothing(
    setup, api, caplog, fresh_throttle, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    caplog.set_level(logging.CRITICAL, logger="django.request")
    rng = random.Random(SEED)
    every = targets(setup, api)
    unit_ids = [setup.soyte.pk, setup.commune.pk]
    statuses: Counter[int] = Counter()
    changed_by_refusal: list[tuple] = []
    rows_after_last_write = full_rows(unit_ids)
    cheap = fingerprint()
    refusals_since_full_check = 0
    started = time.monotonic()

    def refused(what: Callable[[], tuple], expected: tuple, response: Any, target: Target) -> None:
        if what() != expected:
            changed_by_refusal.append((target.method, target.path, response.status_code))

    writes = [t for t in every if t.method == "POST"]
    reads = [t for t in every if t.method == "GET"]
    for _ in range(REQUESTS):
        # Mostly bodies (where the parsing is), some query strings (schemathesis covers the
        # reads' successful answers; a full page of tasks costs a hundred refusals).
        target = rng.choice(writes if rng.random() < 0.85 else reads)
        response = send(rng, target)
        statuses[response.status_code] += 1
        assert response.status_code < 500, (target.path, response.content[:300])
        if response.status_code < 400:
            if target.method == "POST":
                rows_after_last_write = full_rows(unit_ids)
                cheap = rows_after_last_write[-1]
            continue
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        data = response.json()
        assert set(data) == {"detail", "errors"}, data
        assert len(response.content) < 3000, (
            target.path,
            {k: [m[:80] for m in v] for k, v in data["errors"].items()},
            {k: [len(m) for m in v] for k, v in data["errors"].items()},
        )
        refused(fingerprint, cheap, response, target)
        refusals_since_full_check += 1
        if refusals_since_full_check >= FULL_CHECK_EVERY:
            refused(lambda: full_rows(unit_ids), rows_after_last_write, response, target)
            refusals_since_full_check = 0
    assert full_rows(unit_ids) == rows_after_last_write
    elapsed = time.monotonic() - started
    print(f"fuzzer: {REQUESTS} requests in {elapsed:.1f} s, statuses {sorted(statuses.items())}")
    assert not changed_by_refusal, changed_by_refusal[:10]
    assert sum(statuses.values()) == REQUESTS and max(statuses) < 500
    # The fuzzer reached both sides: refusals of every kind, and writes that were accepted.
    assert {400, 401, 404, 413, 415} <= set(statuses)
    assert statuses[200] + statuses[201] > 0
