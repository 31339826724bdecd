"""Report benchmark (issue 10): seconds and peak memory to draft the province report and write
it as DOCX, XLSX and PDF; prints figures, asserts nothing.

    .venv/bin/python bench/report_bench.py                     # demo and province scale
    .venv/bin/python bench/report_bench.py --scale demo        # SQLite, the Thái Nguyên demo
    .venv/bin/python bench/report_bench.py --scale province    # PostgreSQL, evaluate_bench's data

Demo scale: the five Thái Nguyên programs of `dxtrack demo` (load_demo) in a temporary SQLite
database, evaluated once. Province scale: bench/evaluate_bench.py's synthetic province (250
units, 300 targets, 600 tasks, ≈ 1,5 M accepted values) in its own PostgreSQL database
`dxtrack_bench_report` on 127.0.0.1:5432 (dropped at the end), evaluated once, plus an accepted
Q3 progress report with words, a difficulty, a proposal and a disbursement on every task.

Measured for the report of the whole province (every published program), each step its own
run: gathering the figures (`report_build`: the snapshot), the DOCX, the XLSX, and the PDF
three ways (dxtrack/outputs/pdf.py): LibreOffice started cold for the conversion
(REPORT_PDF_SERVER=off), the first conversion (which starts the resident converter) and the
resident converter already running (what the server does after its first PDF). Peak memory is
Python's (tracemalloc) for the steps in the process, and the resident LibreOffice's peak RSS;
its CPU is read from /proc (it is not this process's child). Wall times on a shared machine
count the other users' work: the load average is printed, and the CPU seconds beside them.
Goals at province scale: DOCX + XLSX under 2 s (with the figures), PDF under 5 s.

    --keep DIR    also write the rendered files (and the unsaved Report, pickled) to DIR
    --docx A.docx B.docx [--rounds 3]   only convert these files, cold and resident, and compare
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
PERIOD = "2026Q3"


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (LibreOffice): on a shared
    machine the wall time also counts the other users' work."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(label: str, step, runs: int = 2):
    """Best of `runs` wall times (and that run's CPU seconds), and the peak of Python's
    allocations during one more run (lxml's and LibreOffice's own memory is not counted)."""
    times = []
    cpus = []
    result = None
    for _ in range(runs):
        started, cpu = time.perf_counter(), _cpu()
        result = step()
        times.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
    tracemalloc.start()
    step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best = min(times)
    cpu = cpus[times.index(best)]
    print(
        f"  {label:<34} {best:6.2f} s (CPU {cpu:5.2f} s)   peak {peak / 2**20:6.1f} MiB",
        flush=True,
    )
    return best, result


def add_task_reports() -> int:
    """An accepted Q3 report of every task's lead unit, with words and a disbursement."""
    from django.utils import timezone

    from dxtrack.registry.models import TaskUnit
    from dxtrack.reporting.models import TaskUpdate

    now = timezone.now()
    leads = TaskUnit.objects.filter(role="lead").values_list("task_id", "unit_id")
    TaskUpdate.objects.bulk_create(
        [
            TaskUpdate(
                task_id=task,
                unit_id=unit,
                period=PERIOD,
                progress="in_progress",
                percent_done=(task * 7) % 100,
                narrative=f"Đã triển khai các nội dung của nhiệm vụ {task} theo kế hoạch",
                difficulties="Thiếu kinh phí" if task % 3 == 0 else "",
                proposals=f"Bổ sung kinh phí cho nhiệm vụ {task}" if task % 5 == 0 else "",
                disbursed=task * 1_000_000,
                state="accepted",
                reviewed_at=now,
            )
            for task, unit in leads
        ],
        ignore_conflicts=True,
    )
    return TaskUpdate.objects.count()


KEEP: Path | None = None  # --keep DIR: write the rendered files there to look at them


def _office_cpu() -> float:
    """CPU seconds used so far by the resident converter's process group (its Python and its
    LibreOffice): they are not this process's children, so RUSAGE_CHILDREN misses them."""
    from dxtrack.outputs import pdf

    pid = pdf.server_pid()
    total = 0.0
    if pid is None:
        return total
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pid:  # process group
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _office_peak_mib() -> float:
    """Peak resident memory (VmHWM) of the resident LibreOffice (soffice.bin)."""
    from dxtrack.outputs import pdf

    pid = pdf.server_pid()
    peak = 0
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if pid is None or int(stat[2]) != pid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except (OSError, IndexError):
            continue
    return peak / 1024


def bench_pdf(docx: bytes, xlsx: bytes, scale: str) -> dict[str, float]:
    """The PDF three ways: LibreOffice started cold for the conversion (REPORT_PDF_SERVER=off,
    as before the resident converter), the first conversion (which starts the resident
    converter), and the usual case, the resident converter already running."""
    from dxtrack.outputs import pdf, render

    os.environ["REPORT_PDF_SERVER"] = "off"
    cold_s, _ = measure("PDF, LibreOffice started cold", lambda: render.docx_to_pdf(docx))
    os.environ["REPORT_PDF_SERVER"] = "auto"
    if not pdf.resident_available():
        print("  PDF resident converter: no python3-uno (make pdf-tools)", flush=True)
        return {"pdf": cold_s, "pdf_cold": cold_s}
    pdf.server_stop()
    started, office = time.perf_counter(), _office_cpu()
    render.docx_to_pdf(docx)
    first_s = time.perf_counter() - started
    print(
        f"  {'PDF, first (starts the converter)':<34} {first_s:6.2f} s (CPU {_office_cpu() - office:5.2f} s"
        " in the converter)",
        flush=True,
    )
    times, cpus, data = [], [], b""
    for _ in range(3):
        started, office = time.perf_counter(), _office_cpu()
        data = render.docx_to_pdf(docx)
        times.append(time.perf_counter() - started)
        cpus.append(_office_cpu() - office)
    best = min(times)
    print(
        f"  {'PDF, resident converter':<34} {best:6.2f} s (CPU {cpus[times.index(best)]:5.2f} s"
        f" in the converter; runs {', '.join(f'{t:.2f}' for t in times)} s)   LibreOffice peak RSS"
        f" {_office_peak_mib():6.1f} MiB",
        flush=True,
    )
    print(
        f"  sizes: DOCX {len(docx) / 1024:.0f} KiB, XLSX {len(xlsx) / 1024:.0f} KiB, "
        f"PDF {len(data) / 1024:.0f} KiB; cold / resident = {cold_s / best:.1f}",
        flush=True,
    )
    if KEEP is not None:
        (KEEP / f"report-{scale}.pdf").write_bytes(data)
    pdf.server_stop()
    return {"pdf": best, "pdf_cold": cold_s, "pdf_first": first_s}


def bench_report(label: str) -> dict[str, float]:
    from dxtrack.outputs import render, services

    print(
        f"\n== {label} ==  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)",
        flush=True,
    )
    gather, report = measure(
        "figures (report_build)",
        lambda: services.report_build(kind="quarter", period=PERIOD),
    )
    s = report.snapshot
    print(
        f"  ({len(s['programs'])} programs, {len(s['targets'])} targets, {len(s['tasks'])} "
        f"tasks, {len(s['budget'])} budget rows, "
        f"{sum(len(g['rows']) for g in s['rankings']['groups'])} ranked units)",
        flush=True,
    )
    docx_s, docx = measure("DOCX (python-docx)", lambda: render.render_docx(report))
    xlsx_s, xlsx = measure("XLSX (openpyxl)", lambda: render.render_xlsx(report))
    figures = {"gather": gather, "docx": docx_s, "xlsx": xlsx_s}
    if KEEP is not None:
        KEEP.mkdir(parents=True, exist_ok=True)
        scale = label.split()[0]
        (KEEP / f"report-{scale}.docx").write_bytes(docx)
        (KEEP / f"report-{scale}.xlsx").write_bytes(xlsx)
        # The unsaved Report itself, to render it again without the database.
        (KEEP / f"report-{scale}.pickle").write_bytes(pickle.dumps(report))
    if render.soffice_path() is None:
        print("  PDF: LibreOffice not installed (make pdf-tools)", flush=True)
    else:
        figures.update(bench_pdf(docx, xlsx, label.split()[0]))
    both = gather + docx_s + xlsx_s
    print(
        f"  figures + DOCX + XLSX: {both:.2f} s — goal < 2 s: {'OK' if both < 2 else 'NOT MET'}"
        + (
            f"; figures + DOCX + PDF: {gather + docx_s + figures['pdf']:.2f} s — goal < 5 s: "
            f"{'OK' if gather + docx_s + figures['pdf'] < 5 else 'NOT MET'}"
            if "pdf" in figures
            else ""
        ),
        flush=True,
    )
    return figures


def demo_scale() -> None:
    var = Path(tempfile.mkdtemp(prefix="dxtrack-bench-report-"))
    os.environ["DXTRACK_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from dxtrack.evaluation.compute import today
    from dxtrack.evaluation.services import evaluation_recompute_all
    from dxtrack.registry.demo_data import load_demo

    call_command("migrate", verbosity=0)
    load_demo(log=lambda message: None)
    add_task_reports()
    evaluation_recompute_all(as_of=today())
    bench_report("demo scale (the five Thái Nguyên programs, SQLite)")


def province_scale() -> None:
    import evaluate_bench as eb

    eb.DB = "dxtrack_bench_report"
    var = Path(tempfile.mkdtemp(prefix="dxtrack-bench-report-"))
    eb.admin_sql(f"DROP DATABASE IF EXISTS {eb.DB}")
    eb.admin_sql(f"CREATE DATABASE {eb.DB}")
    eb.setup_django(var)
    from django.core.management import call_command
    from django.db import connection

    from dxtrack.evaluation.compute import today
    from dxtrack.evaluation.services import evaluation_recompute_all

    try:
        call_command("migrate", verbosity=0)
        info = eb.build(1)
        print(f"province data: {info['observations']:,} values in {info['generate_s']:.1f} s")
        print(f"task reports: {add_task_reports()}", flush=True)
        started = time.perf_counter()
        evaluation_recompute_all(as_of=today())
        print(f"evaluate: {time.perf_counter() - started:.1f} s", flush=True)
        bench_report("province scale (evaluate_bench's synthetic province, PostgreSQL)")
    finally:
        connection.close()
        eb.admin_sql(f"DROP DATABASE IF EXISTS {eb.DB}")


def compare_docx(files: list[Path], rounds: int) -> None:
    """`--docx A.docx B.docx …`: convert these DOCX files cold and with the resident converter,
    interleaved for `rounds` rounds (so the machine's load hits all alike), and print the median
    CPU and wall seconds of each, and the ratios to the first file. For trying a change of the
    DOCX (an older render against a newer one) without building the database."""
    import statistics

    var = Path(tempfile.mkdtemp(prefix="dxtrack-bench-report-"))
    os.environ["DXTRACK_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from dxtrack.outputs import pdf, render

    data = {f: f.read_bytes() for f in files}
    ways = ["cold", "resident"] if pdf.resident_available() else ["cold"]
    seen: dict[tuple[Path, str], list[tuple[float, float]]] = {}
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)", flush=True)
    try:
        for _ in range(rounds):
            for way in ways:
                os.environ["REPORT_PDF_SERVER"] = "off" if way == "cold" else "auto"
                if way == "resident" and pdf.server_pid() is None:
                    render.docx_to_pdf(data[files[0]])  # start it outside the timings
                for f in files:
                    started, cpu, office = time.perf_counter(), _cpu(), _office_cpu()
                    render.docx_to_pdf(data[f])
                    wall = time.perf_counter() - started
                    used = (_cpu() - cpu) if way == "cold" else (_office_cpu() - office)
                    seen.setdefault((f, way), []).append((used, wall))
    finally:
        pdf.server_stop()
    for way in ways:
        base = statistics.median(c for c, _ in seen[(files[0], way)])
        for f in files:
            cpu = statistics.median(c for c, _ in seen[(f, way)])
            wall = statistics.median(w for _, w in seen[(f, way)])
            print(
                f"  {way:<9} {f.name:<32} CPU {cpu:5.2f} s  wall {wall:5.2f} s  "
                f"CPU / first file {cpu / base:4.2f}",
                flush=True,
            )
    print(f"(load average {os.getloadavg()[0]:.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["demo", "province", "both"], default="both")
    parser.add_argument("--keep", type=Path, help="write the rendered files to this folder")
    parser.add_argument("--docx", type=Path, nargs="+", help="only convert these DOCX files")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.docx:
        compare_docx(args.docx, args.rounds)
        return
    if args.scale == "both":
        # One process per scale: each sets up Django on its own database.
        keep = ["--keep", str(args.keep)] if args.keep else []
        for scale in ("demo", "province"):
            subprocess.run([sys.executable, __file__, "--scale", scale, *keep], check=False)
        return
    global KEEP
    KEEP = args.keep
    demo_scale() if args.scale == "demo" else province_scale()


if __name__ == "__main__":
    main()
