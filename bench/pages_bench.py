"""Server time and query count of the main pages at demo scale (issue 16): prints, asserts nothing.

    .venv/bin/python bench/pages_bench.py                       # SQLite, a fresh demo database
    .venv/bin/python bench/pages_bench.py --db postgres         # PostgreSQL 127.0.0.1:5432 (trust)
    .venv/bin/python bench/pages_bench.py --reuse /tmp/x/bench.sqlite3   # an existing demo database
    .venv/bin/python bench/pages_bench.py --search-rows 100000  # then search with that many rows

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


def measure(client, url: str, runs: int) -> tuple[int, float, float, int, int]:
    """(status, median ms, p95 ms, queries, bytes) of `url`, after one warming request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get(url)
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
    )


def pages() -> list[tuple[str, str | None, str]]:
    """(label, username or None for the public, url) of the main pages."""
    from dxtrack.registry.models import Program, Target
    from dxtrack.reporting.models import Round

    program = Program.objects.filter(status="published").order_by("-issued_on").first()
    target = Target.objects.filter(program=program).first()
    rnd = Round.objects.order_by("-period", "-pk").first()
    rows = [
        ("trang chủ", None, "/"),
        ("tổng quan", None, "/tong-quan/"),
        ("xếp hạng", None, "/tong-quan/xep-hang/"),
        ("chương trình (bảng)", None, f"/tong-quan/chuong-trinh/{program.pk}/"),
        ("chương trình (danh mục)", None, f"/chuong-trinh/{program.pk}/"),
        ("chỉ tiêu", None, f"/chi-tieu/{target.pk}/"),
        ("chỉ số", None, f"/tong-quan/chi-so/{target.indicator_id}/"),
        ("đơn vị (danh sách)", None, "/don-vi/"),
        ("đơn vị (danh mục)", None, "/don-vi/so-y-te/"),
        ("đơn vị (bảng điểm)", None, "/tong-quan/don-vi/so-y-te/"),
        ("tìm kiếm", None, "/tim-kiem/?q=y+t%E1%BA%BF"),
        ("API chương trình", None, "/api/v1/programs/"),
        ("API chỉ tiêu", None, f"/api/v1/targets/?program={program.pk}"),
        ("việc của tôi", "coordinator", "/tong-quan/viec-cua-toi/"),
        ("báo cáo", "coordinator", "/bao-cao/"),
        ("nhật ký", "coordinator", "/nhat-ky/"),
        ("việc của tôi", "reporter-soyte", "/tong-quan/viec-cua-toi/"),
        ("báo cáo", "reporter-soyte", "/bao-cao/"),
        ("việc của tôi", "leader", "/tong-quan/viec-cua-toi/"),
    ]
    if rnd is not None:
        rows += [
            ("kỳ báo cáo", "coordinator", f"/bao-cao/ky/{rnd.pk}/"),
            ("tình hình gửi", "coordinator", f"/bao-cao/ky/{rnd.pk}/tinh-hinh/tien-do/"),
            ("duyệt", "coordinator", f"/bao-cao/ky/{rnd.pk}/tinh-hinh/duyet/"),
            ("không gian đơn vị", "reporter-soyte", f"/bao-cao/ky/{rnd.pk}/don-vi/so-y-te/"),
        ]
    return rows


def client_for(username: str | None):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def bench_pages(runs: int) -> None:
    print(
        f"\n{'trang':<26} {'người xem':<15} {'mã':>3} {'trung vị':>9} {'p95':>8} {'truy vấn':>8} {'KB':>6}"
    )
    clients: dict[str | None, object] = {}
    slow = []
    for label, username, url in pages():
        client = clients.setdefault(username, client_for(username))
        status, median, p95, queries, size = measure(client, url, runs)
        who = username or "công chúng"
        print(
            f"{label:<26} {who:<15} {status:>3} {median:>7.1f}ms {p95:>6.1f}ms {queries:>8} {size / 1024:>6.0f}"
        )
        if median >= 100:
            slow.append(f"{label} ({who}) {median:.0f} ms")
    print(
        "\nmọi trang < 100 ms (trung vị)" if not slow else "\nchậm hơn 100 ms: " + "; ".join(slow)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--reuse", help="an existing demo SQLite file (no rebuild)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--search-rows", type=int, default=100_000, help="0: no search bench")
    parser.add_argument("--skip-pages", action="store_true", help="only the search bench")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="dxtrack-pages-bench-"))
    env = {**os.environ, "DXTRACK_VAR_DIR": str(var)}
    if args.db == "postgres":
        admin_sql(f"DROP DATABASE IF EXISTS {PG_DB}")
        admin_sql(f"CREATE DATABASE {PG_DB}")
        env["DATABASE_URL"] = f"{PG}/{PG_DB}"
    elif args.reuse:
        env["DATABASE_URL"] = f"sqlite:///{Path(args.reuse).resolve()}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    if not args.reuse:
        build_demo(env)
    setup_django({k: env[k] for k in ("DXTRACK_VAR_DIR", "DATABASE_URL")})
    print(f"cơ sở dữ liệu: {args.db}; {args.runs} lần mỗi trang")
    if not args.skip_pages:
        bench_pages(args.runs)
    if args.search_rows:
        bench_search(args.search_rows, args.runs)
    if args.db == "postgres":
        from django.db import connections

        connections.close_all()
        admin_sql(f"DROP DATABASE IF EXISTS {PG_DB}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
