"""Soak test (issue 12): 20 clients for 5 minutes on gunicorn + PostgreSQL, reads and writes
mixed, and the server killed and restarted in the middle.

    .venv/bin/python bench/soak.py                        # 20 clients, 300 s, restart at 150 s
    .venv/bin/python bench/soak.py --clients 5 --seconds 60

Creates its own PostgreSQL database `dxtrack_soak` (127.0.0.1:5432, user postgres, trust auth;
never the `test` database), loads the demo (`dxtrack demo --no-serve`, DXTRACK_DEMO=1), opens a
round where each client's unit owes one percentage indicator, gives each client a reporter and
an API token of its own unit, and serves the project with gunicorn on a loopback port.

Each client loops: 70 % reads (programs, targets, units, rankings, its indicator's values, the
dashboard page), 30 % writes of its own value (a draft, `submit=false`, with the version it was
last answered, a new value each time, an Idempotency-Key per write). A write that gets no answer
(connection refused or reset while the server is down) is retried with the same key until it is
answered, as a careful client does. Half-way, gunicorn's master and workers are killed
(SIGKILL) and a new gunicorn started.

Prints: requests, server errors (5xx), other refusals, connection errors while the server was
down, acknowledged writes, lost acknowledged writes (a client's value or version in the database
at the end differs from the last one it was answered: a write lost, or a retried one stored
twice), and p50/p95/max latency of reads and writes. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "dxtrack_soak"
PG = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
PERIOD = "2026Q4"

SETUP = r"""
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from dxtrack.api.models import ApiToken
from dxtrack.registry.models import Indicator, Program, Role, Unit
from dxtrack.reporting import services
from dxtrack.reporting.models import Assignment

clients, period = int(sys.argv[1]), sys.argv[2]
coordinator = get_user_model().objects.create_user("soak-coordinator", password="x")
Role.objects.create(user=coordinator, name="coordinator",
                    unit=Unit.objects.get(code="so-khoa-hoc-va-cong-nghe"))
rnd = services.round_create(acting_user=coordinator, programs=Program.objects.all(), period=period,
                            working_days=5, propose=False)
indicator = Indicator.objects.filter(unit="%").order_by("pk").first()
units = list(Unit.objects.filter(kind="commune").order_by("code")[:clients])
rows = []
with transaction.atomic():
    Assignment.objects.filter(round=rnd, unit__in=units).delete()
    Assignment.objects.bulk_create(
        [Assignment(round=rnd, unit=u, kind="indicator", indicator=indicator) for u in units])
    for u in units:
        user = get_user_model().objects.create_user(f"soak-{u.code}", password="x")
        Role.objects.create(user=user, name="reporter", unit=u)
        token = ApiToken.generate()
        ApiToken.objects.create(user=user, prefix=token[:8], digest=ApiToken.hash(token))
        rows.append({"unit": u.code, "token": token})
