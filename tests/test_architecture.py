"""The layers of docs/architecture.md hold: imports, start-up hooks and migrations run one way."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

from dxtrack.core import freshness
from dxtrack.registry import extensions
from dxtrack.reporting import hooks

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dxtrack"

# Lower number, lower layer: an app may depend on its own layer and those below.
LAYER = {
    "core": 0,
    "registry": 1,
    "reporting": 2,
    "evaluation": 3,
    "dashboards": 4,
    "outputs": 4,
    "opendata": 4,
    "api": 4,
}

# Imports inside a function, each on purpose (file:function -> why). Everything else imports at
# the top of its module, where the layer check and a reader see it.
FUNCTION_IMPORTS = {
    "dxtrack/cli.py:main": "`dxtrack import` reads a file without starting Django",
    "dxtrack/evaluation/apps.py:ready": "AppConfig.ready: models import only once apps are loaded",
    "dxtrack/reporting/apps.py:ready": "AppConfig.ready: models import only once apps are loaded",
    "dxtrack/docimport/readers/pdf.py:_fast_layouts": "pypdfium2, pdfplumber only for a .pdf",
    "dxtrack/docimport/readers/pdf.py:_read_with_pdfplumber": "pdfplumber (≈0.3 s) only for a .pdf",
    "dxtrack/reporting/jobs.py:round_job_run": "services import the models, which import jobs",
    "dxtrack/docimport/readers/docx.py:_xml": "lxml (≈20 ms) only for a .docx",
}


def test_import_linter_keeps_every_layer_contract():
    """`lint-imports` (the contracts in pyproject.toml) passes on the tree."""
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "BROKEN" not in run.stdout


def test_the_layer_contract_names_every_app_in_order():
    """The contract itself cannot be loosened without this test saying so."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    assert layers == [
        "dxtrack.dashboards | dxtrack.outputs | dxtrack.opendata | dxtrack.api",
        "dxtrack.evaluation",
        "dxtrack.reporting",
        "dxtrack.registry",
        "dxtrack.core",
    ]
    forbidden = {c["name"]: c for c in config["contracts"] if c["type"] == "forbidden"}
    assert any("dxtrack.core" in c["source_modules"] for c in forbidden.values())
    assert any(
        "dxtrack.docimport" in c["source_modules"] and "django" in c["forbidden_modules"]
        for c in forbidden.values()
    )


def _function_imports() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        found.add(f"{path.relative_to(ROOT).as_posix()}:{node.name}")
    return found


def test_imports_inside_functions_are_only_the_listed_ones():
    found = _function_imports()
    assert found - FUNCTION_IMPORTS.keys() == set(), "import at the module top, or list it here"
    assert FUNCTION_IMPORTS.keys() - found == set(), "no longer needed: remove it from the list"


def test_no_migration_depends_on_a_higher_app():
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    wrong = []
    for key, node in graph.node_map.items():
        for parent in node.parents:
            app, above = key[0], parent.key[0]
            if app in LAYER and above in LAYER and LAYER[above] > LAYER[app]:
                wrong.append(f"{app}.{key[1]} depends on {above}.{parent.key[1]}")
    assert wrong == []


def test_the_upward_steps_are_registered_at_start_up():
    """Evaluation hears of every write and of accepted values, reporting loads a plan's values
    and shows a target's, evaluation adds statuses and scorecards to the registry's pages: all
    through registrations, never an import from below."""
    assert hooks._accepted, "evaluation registers its incremental update"
    assert freshness._listeners, "evaluation hears of every audited write (its stamp, its sums)"
    assert extensions._contents_loaders, "reporting loads the values a plan reports"
    assert len(extensions._page_providers["target"]) == 2
    assert len(extensions._page_providers["unit"]) == 1


def test_every_app_has_its_layer():
    """A new app is placed in a layer (here and in pyproject.toml) before it lands."""
    apps = {path.parent.name for path in PACKAGE.glob("*/apps.py")}
    assert apps == set(LAYER)
