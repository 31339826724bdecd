"""Open data benchmark on PostgreSQL (issue 11): prints figures, asserts nothing.

    .venv/bin/python bench/opendata_bench.py            # build the province-scale data, measure, drop
    .venv/bin/python bench/opendata_bench.py --keep     # keep the database for a second run
    .venv/bin/python bench/opendata_bench.py --reuse    # measure the kept database again

It reuses bench/evaluate_bench.py's synthetic province (250 units × 300 indicators × 20
quarters ≈ 1,5 M accepted values, built with INSERT … SELECT) in its own database
`dxtrack_bench_opendata`, runs one `evaluate` (the stamp the caches are keyed by), then measures:

1. streaming the province-scale observation dataset (`so-lieu`) as CSV, in the process (the
   generator the download view returns) and over HTTP from gunicorn: rows/s (goal ≥ 100 000)
   and the process's resident memory sampled every 20 ms while it streams (goal: flat);
2. the DCAT catalogue and package_search under 20 concurrent clients on keep-alive connections
   (gunicorn gthread, warm caches): p50 and p95 per URL (goal p95 < 100 ms).
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate_bench as eb  # noqa: E402 -- the data builder lives next door

eb.DB = "dxtrack_bench_opendata"
ROOT = eb.ROOT
LATENCY_URLS = [
    "/du-lieu-mo/catalog.ttl",
    "/du-lieu-mo/catalog.jsonld",
    "/api/3/action/package_search?rows=20",
    "/api/3/action/package_search?fq=metadata_modified:%5B2026-01-01T00:00:00Z%20TO%20*%5D&rows=50",
    "/api/3/action/package_search?q=chi+so+thu+12&rows=10",
    "/api/3/action/package_show?id=so-lieu",
]


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class RssSampler(threading.Thread):
    """Samples this process's resident memory every 20 ms until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(rss_mib())
            time.sleep(0.02)


