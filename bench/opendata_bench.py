"""Open data benchmark on PostgreSQL (issue 11): prints figures, asserts nothing.

    .venv/bin/python bench/opendata_bench.py            # build the province-scale data, measure, drop
    .venv/bin/python bench/opendata_bench.py --keep     # keep the database for a second run
    .venv/bin/python bench/opendata_bench.py --reuse    # measure the kept database again
    .venv/bin/python bench/opendata_bench.py --reuse --before HEAD~3 --skip-stream
                        # the latency of an earlier commit's code beside this tree's, in one run

It reuses bench/evaluate_bench.py's synthetic province (250 units × 300 indicators × 20
quarters ≈ 1,5 M accepted values, built with INSERT … SELECT) in its own database
`dxtrack_bench_opendata`, runs one `evaluate` (the stamp the caches are keyed by), then measures:

1. streaming the province-scale observation dataset (`so-lieu`) as CSV, in the process (the
   generator the download view returns) and over HTTP from gunicorn: rows/s (goal ≥ 100 000)
   and the process's resident memory sampled every 20 ms while it streams (goal: flat);
2. the DCAT catalogue and package_search under 20 concurrent clients on keep-alive connections
   (gunicorn gthread, warm caches): p50 and p95 per URL (goal p95 < 100 ms), with clients that
   do not ask for gzip (as before) and with clients that do (as ckanapi and harvesters do);
3. the first answers after a new stamp: one request per worker, each on a new connection
   (with the answers shared between workers, only the first builds).

`--before REV` also serves `git archive REV` of the tree from a second gunicorn on the same
database and measures both in turns (before, after, before, after): the machine is shared and
noisy, so only figures taken in one run are compared.
"""

from __future__ import annotations

import argparse
import gzip
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


def start_server(var: Path, root: Path = ROOT) -> tuple[subprocess.Popen, str, int]:
    port = eb.free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"{eb.PG}/{eb.DB}",
        "DXTRACK_VAR_DIR": str(var),
        "PYTHONPATH": str(root),
    }
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
        cwd=root,
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


