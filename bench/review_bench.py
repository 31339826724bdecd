"""Benchmark of the review workspace (issue 14): server time, prints figures, asserts nothing.

    .venv/bin/python bench/review_bench.py [--runs 20]

Sets up the demo's registry (units and the five seed plans, `load_demo`) in a fresh SQLite file
in a temporary folder, turns the seeds back into drafts, and measures on the largest (the most
targets: the Đề án 2026–2030) with Django's test client (the whole request: middleware, view, template):

1. opening the workspace (`/chuong-trinh/<pk>/ra-soat/`): goal under 300 ms;
2. saving a target edit (POST, then the redirect's 302): goal under 100 ms;
3. saving a task edit (on the seed with the most tasks), opening the agencies page and the
   checklist; and first, opening each of the five seeds' workspaces.

Median and p95 over `--runs` requests, after one warm-up request each.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(folder: str) -> None:
    os.environ["DXTRACK_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DXTRACK_DEMO"] = "1"  # a throw-away database: the demo's data may be loaded
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxtrack.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(call, runs: int) -> tuple[float, float]:
    call()  # warm-up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        run(args.runs)


def run(runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from dxtrack.registry.demo_data import load_demo
    from dxtrack.registry.models import Program, Role, Unit

    load_demo(log=lambda message: None)
    Program.objects.update(status=Program.Status.DRAFT, published_at=None)
    user = get_user_model().objects.create_user("bench-coordinator", password=None)
    Role.objects.create(
        user=user, name="coordinator", unit=Unit.objects.get(code="so-khoa-hoc-va-cong-nghe")
    )
    client = Client()
    client.force_login(user)

    print("Opening each seed's workspace (all five turned back into drafts):")
    for each in Program.objects.order_by("pk"):
        url = f"/chuong-trinh/{each.pk}/ra-soat/"
        median, p95 = timed(lambda url=url: client.get(url), runs)
        print(
            f"  {str(each)[:28]:<28} {each.goals.count():3} goals {each.targets.count():3} targets "
            f"{each.tasks.count():3} tasks {len(each.source_text.splitlines()):4} lines: "
            f"median {median:6.1f} ms  p95 {p95:6.1f} ms"
        )
    # The largest seed: the Đề án 2026–2030 (the most goals and targets).
    program = Program.objects.annotate(n=Count("targets", distinct=True)).order_by("-n").first()
    with_tasks = Program.objects.annotate(n=Count("tasks", distinct=True)).order_by("-n").first()
    assert program is not None and with_tasks is not None
    base = f"/chuong-trinh/{program.pk}/ra-soat/"
    target = program.targets.select_related("indicator").order_by("pk").first()
    task = with_tasks.tasks.order_by("pk").first()
    assert target is not None and task is not None
    print(f"Largest seed: {program} — {program.title[:70]}")

    def open_workspace() -> None:
        response = client.get(base)
        assert response.status_code == 200, response.status_code

    values = iter(range(10**6))

    def save_target() -> None:
        response = client.post(
            f"{base}chi-tieu/{target.pk}/",
            {
                "subject": target.subject,
                "comparator": target.comparator,
                "value": str(50 + next(values) % 40),
                "unit": target.unit,
                "year": target.year or "",
                "scope": target.scope,
                "indicator": target.indicator_id,
                "indicator_name": target.indicator.name,
            },
        )
        assert response.status_code == 302, response.content[:2000]

    def save_task() -> None:
        response = client.post(
            f"/chuong-trinh/{with_tasks.pk}/ra-soat/nhiem-vu/{task.pk}/",
            {
                "code": task.code,
                "group": task.group,
                "name": task.name,
                "leads": "\n".join(tu.written_name for tu in task.leads()),
                "coordinators": "\n".join(tu.written_name for tu in task.coordinators()),
                "timeframe": task.timeframe,
                "start_year": task.start_year or "",
                "end_year": task.end_year or "",
                "budget": str(1_000_000 * (1 + next(values) % 50)),
                "budget_source": task.budget_source,
                "product": task.product,
            },
        )
        assert response.status_code == 302, response.content[:2000]

    def page(url: str):
        def get() -> None:
            assert client.get(url).status_code == 200

        return get

    rows = [
        ("open the workspace", open_workspace, 300),
        ("save a target edit", save_target, 100),
        (f"save a task edit ({with_tasks.number})", save_task, 100),
        ("open the agencies page", page(base + "co-quan/"), None),
        ("open the checklist", page(base + "cong-bo/"), None),
    ]
    for name, call, goal in rows:
        median, p95 = timed(call, runs)
        verdict = (
            "" if goal is None else f" (goal < {goal} ms: {'met' if p95 < goal else 'NOT met'})"
        )
        print(f"  {name:<34} median {median:7.1f} ms   p95 {p95:7.1f} ms{verdict}")


if __name__ == "__main__":
    main()
