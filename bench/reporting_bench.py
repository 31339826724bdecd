"""Reporting write API under load: 92 communes and 30 departments each POST 40 values.

    .venv/bin/python bench/reporting_bench.py                      # closed 122 and 8, open 20/s and 40/s
    .venv/bin/python bench/reporting_bench.py --closed 122 --rate ""           # the issue's literal run
    .venv/bin/python bench/reporting_bench.py --closed "" --rate 20,40,60 --workers 3 --worker-class sync

Creates its own PostgreSQL database (127.0.0.1:5432, user postgres, trust auth), loads the
Thái Nguyên registry, opens a round with 40 percentage indicators assigned to each of the 122
units, creates one reporter and one API token per unit, serves the project with gunicorn on a
free loopback port (persistent database connections: DB_CONN_MAX_AGE=60), then runs phases of
122 × 40 = 4 880 POST /api/v1/observations/ (each with an Idempotency-Key); between phases the
posted values are deleted, so every phase writes 4 880 new values.

- closed loop (`--closed N`): N client threads in flight, each posting as soon as its previous
  answer came back (N = 122: one per unit, each unit's 40 values in sequence). Latency then
  follows Little's law: N in flight / throughput.
- open loop (`--rate R`): requests offered at R per second in total, spread evenly over the 122
  units, all units active at once, each unit's 40 values in sequence (a value is sent at its
  scheduled time, or as soon as the unit's previous answer came back if that is later).
  Latency is counted from the scheduled time, so a server that falls behind is not hidden
  (no coordinated omission); the service time from the actual send is printed too.

Each phase is bounded by `--max-seconds`; requests not sent by then are counted as not sent.
Prints per phase: throughput, latency p50/p95/p99/max, errors, and the CPU ms per request of
gunicorn, of the PostgreSQL backends and of this load generator (all on the same machine).
Goal (issue 4): p95 under 200 ms and no error. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import http.client
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
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "dxtrack_bench_reporting"
PG = "postgres://postgres@127.0.0.1:5432"
N_COMMUNES, N_DEPARTMENTS, N_VALUES = 92, 30, 40
PERIOD = "2026Q4"
HOST = "127.0.0.1"  # loopback only
TICK = os.sysconf("SC_CLK_TCK")

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


def run(env, *args, capture=False):
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=bool(capture),
        stdout=None if capture else subprocess.DEVNULL,
    )


def wait_up(port: int, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer")


class Client:
    """One HTTP/1.1 connection (kept alive when the server allows it), reopened after an error."""

    def __init__(self, port: int):
        self.port = port
        self.conn = None

    def post(self, token: str, body: dict) -> int:
        data = json.dumps(body).encode()
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        }
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                self.conn.request("POST", "/api/v1/observations/", body=data, headers=headers)
                response = self.conn.getresponse()
                response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server had closed: retry once on a new one (the
                # request was not processed; the Idempotency-Key makes this safe anyway).
                self.close()
                if attempt == 2:
                    return 0
            except OSError:
                self.close()
                return 0
        return 0

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def proc_cpu(pids) -> float:
    """CPU seconds (user + system) used so far by these processes (Linux /proc)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICK
        except (OSError, IndexError, ValueError):
            continue
    return total


