"""Server time and query count of the main pages (issue 16): prints, asserts nothing.

    .venv/bin/python bench/pages_bench.py                       # SQLite, a fresh demo database
    .venv/bin/python bench/pages_bench.py --db postgres         # PostgreSQL 127.0.0.1:5432 (trust)
    .venv/bin/python bench/pages_bench.py --reuse /tmp/x/bench.sqlite3   # an existing demo database
    .venv/bin/python bench/pages_bench.py --search-rows 100000  # then search with that many rows
    .venv/bin/python bench/pages_bench.py --scale province --db postgres --pg-name my_bench
    .venv/bin/python bench/pages_bench.py --scale province --db postgres --pg-name my_bench --keep
    .venv/bin/python bench/pages_bench.py --scale province --db postgres --pg-name my_bench --reuse
    .venv/bin/python bench/pages_bench.py --scale province --db postgres --pg-name my_bench \
        --reuse --keep --to-sqlite /tmp/province.sqlite3      # the same rows into SQLite (~2 min)
    .venv/bin/python bench/pages_bench.py --scale province --reuse /tmp/province.sqlite3

At province scale (``--scale province``, PostgreSQL only: the data is made with INSERT … SELECT
over generate_series) the data is the evaluate bench's synthetic province (`evaluate_bench.build`:
250 units, 300 indicators and targets, 600 tasks, ≈ 1,4 M accepted values) with the program's
realistic plan text (46 KB), plus the personas (coordinator, reporter of department ``so-1``,
leader), an open round of the current quarter (every commune reports 10 values, every department
5 values and its lead tasks: 2 790 assignments, part of them drafted, sent, returned or accepted)
and a full recompute. Goal there: every page under 300 ms. SQLite at province scale: the same
rows copied from PostgreSQL (``--to-sqlite``), then measured with ``--reuse``.

Each line: median and p95 of ``--runs`` requests after a first one that fills the caches (its
time is "lần đầu": what the first reader after a write waits), the queries of one request, the
page's size, and the median as a share of the goal. The first line (/healthz) is the machine's
floor at that moment: on a shared machine compare the pages with it as well.

It builds the demo (``dxtrack demo --no-serve``: the Thái Nguyên registry, the simulated rounds,
the evaluation) into its own database, then, in this process, asks each main page of each
persona through Django's test client (the whole middleware stack, no network): one request to
warm the caches, then ``--runs`` timed requests; it prints the median and p95 in ms, the
number of SQL queries of one request and the page's size. Goal: every page under 100 ms.

Then it adds synthetic tasks until the registry holds ``--search-rows`` rows (goals, tasks and
targets) and times the search (goal: under 50 ms), the first search (index build) apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
PG_DB = "dxtrack_bench_pages"
GOALS_MS = {"demo": 100, "province": 300}

SEARCHES = ["y tế", "so khoa hoc", "chuyển đổi số", "dữ liệu dùng chung", "xyzzy không có"]


def build_demo(env: dict[str, str]) -> None:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dxtrack", "demo", "--no-serve"],
        cwd=ROOT,
        env={**env, "DXTRACK_DEMO": "1"},  # a bench database is a demo one (the demo guard)
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"demo built in {time.perf_counter() - started:.1f} s")


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # As in production with persistent connections (and as Django's test runner does): the
    # connection stays open between requests, so its queries can be counted.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client, url: str, runs: int) -> tuple[int, float, float, int, int, float]:
    """(status, median ms, p95 ms, queries, bytes, ms of the first request) of `url`: the first
    request fills the caches (as the first reader after a write does), then `runs` are timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    first = client.get(url)
    cold = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)  # now: the next request clears the connection's query log
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return (
        first.status_code,
        statistics.median(times),
        percentile(times, 0.95),
        queries,
        len(first.content),
        cold,
    )