services.round_open(acting_user=coordinator, rnd=rnd)
print(json.dumps({"round": rnd.pk, "indicator": indicator.pk, "clients": rows}))
"""

FINAL = r"""
import json, sys
import django
django.setup()
from dxtrack.reporting.models import Observation
indicator, period = int(sys.argv[1]), sys.argv[2]
rows = Observation.objects.filter(indicator_id=indicator, period=period)
print(json.dumps({o.unit.code: {"value": o.value, "version": o.version}
                  for o in rows.select_related("unit")}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-tAqc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def python(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, check=True, text=True, capture_output=True
    ).stdout


class Server:
    """gunicorn in its own process group, so a kill takes the master and every worker."""

    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers
        self.process: subprocess.Popen | None = None
        self.up = threading.Event()

    def start(self) -> None:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "dxtrack.wsgi",
            "-b",
            f"{HOST}:{self.port}",
            "-w",
            str(self.workers),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ]
        self.process = subprocess.Popen(command, env=self.env, cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    self.up.set()
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    def kill(self) -> None:
        self.up.clear()
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@dataclass
class Figures:
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    server_errors: list[str] = field(default_factory=list)
    connection_errors: int = 0
    retried_writes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, status: int, what: str) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status >= 500:
                self.server_errors.append(what)


@dataclass
class ClientState:
    unit: str
    token: str
    version: int | None = None
    value: float | None = None
    acknowledged: int = 0


READS = [
    "/api/v1/programs/",
    "/api/v1/targets/?page_size=20",
    "/api/v1/units/?page_size=50",
    "/api/v1/rankings/",
    "/tong-quan/",
]


def request(port: int, method: str, path: str, headers: dict, body: bytes | None = None):
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def client_loop(
    state: ClientState, port: int, indicator: int, figures: Figures, stop: float, seed: int
) -> None:
    rng = random.Random(seed)
    auth = {"Authorization": f"Token {state.token}"}
    n = 0
    while time.monotonic() < stop:
        if rng.random() < 0.7:
            path = rng.choice([*READS, f"/api/v1/indicators/{indicator}/observations/"])
            started = time.monotonic()
            try:
                status, _ = request(port, "GET", path, auth)
            except OSError:
                with figures.lock:
                    figures.connection_errors += 1
                time.sleep(0.2)
                continue
            figures.count(status, f"GET {path}")
            if status < 500:
                with figures.lock:
                    figures.reads.append(time.monotonic() - started)
            continue
        n += 1
        value = round(rng.uniform(0, 100), 2)
        body = {
            "indicator": indicator,
            "unit_code": state.unit,
            "period": PERIOD,
            "value": value,
            "submit": False,
            "note": f"soak {state.unit} {n}",
        }
        if state.version is not None:
            body["version"] = state.version
        data = json.dumps(body).encode()
        headers = {**auth, "Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
        started = time.monotonic()
        tries = 0
        while True:  # the same write, with the same key, until the server answers it
            tries += 1
            try:
                status, answer = request(port, "POST", "/api/v1/observations/", headers, data)
                break
            except OSError:
                with figures.lock:
                    figures.connection_errors += 1
                time.sleep(0.2)
        if tries > 1:
            with figures.lock:
                figures.retried_writes += 1
        figures.count(status, "POST /api/v1/observations/")
        if status in (200, 201):
            stored = json.loads(answer)
            state.version, state.value = stored["version"], stored["value"]
            state.acknowledged += 1
            with figures.lock:
                figures.writes.append(time.monotonic() - started)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--restart-at", type=float, default=0.5, help="share of the run")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="dxtrack-soak-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB}",
        "DXTRACK_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "dxtrack.settings",
        "LOG_LEVEL": "ERROR",
        "DEBUG": "false",
        "DXTRACK_DEMO": "1",
        "DB_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DB}"')
    server = Server(env, free_port(), args.workers)
    try:
        t0 = time.monotonic()
        python(env, "-m", "dxtrack", "demo", "--no-serve")
        info = json.loads(python(env, "-c", SETUP, str(args.clients), PERIOD).splitlines()[-1])
        print(
            f"setup: {len(info['clients'])} clients, round {info['round']} "
            f"({time.monotonic() - t0:.0f} s)"
        )
        server.start()
        states = [ClientState(unit=c["unit"], token=c["token"]) for c in info["clients"]]
        figures = Figures()
        started = time.monotonic()
        stop = started + args.seconds
        threads = [
            threading.Thread(
                target=client_loop,
                args=(state, server.port, info["indicator"], figures, stop, i),
                daemon=True,
            )
            for i, state in enumerate(states)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds * args.restart_at)
        killed_at = time.monotonic() - started
        server.kill()
        server.start()
        down = time.monotonic() - started - killed_at
        print(f"restart: gunicorn killed (SIGKILL) at {killed_at:.0f} s, up again in {down:.1f} s")
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stored = json.loads(
            python(env, "-c", FINAL, str(info["indicator"]), PERIOD).splitlines()[-1]
        )
    finally:
        server.kill()
        if not args.keep:
            psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')

    lost = [
        s.unit
        for s in states
        if s.acknowledged
        and (
            stored.get(s.unit, {}).get("version") != s.version
            or stored.get(s.unit, {}).get("value") != s.value
        )
    ]
    requests = sum(figures.statuses.values())
    print(
        f"{args.clients} clients, {elapsed:.0f} s, {requests} answered requests "
        f"({requests / elapsed:.1f}/s), statuses {sorted(figures.statuses.items())}"
    )
    print(f"server errors (5xx): {len(figures.server_errors)} {figures.server_errors[:5]}")
    print(
        f"connection errors while the server was down: {figures.connection_errors}; "
        f"writes answered only after a retry: {figures.retried_writes}"
    )
    print(
        f"acknowledged writes: {sum(s.acknowledged for s in states)}; "
        f"lost acknowledged writes: {len(lost)} {lost[:5]}"
    )
    for name, values in (("reads", figures.reads), ("writes", figures.writes)):
        if values:
            print(
                f"{name}: {len(values)}, p50 {statistics.median(values) * 1000:.0f} ms, "
                f"p95 {percentile(values, 0.95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