def gunicorn_pids(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return [master, *(int(p) for p in out.split())]


def postgres_pids() -> list[int]:
    out = psql(
        f"select pid from pg_stat_activity where datname = '{DB}' and pid <> pg_backend_pid()", DB
    )
    return [int(p) for p in out.split()]


class PostgresCpu:
    """CPU of the database's backends during a phase. Backends come and go (persistent
    connections expire), so their pids are sampled every second and each one's last reading
    kept; a backend that exits between two samples loses at most its last second."""

    def __init__(self):
        self.first = {pid: proc_cpu([pid]) for pid in postgres_pids()}
        self.last = dict(self.first)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _read(self):
        for pid in postgres_pids():
            value = proc_cpu([pid])
            if value:
                self.last[pid] = value

    def _sample(self):
        while not self.stop.wait(1.0):
            self._read()

    def seconds(self) -> float:
        self.stop.set()
        self.thread.join()
        self._read()
        return sum(value - self.first.get(pid, 0.0) for pid, value in self.last.items())


def reset(round_id: int) -> None:
    """Delete what a phase posted (values, their history, audit rows, idempotency keys)."""
    psql(
        f"""
        delete from reporting_valuerevision where observation_id in
            (select id from registry_observation where source_kind = 'api' and round_id = {round_id});
        delete from reporting_idempotencykey;
        delete from core_auditlog where action like 'observation.%' and comment = 'qua api';
        delete from registry_observation where source_kind = 'api' and round_id = {round_id};
    """,
        DB,
    )
    psql(
        "vacuum analyze registry_observation, reporting_valuerevision, reporting_idempotencykey, "
        "core_auditlog",
        DB,
    )


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    q = statistics.quantiles(sorted(values), n=100)
    return (
        f"p50 {q[49] * 1000:.0f}  p95 {q[94] * 1000:.0f}  p99 {q[98] * 1000:.0f}  "
        f"max {max(values) * 1000:.0f}"
    )


def run_phase(
    *, label, port, per_unit, master_pid, closed: int | None, rate: float | None, max_seconds: float
) -> dict:
    """One phase; returns the figures. per_unit: {code: [(token, indicator, value), ...]}."""
    results: list[tuple[int, float, float]] = []  # status, latency from schedule, service time
    lock = threading.Lock()
    not_sent = [0]
    gpids = gunicorn_pids(master_pid)
    pg = PostgresCpu()
    g0, c0 = proc_cpu(gpids), time.process_time()
    start = time.perf_counter()
    deadline = start + max_seconds

    def send(client, code, token, indicator, value, scheduled):
        sent = time.perf_counter()
        status = client.post(
            token, {"indicator": indicator, "unit_code": code, "period": PERIOD, "value": value}
        )
        done = time.perf_counter()
        return status, done - (scheduled if scheduled is not None else sent), done - sent

    units = list(per_unit.items())
    if rate is not None:
        gap = len(units) / rate  # seconds between two values of one unit

        def unit_open(index_and_item):
            index, (code, items) = index_and_item
            client, local = Client(port), []
            offset = index / rate  # stagger the units so arrivals are evenly spread
            for n, (token, indicator, value) in enumerate(items):
                scheduled = start + offset + n * gap
                if scheduled > deadline:
                    with lock:
                        not_sent[0] += len(items) - n
                    break
                pause = scheduled - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                local.append(send(client, code, token, indicator, value, scheduled))
            client.close()
            with lock:
                results.extend(local)

        with ThreadPoolExecutor(max_workers=len(units)) as pool:
            list(pool.map(unit_open, enumerate(units)))
    else:
        if closed >= len(units):

            def unit_closed(item):
                code, items = item
                client, local = Client(port), []
                for n, (token, indicator, value) in enumerate(items):
                    if time.perf_counter() > deadline:
                        with lock:
                            not_sent[0] += len(items) - n
                        break
                    local.append(send(client, code, token, indicator, value, None))
                client.close()
                with lock:
                    results.extend(local)

            with ThreadPoolExecutor(max_workers=len(units)) as pool:
                list(pool.map(unit_closed, units))
        else:
            # N threads share one queue of every (unit, value), each unit's values in order.
            # Value 1 of every unit, then value 2 of every unit, …: a unit's values go in order.
            queue = deque(
                (code, *job)
                for row in zip(*[[(c, j) for j in v] for c, v in units], strict=False)
                for code, job in row
            )
            queue_lock = threading.Lock()

            def worker():
                client, local = Client(port), []
                while True:
                    with queue_lock:
                        if not queue:
                            break
                        if time.perf_counter() > deadline:
                            not_sent[0] += len(queue)
                            queue.clear()
                            break
                        code, token, indicator, value = queue.popleft()
                    local.append(send(client, code, token, indicator, value, None))
                client.close()
                with lock:
                    results.extend(local)

            threads = [threading.Thread(target=worker) for _ in range(closed)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    elapsed = time.perf_counter() - start
    g1, c1 = proc_cpu(gpids), time.process_time()
    pg_seconds = pg.seconds()
    n = len(results)
    ok = [r for r in results if r[0] in (200, 201)]
    errors = [r[0] for r in results if r[0] not in (200, 201)]
    latencies = [r[1] for r in results]
    figures = {
        "label": label,
        "requests": n,
        "elapsed": elapsed,
        "throughput": n / elapsed if elapsed else 0,
        "errors": len(errors),
        "statuses": sorted(set(errors)),
        "not_sent": not_sent[0],
        "ok": len(ok),
        "p95": statistics.quantiles(sorted(latencies), n=100)[94] if n >= 2 else float("nan"),
        "cpu_gunicorn": (g1 - g0) / max(n, 1) * 1000,
        "cpu_postgres": pg_seconds / max(n, 1) * 1000,
        "cpu_client": (c1 - c0) / max(n, 1) * 1000,
    }
    print(f"\n== {label}")
    print(
        f"requests: {n} in {elapsed:.1f} s"
        + (f", {not_sent[0]} not sent (time bound)" if not_sent[0] else "")
    )
    print(
        f"throughput: {figures['throughput']:.1f} requests/s"
        + (f" (offered {rate:g}/s)" if rate else "")
    )
    print(f"latency ms: {percentiles(latencies)}" + ("  (from the scheduled time)" if rate else ""))
    if rate:
        print(f"service ms: {percentiles([r[2] for r in results])}  (from the actual send)")
    print(f"errors: {len(errors)}" + (f" (statuses {figures['statuses']})" if errors else ""))
    print(
        f"CPU ms per request: gunicorn {figures['cpu_gunicorn']:.1f}, postgres {figures['cpu_postgres']:.1f}, "
        f"load generator {figures['cpu_client']:.1f}; machine {figures['elapsed'] * (os.cpu_count() or 1) / max(n, 1) * 1000:.1f} "
        f"CPU ms available per request ({os.cpu_count()} CPU)"
    )
    stored = psql("select count(*) from registry_observation where source_kind = 'api'", DB)
    print(f"stored observations: {stored} (expected {len(ok)})")
    print(
        f"goal p95 < 200 ms and no error: "
        f"{'met' if figures['p95'] < 0.2 and not errors and not not_sent[0] else 'NOT met'}"
    )
    figures["stored"] = int(stored)
    return figures


def numbers(text: str, kind=float) -> list:
    return [kind(x) for x in text.split(",") if x.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--closed",
        default="122,8",
        help='closed-loop phases: client threads in flight, comma-separated ("" for none)',
    )
    parser.add_argument(
        "--rate",
        default="20,40",
        help='open-loop phases: offered requests/s in total, comma-separated ("" for none)',
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="shorthand for a single closed-loop phase (the former option)",
    )
    parser.add_argument("--max-seconds", type=float, default=300, help="time bound of each phase")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    closed = [args.concurrency] if args.concurrency else numbers(args.closed, int)
    rates = [] if args.concurrency else numbers(args.rate)

    var = Path(tempfile.mkdtemp(prefix="dxtrack-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB}",
        "DXTRACK_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "dxtrack.settings",
        "LOG_LEVEL": "ERROR",
        "DEBUG": "false",
        "DXTRACK_DEMO": "1",  # the bench's own database is a demo one (the demo guard)
        "DB_CONN_MAX_AGE": "60",
        "PYTHONPATH": str(ROOT),
    }
    psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DB}"')
    server = None
    summary = []
    try:
        t0 = time.perf_counter()
        run(env, "-m", "dxtrack", "demo", "--no-serve")
        info = json.loads(
            run(
                env,
                "-c",
                SETUP,
                str(N_COMMUNES),
                str(N_DEPARTMENTS),
                str(N_VALUES),
                PERIOD,
                capture=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        psql(
            "analyze", DB
        )  # fresh statistics, as autovacuum would have after the set-up's bulk inserts
        print(
            f"setup: {info['communes']} communes + {info['departments']} departments × "
            f"{len(info['indicators'])} indicators, round {info['round']} ({time.perf_counter() - t0:.0f} s)"
        )
        port = free_port()
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "dxtrack.wsgi",
            "-b",
            f"{HOST}:{port}",
            "-w",
            str(args.workers),
            "-k",
            args.worker_class,
            "--log-level",
            "warning",
            "--backlog",
            "2048",
        ]
        if args.worker_class == "gthread":
            command += ["--threads", str(args.threads)]
        server = subprocess.Popen(command, env=env, cwd=ROOT)
        wait_up(port, server)
        shape = (
            f"gunicorn {args.workers} {args.worker_class} workers"
            + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
            + f", {os.cpu_count()} CPU shared with PostgreSQL and this load generator"
        )
        print(shape)
        rng = random.Random(4)
        per_unit: dict[str, list] = {
            code: [
                (token, indicator, round(rng.uniform(10, 95), 1))
                for indicator in info["indicators"]
            ]
            for code, token in info["tokens"].items()
        }

        # Warm-up, not counted: every unit reads its values of an indicator (token, query and
        # JSON code paths), so every worker has imported its code and opened its connections.
        def read(item):
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request(
                "GET",
                f"/api/v1/indicators/{item[1][0][1]}/observations/?unit_code={item[0]}",
                headers={"Authorization": f"Token {item[1][0][0]}"},
            )
            conn.getresponse().read()
            conn.close()

        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(read, list(per_unit.items()) * 2))
        phases = [(f"closed loop, {n} in flight", n, None) for n in closed]
        phases += [(f"open loop, {r:g} requests/s offered", None, r) for r in rates]
        for label, n, r in phases:
            reset(info["round"])
            figures = run_phase(
                label=label,
                port=port,
                per_unit=per_unit,
                master_pid=server.pid,
                closed=n,
                rate=r,
                max_seconds=args.max_seconds,
            )
            summary.append(figures)
        print(f"\n== summary ({shape})")
        for f in summary:
            print(
                f"{f['label']:<36} {f['throughput']:6.1f} req/s  p95 {f['p95'] * 1000:6.0f} ms  "
                f"errors {f['errors']}  not sent {f['not_sent']}  stored {f['stored']}/{f['ok']}  "
                f"CPU ms/req gunicorn {f['cpu_gunicorn']:.1f} postgres {f['cpu_postgres']:.1f} "
                f"client {f['cpu_client']:.1f}"
            )
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