def stream_in_process() -> dict:
    from dxtrack.opendata import formats, selectors

    dataset = selectors.dataset_get(slug="so-lieu")
    assert dataset is not None
    sampler = RssSampler()
    before = rss_mib()
    sampler.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    first = None
    n_bytes = 0
    chunks = formats.csv_chunks(fields=dataset.fields, rows=selectors.dataset_rows(dataset=dataset))
    for chunk in chunks:
        if first is None:
            first = time.perf_counter() - started
        n_bytes += len(chunk)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    sampler.stop.set()
    sampler.join()
    s = sampler.samples or [before]
    quarter = max(1, len(s) // 4)
    return {
        "rows": dataset.rows,
        "bytes": n_bytes,
        "wall_s": wall,
        "first_chunk_s": first or 0.0,
        "rows_per_s": dataset.rows / wall,
        "cpu_s": cpu,
        "rows_per_cpu_s": dataset.rows / cpu,
        "rss_before": before,
        "rss_peak": max(s),
        "rss_quarters": [s[min(len(s) - 1, i * quarter)] for i in range(4)] + [s[-1]],
    }


def start_server(var: Path) -> tuple[subprocess.Popen, str, int]:
    port = eb.free_port()
    env = {**os.environ, "DATABASE_URL": f"{eb.PG}/{eb.DB}", "DXTRACK_VAR_DIR": str(var)}
    workers = os.getenv("BENCH_WORKERS", str(max(2, os.cpu_count() or 2)))
    threads = os.getenv("BENCH_THREADS", "4")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "dxtrack.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            workers,
            "--threads",
            threads,
            "-k",
            "gthread",
            "--keep-alive",
            "30",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            break
        except OSError:
            time.sleep(0.2)
    return server, base, int(workers)


def stream_over_http(base: str) -> dict:
    started = time.perf_counter()
    n_bytes = lines = 0
    with urllib.request.urlopen(base + "/du-lieu-mo/so-lieu/tai-ve.csv", timeout=600) as r:
        while chunk := r.read(1 << 16):
            n_bytes += len(chunk)
            lines += chunk.count(b"\n")
    wall = time.perf_counter() - started
    return {"rows": lines - 1, "bytes": n_bytes, "wall_s": wall, "rows_per_s": (lines - 1) / wall}


def latency(base: str, workers: int, clients: int = 20, per_client: int = 30) -> dict:
    for url in LATENCY_URLS:  # warm each worker's cache (one copy per process)
        for _ in range(4 * workers):
            urllib.request.urlopen(base + url, timeout=300).read()
    alone = {}  # one client: the service time of each URL, without queueing
    for url in LATENCY_URLS:
        times_alone = []
        for _ in range(20):
            started = time.perf_counter()
            urllib.request.urlopen(base + url, timeout=60).read()
            times_alone.append(time.perf_counter() - started)
        alone[url] = statistics.median(times_alone)
    port = int(base.rsplit(":", 1)[1])
    times: dict[str, list[float]] = {u: [] for u in LATENCY_URLS}
    errors: list[object] = []

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for j in range(per_client):
            url = LATENCY_URLS[(k + j) % len(LATENCY_URLS)]
            started = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
            except (OSError, http.client.HTTPException) as error:
                errors.append(str(error))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            times[url].append(time.perf_counter() - started)
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    every = sorted(x for v in times.values() for x in v)
    return {
        "requests": len(every),
        "errors": len(errors),
        "wall_s": wall,
        "p50": statistics.median(every),
        "p95": every[int(0.95 * (len(every) - 1))],
        "per_url": {
            u: (statistics.median(v), sorted(v)[int(0.95 * (len(v) - 1))], alone[u])
            for u, v in times.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="dxtrack-bench-opendata-"))
    if not args.reuse:
        eb.admin_sql(f"DROP DATABASE IF EXISTS {eb.DB}")
        eb.admin_sql(f"CREATE DATABASE {eb.DB}")
    eb.setup_django(var)
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from dxtrack.evaluation.services import evaluation_recompute_all

    try:
        call_command("migrate", verbosity=0)
        if args.reuse:
            print("== the data kept by an earlier run ==", flush=True)
        else:
            print("== building the province-scale data ==", flush=True)
            info = eb.build(1)
            print(f"{info['observations']:,} values in {info['generate_s']:.1f} s", flush=True)
            started = time.perf_counter()
            evaluation_recompute_all(as_of=timezone.localdate())
            print(f"evaluate: {time.perf_counter() - started:.1f} s", flush=True)

        started = time.perf_counter()
        from dxtrack.opendata import selectors

        catalog = selectors.catalog()
        print(
            f"catalogue metadata ({len(catalog.datasets)} datasets), first build: "
            f"{time.perf_counter() - started:.2f} s",
            flush=True,
        )
        s = stream_in_process()
        print(
            f"\n1. CSV of so-lieu in the process: {s['rows']:,} rows, {s['bytes'] / 2**20:.0f} MiB "
            f"in {s['wall_s']:.2f} s = {s['rows_per_s']:,.0f} rows/s (goal ≥ 100 000); "
            f"first chunk after {s['first_chunk_s']:.2f} s",
            flush=True,
        )
        print(
            f"   this process's CPU: {s['cpu_s']:.2f} s = {s['rows_per_cpu_s']:,.0f} rows per CPU "
            f"second (the rate on a free core; the database's own work is in its process); "
            f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            flush=True,
        )
        print(
            f"   resident memory: {s['rss_before']:.0f} MiB before, peak {s['rss_peak']:.0f} MiB "
            f"(+{s['rss_peak'] - s['rss_before']:.0f}); at 0/25/50/75/100 %: "
            + " / ".join(f"{x:.0f}" for x in s["rss_quarters"])
            + " MiB (goal: flat)",
            flush=True,
        )
        connection.close()
        server, base, workers = start_server(var)
        try:
            h = stream_over_http(base)
            print(
                f"   over HTTP (gunicorn, one client): {h['rows']:,} rows, "
                f"{h['bytes'] / 2**20:.0f} MiB in {h['wall_s']:.2f} s = {h['rows_per_s']:,.0f} rows/s",
                flush=True,
            )
            lat = latency(base, workers)
        finally:
            server.terminate()
            server.wait(timeout=10)
        print(
            f"\n2. 20 concurrent clients, {lat['requests']} requests in {lat['wall_s']:.1f} s, "
            f"{lat['errors']} errors: p50 {lat['p50'] * 1000:.1f} ms, "
            f"p95 {lat['p95'] * 1000:.1f} ms (goal < 100 ms)",
            flush=True,
        )
        for url, (p50, p95, one) in lat["per_url"].items():
            print(
                f"   {url}: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
                f"(one client alone: {one * 1000:.1f} ms)"
            )
        print(f"   load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        connection.close()
        if not args.keep:
            eb.admin_sql(f"DROP DATABASE IF EXISTS {eb.DB}")


if __name__ == "__main__":
    main()