def pages(unit: str = "so-y-te") -> list[tuple[str, str | None, str]]:
    """(label, username or None for the public, url) of the main pages; `unit`: the department
    whose pages are read and whose officer is ``reporter-soyte``."""
    from dxtrack.registry.models import Program, Target, Unit
    from dxtrack.reporting.models import Round

    program = Program.objects.filter(status="published").order_by("-issued_on").first()
    target = Target.objects.filter(program=program).first()
    rnd = Round.objects.order_by("-period", "-pk").first()
    commune = Unit.objects.filter(kind="commune").order_by("code").first()
    rows = [
        # The floor of this machine at this moment (no query, no template): on a shared
        # machine read the other lines against it as well as against the goal.
        ("mốc: /healthz", None, "/healthz"),
        ("trang chủ", None, "/"),
        ("tổng quan", None, "/tong-quan/"),
        ("xếp hạng", None, "/tong-quan/xep-hang/"),
        ("chương trình (bảng)", None, f"/tong-quan/chuong-trinh/{program.pk}/"),
        ("chương trình (danh mục)", None, f"/chuong-trinh/{program.pk}/"),
        ("chỉ tiêu", None, f"/chi-tieu/{target.pk}/"),
        ("chỉ số", None, f"/tong-quan/chi-so/{target.indicator_id}/"),
        ("đơn vị (danh sách)", None, "/don-vi/"),
        ("đơn vị (danh mục)", None, f"/don-vi/{unit}/"),
        ("đơn vị (bảng điểm)", None, f"/tong-quan/don-vi/{unit}/"),
        ("tìm kiếm", None, "/tim-kiem/?q=y+t%E1%BA%BF"),
        ("API chương trình", None, "/api/v1/programs/"),
        ("API chỉ tiêu", None, f"/api/v1/targets/?program={program.pk}"),
        ("API nhiệm vụ", None, f"/api/v1/tasks/?program={program.pk}"),
        ("API đơn vị", None, "/api/v1/units/"),
        ("xếp hạng xã", None, "/tong-quan/xep-hang/?group=commune"),
        ("việc của tôi", "coordinator", "/tong-quan/viec-cua-toi/"),
        ("báo cáo", "coordinator", "/bao-cao/"),
        ("nhật ký", "coordinator", "/nhat-ky/"),
        ("việc của tôi", "reporter-soyte", "/tong-quan/viec-cua-toi/"),
        ("báo cáo", "reporter-soyte", "/bao-cao/"),
        ("việc của tôi", "leader", "/tong-quan/viec-cua-toi/"),
    ]
    if commune is not None:
        rows.append(("xã (bảng điểm)", None, f"/tong-quan/don-vi/{commune.code}/"))
    if rnd is not None:
        rows += [
            ("kỳ báo cáo", "coordinator", f"/bao-cao/ky/{rnd.pk}/"),
            ("tình hình gửi", "coordinator", f"/bao-cao/ky/{rnd.pk}/tinh-hinh/tien-do/"),
            ("duyệt", "coordinator", f"/bao-cao/ky/{rnd.pk}/tinh-hinh/duyet/"),
            ("không gian đơn vị", "reporter-soyte", f"/bao-cao/ky/{rnd.pk}/don-vi/{unit}/"),
        ]
    return rows


def client_for(username: str | None):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def bench_pages(runs: int, *, goal_ms: int, unit: str = "so-y-te") -> None:
    print(
        f"\n{'trang':<26} {'người xem':<15} {'mã':>3} {'trung vị':>9} {'p95':>8} {'truy vấn':>8} "
        f"{'KB':>6} {'/mục tiêu':>9} {'lần đầu':>9}"
    )
    clients: dict[str | None, object] = {}
    slow = []
    for label, username, url in pages(unit):
        client = clients.setdefault(username, client_for(username))
        status, median, p95, queries, size, cold = measure(client, url, runs)
        who = username or "công chúng"
        print(
            f"{label:<26} {who:<15} {status:>3} {median:>7.1f}ms {p95:>6.1f}ms {queries:>8} "
            f"{size / 1024:>6.0f} {median / goal_ms:>8.2f}× {cold:>7.0f}ms",
            flush=True,
        )
        if median >= goal_ms:
            slow.append(f"{label} ({who}) {median:.0f} ms")
    print("(lần đầu: yêu cầu đầu tiên, điền bộ nhớ đệm như người đọc đầu tiên sau một lần ghi)")
    print(
        f"\nmọi trang < {goal_ms} ms (trung vị)"
        if not slow
        else f"\nchậm hơn {goal_ms} ms: " + "; ".join(slow)
    )


