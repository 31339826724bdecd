"""The API keeps its published contract (issue 12): schemathesis reads /api/v1/schema/ from a
live server and sends every operation at least `EXAMPLES` generated requests, valid and invalid,
with the token of Sở Y tế's reporter or of its leader (approver), alternately. Every answer must
be documented: no server error, a status the schema lists for that operation, the content type
and headers it names, a body that validates against its JSON Schema.

Part of the generated bodies are given a real indicator, task, period and unit (and the paths a
real pending item), so the successful answers (200, 201) are checked too, not only refusals.
"""

import itertools
import logging
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dxtrack.reporting import services
from tests.helpers import observation_body, task_update_body

EXAMPLES = 100
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def contract(live_api, setup, tokens, api):
    """The schema as the live server serves it, and what a case may be given to succeed: a
    value and a task update waiting for the leader (to approve or return), and bodies of drafts
    of another indicator and task (to create, then update with the version answered)."""
    services.assignment_add(
        acting_user=setup.p.coordinator,
        rnd=setup.round,
        unit=setup.soyte,
        kind="task",
        task=setup.task2,
    )
    reporter = api(setup.p.reporter_soyte)
    pending_value = reporter.post(
        "/api/v1/observations/", observation_body(setup), format="json"
    ).json()
    pending_update = reporter.post(
        "/api/v1/task-updates/", task_update_body(setup, percent_done=10), format="json"
    ).json()
    return Contract(
        schema=schemathesis.openapi.from_url(f"{live_api.url}/api/v1/schema/"),
        url=live_api.url,
        tokens=itertools.cycle([tokens["reporter"], tokens["approver"]]),
        valid={
            "/api/v1/observations/": observation_body(
                setup, indicator=setup.count.pk, value=12, submit=False
            ),
            "/api/v1/task-updates/": task_update_body(setup, task=setup.task2.pk, submit=False),
        },
        pending={
            "observations": (pending_value["id"], pending_value["version"]),
            "task-updates": (pending_update["id"], pending_update["version"]),
        },
    )


@dataclass
class Contract:
    schema: Any
    url: str
    tokens: Iterator[str]
    valid: dict[str, dict]
    pending: dict[str, tuple[int, int]]
    rng: random.Random = field(default_factory=lambda: random.Random(20261207))
    #: The last version the server answered for each write path (a valid write sends it).
    versions: dict[str, int] = field(default_factory=dict)
    session: requests.Session = field(default_factory=requests.Session)

    def remember(self, case, response) -> None:
        if case.path in self.valid and response.status_code in (200, 201):
            self.versions[case.path] = response.json()["version"]

    def make_some_valid(self, case) -> None:
        """One case in three gets real values where the generator put its own (a generated
        body almost never names an assigned indicator, or an item waiting for approval)."""
        if self.rng.random() > 1 / 3:
            return
        valid = self.valid.get(case.path)
        if valid is not None and isinstance(case.body, dict):
            body = {k: v for k, v in case.body.items() if k not in ("round", "submit")}
            case.body = {**body, **valid, "version": self.versions.get(case.path)}
        for kind, (item_id, version) in self.pending.items():
            if case.path.startswith(f"/api/v1/{kind}/{{id}}/"):
                case.path_parameters = {**(case.path_parameters or {}), "id": item_id}
                if isinstance(case.body, dict):
                    case.body = {**case.body, "version": version, "comment": "Cần bổ sung"}


def run_operation(contract: Contract, operation) -> tuple[int, list[str], Counter]:
    """`EXAMPLES` generated requests (valid and invalid) to one operation: how many were sent,
    the failures, and the statuses answered."""
    sent = 0
    failures: list[str] = []
    statuses: Counter = Counter()
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def send(case) -> None:
        nonlocal sent
        contract.make_some_valid(case)
        sent += 1
        try:
            response = case.call_and_validate(
                base_url=contract.url,
                session=contract.session,
                headers={"Authorization": f"Token {next(contract.tokens)}"},
                checks=CHECKS,
                timeout=30,
            )
        except (Exception, BaseExceptionGroup) as failure:  # every failure, for one report
            if len(failures) < 5:
                failures.append(f"{operation.label}: {str(failure)[:1500]}")
            return
        statuses[response.status_code] += 1
        contract.remember(case, response)

    send()
    return sent, failures, statuses


def test_every_operation_answers_as_its_schema_says(contract, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # each 4xx would log a warning
    started = time.monotonic()
    operations = [result.ok() for result in contract.schema.get_all_operations()]
    failures: list[str] = []
    report = []
    for operation in operations:
        began = time.monotonic()
        sent, found, statuses = run_operation(contract, operation)
        failures.extend(found)
        seconds = f"{time.monotonic() - began:.1f} s"
        report.append((operation.label, sent, seconds, dict(sorted(statuses.items()))))
        assert sent >= EXAMPLES, (operation.label, sent)
    elapsed = time.monotonic() - started
    print(
        f"schemathesis: {len(operations)} operations, {sum(r[1] for r in report)} requests "
        f"in {elapsed:.1f} s"
    )
    for row in report:
        print("  ", *row)
    assert len(operations) >= 14
    assert not failures, "\n\n".join(failures)