def get(base: str, url: str, headers: dict[str, str], timeout: int = 60) -> bytes:
    request = urllib.request.Request(base + url, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as r:
        body = r.read()
        return gzip.decompress(body) if r.headers.get("Content-Encoding") == "gzip" else body


def latency(
    base: str, workers: int, clients: int = 20, per_client: int = 30, packed: bool = False
) -> dict:
    """`packed`: the clients ask for gzip (and unpack it, as a real client would)."""
    headers = {"Accept-Encoding": "gzip"} if packed else {}
    for url in LATENCY_URLS:  # warm each worker's cache (one copy per process)
        for _ in range(4 * workers):
            get(base, url, headers, timeout=300)
    alone = {}  # one client: the service time of each URL, without queueing
    for url in LATENCY_URLS:
        times_alone = []
        for _ in range(20):
            started = time.perf_counter()
            get(base, url, headers)
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
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                body = response.read()
                if response.getheader("Content-Encoding") == "gzip":
                    gzip.decompress(body)
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


def tree_of(revision: str, var: Path) -> Path:
    """`git archive` of a revision, unpacked beside the run's files (the working tree and its
    index are not touched)."""
    root = var / f"tree-{revision.replace('/', '_')}"
    root.mkdir()
    archive = subprocess.run(
        ["git", "archive", revision], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return root


def stream_part(var: Path) -> None:
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
    from django.db import connection

    connection.close()
    server, base, _ = start_server(var)
    try:
        h = stream_over_http(base)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"   over HTTP (gunicorn, one client): {h['rows']:,} rows, "
        f"{h['bytes'] / 2**20:.0f} MiB in {h['wall_s']:.2f} s = {h['rows_per_s']:,.0f} rows/s",
        flush=True,
    )


def latency_part(var: Path, servers: dict[str, Path], rounds: int) -> None:
    """Each server in turn, `rounds` times, with plain and with gzip-asking clients."""
    print("\n2. 20 concurrent clients on keep-alive connections (goal p95 < 100 ms)", flush=True)
    running = {name: start_server(var, root) for name, root in servers.items()}
    results: dict[tuple[str, bool], list[dict]] = {}
    try:
        for name, (_, base, _) in running.items():  # which code answers: the gzip tells
            request = urllib.request.Request(
                base + LATENCY_URLS[0], headers={"Accept-Encoding": "gzip"}
            )
            with urllib.request.urlopen(request, timeout=300) as r:
                encoding = r.headers.get("Content-Encoding") or "none"
                print(f"   {name}: catalog.ttl for a gzip client, Content-Encoding {encoding}")
        for _ in range(rounds):
            for packed in (False, True):
                for name, (_, base, workers) in running.items():
                    lat = latency(base, workers, packed=packed)
                    results.setdefault((name, packed), []).append(lat)
                    print(
                        f"   {name}, {'gzip' if packed else 'plain'} clients: "
                        f"{lat['requests']} requests in {lat['wall_s']:.2f} s, "
                        f"{lat['errors']} errors, p50 {lat['p50'] * 1000:.1f} ms, "
                        f"p95 {lat['p95'] * 1000:.1f} ms "
                        f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
                        flush=True,
                    )
    finally:
        for server, _, _ in running.values():
            server.terminate()
            server.wait(timeout=10)
    for (name, packed), runs in results.items():
        last = runs[-1]
        print(f"   per URL, {name}, {'gzip' if packed else 'plain'} clients (last turn):")
        for url, (p50, p95, one) in last["per_url"].items():
            print(
                f"     {url}: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
                f"(one client alone: {one * 1000:.1f} ms)"
            )
    if len(servers) == 2:
        before, after = list(servers)
        for packed in (False, True):
            b = statistics.median(r["p95"] for r in results[(before, packed)])
            a = statistics.median(r["p95"] for r in results[(after, packed)])
            print(
                f"   p95 {'gzip' if packed else 'plain'} clients, median of the turns: "
                f"{b * 1000:.1f} ms before, {a * 1000:.1f} ms now (×{b / a:.1f})"
            )


def server_cpu_s(server: subprocess.Popen) -> float:
    """CPU seconds (user + system) its worker processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    with open(f"/proc/{server.pid}/task/{server.pid}/children") as f:
        children = f.read().split()
    for pid in children:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def timed_get(base: str, url: str, times: list[float]) -> None:
    started = time.perf_counter()
    get(base, url, {}, timeout=300)
    times.append(time.perf_counter() - started)


def first_answers_part(var: Path, servers: dict[str, Path]) -> None:
    """After a new stamp, 8 clients ask for the catalogue at once, each on a new connection (so
    that every worker gets some): the slowest answer, and the CPU the workers spent."""
    from django.db import connection

    from dxtrack.evaluation.services import stamp_bump

    print("\n3. first answers after a new stamp: catalog.ttl, 8 clients at once, new connections")
    for name, root in servers.items():
        server, base, workers = start_server(var, root)
        try:
            for _ in range(4 * workers):  # every worker started and warm
                get(base, LATENCY_URLS[0], {}, timeout=300)
            for turn in range(2):
                stamp_bump()
                connection.close()
                cpu = server_cpu_s(server)
                times: list[float] = []

                clients = [
                    threading.Thread(target=timed_get, args=(base, LATENCY_URLS[0], times))
                    for _ in range(8)
                ]
                for c in clients:
                    c.start()
                for c in clients:
                    c.join()
                time.sleep(0.2)
                print(
                    f"   {name}, turn {turn + 1}: slowest {max(times):.2f} s, "
                    f"median {statistics.median(times):.2f} s; workers' CPU "
                    f"{server_cpu_s(server) - cpu:.2f} s ({workers} workers)",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database")
    parser.add_argument("--before", help="also serve this git revision's code, measured in turns")
    parser.add_argument("--skip-stream", action="store_true", help="latency figures only")
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

        if not args.skip_stream:
            stream_part(var)
        connection.close()
        servers = {"this tree": ROOT}
        if args.before:
            servers = {f"before ({args.before})": tree_of(args.before, var), **servers}
        latency_part(var, servers, rounds=2 if args.before else 1)
        first_answers_part(var, servers)
    finally:
        connection.close()
        if not args.keep:
            eb.admin_sql(f"DROP DATABASE IF EXISTS {eb.DB}")


if __name__ == "__main__":
    main()