def build_province() -> None:
    """The evaluate bench's synthetic province (PostgreSQL), its realistic plan text, the
    personas, an open round with items in every state, then a full recompute."""
    import importlib.util
    import random
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from dxtrack.core.models import ReviewState
    from dxtrack.core.periods import Period
    from dxtrack.evaluation.services import evaluation_recompute_all
    from dxtrack.registry.models import Indicator, Program, Role, Task, TaskUnit, Unit
    from dxtrack.reporting.models import Assignment, Observation, Round, TaskUpdate

    spec = importlib.util.spec_from_file_location(
        "evaluate_bench", ROOT / "bench/evaluate_bench.py"
    )
    assert spec and spec.loader
    evaluate_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(evaluate_bench)

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    info = evaluate_bench.build(1)
    evaluate_bench.program_text_set(info["program"], evaluate_bench.plan_text())
    print(
        f"tỉnh mô phỏng: {info['units']} đơn vị, {info['observations']:,} số liệu "
        f"({time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    users = get_user_model().objects
    for username, role, code in (
        ("coordinator", "coordinator", "so-2"),
        ("reporter-soyte", "reporter", "so-1"),
        ("leader", "leader", None),
    ):
        user = users.create_user(username, password=None)
        unit = Unit.objects.get(code=code) if code else None
        Role.objects.create(user=user, name=role, unit=unit)
    coordinator = users.get(username="coordinator")
    today = timezone.localdate()
    period = Period.for_date("quarter", today)
    program = Program.objects.get(pk=info["program"])
    rnd = Round.objects.create(
        title=f"Báo cáo {period.code}",
        period=period.code,
        window_start=period.start - timedelta(days=15),
        window_end=today + timedelta(days=7),
        due_date=today + timedelta(days=5),
        state=Round.State.OPEN,
        opened_at=timezone.now(),
        created_by=coordinator,
    )
    rnd.programs.add(program)
    indicators = list(
        Indicator.objects.filter(aggregation="sum").order_by("pk").values_list("pk", flat=True)
    )
    assignments = []
    for unit in Unit.objects.exclude(kind="province").order_by("pk"):
        n = 10 if unit.kind == "commune" else 5
        start = (unit.pk * 7) % (len(indicators) - n)
        for ind in indicators[start : start + n]:
            assignments.append(Assignment(round=rnd, unit=unit, kind="indicator", indicator_id=ind))
    for unit_id, task_id in TaskUnit.objects.filter(task__program=program, role="lead").values_list(
        "unit_id", "task_id"
    ):
        assignments.append(Assignment(round=rnd, unit_id=unit_id, kind="task", task_id=task_id))
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    rng = random.Random(16)
    states = [None] * 30 + [ReviewState.DRAFT] * 20 + [ReviewState.SUBMITTED] * 30
    states += [ReviewState.RETURNED] * 5 + [ReviewState.ACCEPTED] * 15
    now = timezone.now()
    values, updates = [], []
    for a in assignments:
        state = rng.choice(states)
        if state is None:
            continue
        sent = state != ReviewState.DRAFT
        common = {
            "unit_id": a.unit_id,
            "round": rnd,
            "period": period.code,
            "state": state,
            "submitted_at": now if sent else None,
            "first_submitted_at": now if sent else None,
            "reviewed_at": now if state == ReviewState.ACCEPTED else None,
        }
        if a.kind == "indicator":
            values.append(
                Observation(
                    indicator_id=a.indicator_id,
                    value=rng.uniform(20, 120),
                    source_kind="report",
                    **common,
                )
            )
        else:
            updates.append(
                TaskUpdate(
                    task_id=a.task_id,
                    progress="in_progress",
                    percent_done=rng.uniform(0, 100),
                    narrative="Đang triển khai theo kế hoạch.",
                    **common,
                )
            )
    Observation.objects.bulk_create(values, batch_size=2000)
    TaskUpdate.objects.bulk_create(updates, batch_size=2000)
    # What autovacuum does within a minute of these inserts: without fresh statistics the
    # planner takes the round's 2 790 assignments for one row and nests its loops (6 s).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    started = time.perf_counter()
    evaluation_recompute_all(as_of=today)
    print(
        f"kỳ {period.code}: {len(assignments)} phân công, {len(values)} số liệu, "
        f"{len(updates)} báo cáo nhiệm vụ; tính lại toàn bộ {time.perf_counter() - started:.1f} s; "
        f"{Task.objects.count()} nhiệm vụ",
        flush=True,
    )


def grow_registry(rows: int) -> int:
    """Synthetic tasks until goals + tasks + targets reach `rows`; how many were added."""
    import random

    from dxtrack.registry.models import Goal, Program, Target, Task

    have = Goal.objects.count() + Task.objects.count() + Target.objects.count()
    missing = max(0, rows - have)
    if not missing:
        return 0
    program = Program.objects.filter(status="published").order_by("pk").first()
    words = [
        "triển",
        "khai",
        "nâng",
        "cấp",
        "hệ",
        "thống",
        "cơ",
        "sở",
        "dữ",
        "liệu",
        "dịch",
        "vụ",
        "công",
        "trực",
        "tuyến",
    ]
    words += [
        "chuyển",
        "đổi",
        "số",
        "hạ",
        "tầng",
        "kết",
        "nối",
        "chia",
        "sẻ",
        "an",
        "toàn",
        "thông",
        "tin",
        "kỹ",
        "năng",
    ]
    words += [
        "xã",
        "phường",
        "bệnh",
        "viện",
        "trường",
        "học",
        "nông",
        "nghiệp",
        "du",
        "lịch",
        "thanh",
        "toán",
    ]
    rng = random.Random(16)
    start = (
        Task.objects.filter(program=program)
        .order_by("-order")
        .values_list("order", flat=True)
        .first()
        or 0
    ) + 1
    batch = []
    for i in range(missing):
        name = " ".join(rng.choice(words) for _ in range(rng.randint(8, 18)))
        batch.append(
            Task(
                program=program,
                order=start + i,
                code=f"S.{i}",
                name=name.capitalize(),
                group="Mô phỏng",
            )
        )
        if len(batch) == 5000:
            Task.objects.bulk_create(batch)
            batch = []
    Task.objects.bulk_create(batch)
    return missing


def bench_search(rows: int, runs: int) -> None:
    from dxtrack.registry.models import Goal, Target, Task

    added = grow_registry(rows)
    total = Goal.objects.count() + Task.objects.count() + Target.objects.count()
    print(f"\ntìm kiếm với {total} dòng danh mục ({added} nhiệm vụ mô phỏng thêm)")
    client = client_for(None)
    started = time.perf_counter()
    client.get("/tim-kiem/", {"q": "y tế"})
    print(f"lần đầu (dựng chỉ mục): {(time.perf_counter() - started) * 1000:.0f} ms")
    worst = 0.0
    for q in SEARCHES:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get("/tim-kiem/", {"q": q})
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"  “{q}”: trung vị {median:.1f} ms, p95 {percentile(times, 0.95):.1f} ms")
    print(
        "tìm kiếm < 50 ms" if worst < 50 else f"tìm kiếm chậm nhất {worst:.0f} ms (mục tiêu 50 ms)"
    )


