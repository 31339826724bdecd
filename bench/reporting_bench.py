"""Reporting write API under load: 92 communes and 30 departments each POST 40 values.

    .venv/bin/python bench/reporting_bench.py [--concurrency 122] [--workers 3] [--threads 8]

Creates its own PostgreSQL database (127.0.0.1:5432, user postgres, trust auth), loads the
Thái Nguyên registry, opens a round with 40 percentage indicators assigned to each of the 122
units, creates one reporter and one API token per unit, serves the project with gunicorn on a
free loopback port, then sends 122 × 40 = 4 880 POST /api/v1/observations/ (each with an
Idempotency-Key), one client thread per unit by default. Prints throughput, latency
percentiles and the error count, then stops the server and drops the database.
Goal (issue 4): p95 under 200 ms and no error. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "dxtrack_bench_reporting"
PG = "postgres://postgres@127.0.0.1:5432"
N_COMMUNES, N_DEPARTMENTS, N_VALUES = 92, 30, 40
PERIOD = "2026Q4"

SETUP = r'''
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
from dxtrack.api.models import ApiToken
from dxtrack.registry.models import Indicator, Program, Role, Unit
from dxtrack.reporting import services
from dxtrack.reporting.models import Assignment

n_communes, n_departments, n_values, period = map(str, sys.argv[1:5])
coordinator = get_user_model().objects.create_user("bench-coordinator", password="x")
Role.objects.create(user=coordinator, name="coordinator", unit=Unit.objects.get(code="so-khoa-hoc-va-cong-nghe"))
rnd = services.round_create(acting_user=coordinator, programs=Program.objects.all(), period=period,
                            working_days=5, propose=False)
indicators = list(Indicator.objects.filter(unit="%").order_by("pk")[: int(n_values)])
units = (list(Unit.objects.filter(kind="commune").order_by("code")[: int(n_communes)])
         + list(Unit.objects.filter(kind="department", valid_to__isnull=True).order_by("code")[: int(n_departments)]))
tokens = {}
with transaction.atomic():
    Assignment.objects.bulk_create([Assignment(round=rnd, unit=u, kind="indicator", indicator=i)
                                    for u in units for i in indicators])
    for u in units:
        user = get_user_model().objects.create_user(f"bench-{u.code}", password="x")
        Role.objects.create(user=user, name="reporter", unit=u)
        token = ApiToken.generate()
        ApiToken.objects.create(user=user, prefix=token[:8], digest=ApiToken.hash(token))
        tokens[u.code] = token
services.round_open(acting_user=coordinator, rnd=rnd)
print(json.dumps({"round": rnd.pk, "indicators": [i.pk for i in indicators], "tokens": tokens,
                  "communes": sum(1 for u in units if u.kind == "commune"),
                  "departments": sum(1 for u in units if u.kind == "department")}))
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
                    "-qc", sql], check=True, capture_output=True)


def run(env, *args, capture=False):
    return subprocess.run([sys.executable, *args], env=env, cwd=ROOT, check=True, text=True,
                          capture_output=True if capture else False,
                          stdout=None if capture else subprocess.DEVNULL)


def wait_up(url: str, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


def post(url: str, token: str, body: dict) -> tuple[int, float]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json",
        "Idempotency-Key": str(uuid.uuid4())})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    except OSError:
        status = 0
    return status, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=N_COMMUNES + N_DEPARTMENTS,
                        help="client threads in flight (default: one per unit)")
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2) + 1))
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="dxtrack-bench-"))
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DB}", "DXTRACK_VAR_DIR": str(var),
           "DJANGO_SETTINGS_MODULE": "dxtrack.settings", "LOG_LEVEL": "ERROR", "DEBUG": "false",
           "DB_CONN_MAX_AGE": "60", "PYTHONPATH": str(ROOT)}
    psql(f'DROP DATABASE IF EXISTS "{DB}"')
    psql(f'CREATE DATABASE "{DB}"')
    server = None
    try:
        t0 = time.perf_counter()
        run(env, "-m", "dxtrack", "demo", "--no-serve")
        info = json.loads(run(env, "-c", SETUP, str(N_COMMUNES), str(N_DEPARTMENTS), str(N_VALUES), PERIOD,
                              capture=True).stdout.strip().splitlines()[-1])
        print(f"setup: {info['communes']} communes + {info['departments']} departments × "
              f"{len(info['indicators'])} indicators, round {info['round']} ({time.perf_counter() - t0:.0f} s)")
        port = free_port()
        server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "dxtrack.wsgi",
                                   "-b", f"127.0.0.1:{port}", "-w", str(args.workers), "-k", "gthread",
                                   "--threads", str(args.threads), "--log-level", "warning"],
                                  env=env, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        wait_up(base, server)
        url = base + "/api/v1/observations/"
        rng = random.Random(4)
        jobs = [(code, token, indicator, round(rng.uniform(10, 95), 1))
                for code, token in info["tokens"].items() for indicator in info["indicators"]]
        per_unit: dict[str, list] = {}
        for job in jobs:
            per_unit.setdefault(job[0], []).append(job)
        results: list[tuple[int, float]] = []
        lock = threading.Lock()

        def unit_client(items):
            local = [post(url, token, {"indicator": ind, "unit_code": code, "period": PERIOD, "value": value})
                     for code, token, ind, value in items]
            with lock:
                results.extend(local)

        # Warm-up: one request per worker process, not counted.
        first = next(iter(per_unit.values()))[0]
        post(url, first[1], {"indicator": first[2], "unit_code": first[0], "period": PERIOD, "value": 1})
        per_unit[first[0]] = per_unit[first[0]][1:]
        start = time.perf_counter()
        if args.concurrency >= len(per_unit):
            with ThreadPoolExecutor(max_workers=len(per_unit)) as pool:
                list(pool.map(unit_client, per_unit.values()))
        else:
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                list(pool.map(lambda job: results.append(post(url, job[1], {
                    "indicator": job[2], "unit_code": job[0], "period": PERIOD, "value": job[3]})),
                    [j for items in per_unit.values() for j in items]))
        elapsed = time.perf_counter() - start
        latencies = sorted(t for _, t in results)
        errors = [s for s, _ in results if s not in (200, 201)]
        q = statistics.quantiles(latencies, n=100)
        print(f"requests: {len(results)} in {elapsed:.1f} s, {len(per_unit)} units, "
              f"{min(args.concurrency, len(per_unit))} in flight; gunicorn {args.workers} workers × "
              f"{args.threads} threads, {os.cpu_count()} CPU")
        print(f"throughput: {len(results) / elapsed:.0f} requests/s")
        print(f"latency ms: p50 {q[49] * 1000:.0f}  p95 {q[94] * 1000:.0f}  p99 {q[98] * 1000:.0f}  "
              f"max {latencies[-1] * 1000:.0f}")
        print(f"errors: {len(errors)}" + (f" (statuses {sorted(set(errors))})" if errors else ""))
        print(f"goal p95 < 200 ms and no error: {'met' if q[94] < 0.2 and not errors else 'NOT met'}")
        check = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", DB, "-tAc",
                                "select count(*) from registry_observation where source_kind='api'"],
                               capture_output=True, text=True)
        print(f"stored observations: {check.stdout.strip()} (expected {len(results) + 1})")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if not args.keep:
            time.sleep(0.5)
            psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