def copy_to_sqlite(path: Path, env: dict[str, str]) -> None:
    """The PostgreSQL bench database copied row for row into a fresh SQLite file at `path`
    (its schema made by ``migrate``): the same province measured on SQLite."""
    import json
    import sqlite3
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from django.db import connection, transaction

    started = time.perf_counter()
    path.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, "-m", "dxtrack", "migrate", "-v", "0"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{path}"},
        check=True,
    )

    def cell(value):
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            return value.isoformat(" ")
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    target = sqlite3.connect(path)
    target.execute("PRAGMA foreign_keys = OFF")
    target.execute("PRAGMA synchronous = OFF")
    tables = [
        name
        for (name,) in target.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'django_migrations'"
        )
    ]
    rows_copied = 0
    for table in tables:
        target.execute(f'DELETE FROM "{table}"')  # rows the migrations made (content types…)
        columns = [r[1] for r in target.execute(f'PRAGMA table_info("{table}")')]
        with connection.cursor() as probe:
            probe.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
                [table],
            )
            have = {r[0] for r in probe.fetchall()}
        columns = [c for c in columns if c in have]
        if not columns:
            continue
        names = ", ".join(f'"{c}"' for c in columns)
        insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
        with transaction.atomic(), connection.connection.cursor(name=f"copy_{table}") as source:
            source.itersize = 50_000
            source.execute(f'SELECT {names} FROM "{table}"')
            while batch := source.fetchmany(50_000):
                target.executemany(insert, [tuple(cell(v) for v in row) for row in batch])
                rows_copied += len(batch)
    target.commit()
    target.execute("ANALYZE")
    target.close()
    print(
        f"chép sang SQLite {path}: {rows_copied:,} dòng, {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", choices=["demo", "province"], default="demo")
    parser.add_argument(
        "--pg-name", default=PG_DB, help="the PostgreSQL database (created and dropped)"
    )
    parser.add_argument(
        "--reuse",
        nargs="?",
        const="",
        help="SQLite: an existing demo file; PostgreSQL: the database kept by --keep (no rebuild)",
    )
    parser.add_argument("--keep", action="store_true", help="PostgreSQL: keep the database")
    parser.add_argument(
        "--to-sqlite",
        help="province scale: copy the PostgreSQL database into this SQLite file and stop "
        "(then measure it with --scale province --reuse FILE)",
    )
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--search-rows", type=int, default=100_000, help="0: no search bench")
    parser.add_argument("--skip-pages", action="store_true", help="only the search bench")
    args = parser.parse_args()

    if args.scale == "province" and args.db != "postgres" and not args.reuse:
        parser.error(
            "--scale province builds on --db postgres (the data is made with generate_series); "
            "SQLite: --to-sqlite FILE, then --reuse FILE"
        )
    if args.db == "sqlite" and args.reuse == "":
        parser.error("--reuse needs the SQLite file")
    var = Path(tempfile.mkdtemp(prefix="dxtrack-pages-bench-"))
    env = {**os.environ, "DXTRACK_VAR_DIR": str(var)}
    reuse = args.reuse is not None
    if args.db == "postgres":
        if not reuse:
            admin_sql(f"DROP DATABASE IF EXISTS {args.pg_name}")
            admin_sql(f"CREATE DATABASE {args.pg_name}")
        env["DATABASE_URL"] = f"{PG}/{args.pg_name}"
    elif reuse:
        env["DATABASE_URL"] = f"sqlite:///{Path(args.reuse).resolve()}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    if not reuse and args.scale == "demo":
        build_demo(env)
    setup_django({k: env[k] for k in ("DXTRACK_VAR_DIR", "DATABASE_URL")})
    if not reuse and args.scale == "province":
        build_province()
    if args.to_sqlite:
        copy_to_sqlite(Path(args.to_sqlite).resolve(), env)
        return 0
    print(f"cơ sở dữ liệu: {args.db}; quy mô: {args.scale}; {args.runs} lần mỗi trang")
    if not args.skip_pages:
        bench_pages(
            args.runs,
            goal_ms=GOALS_MS[args.scale],
            unit="so-1" if args.scale == "province" else "so-y-te",
        )
    if args.search_rows:
        bench_search(args.search_rows, args.runs)
    if args.db == "postgres" and not args.keep:
        from django.db import connections

        connections.close_all()
        admin_sql(f"DROP DATABASE IF EXISTS {args.pg_name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
