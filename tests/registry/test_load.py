"""Loading an importer output: idempotent, refused whole when bad, units resolved to today's."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dxtrack.core.models import AuditLog
from dxtrack.registry.demo_data import demo_documents
from dxtrack.registry.models import Goal, Program, Target, Task, TaskUnit, Unit
from dxtrack.registry.resolve import UnitResolver
from dxtrack.registry.services import LoadError, program_load_extraction, program_publish
from dxtrack.reporting.models import Observation
from tests.helpers import DATA_DIR, SAMPLE_PLAN


def load(data=None, **kwargs):
    return program_load_extraction(
        data=copy.deepcopy(data or SAMPLE_PLAN),
        source_text="a\nb\n",
        source_name="sample.json",
        **kwargs,
    )


def counts():
    return (
        Program.objects.count(),
        Goal.objects.count(),
        Target.objects.count(),
        Task.objects.count(),
        Observation.objects.count(),
        AuditLog.objects.count(),
    )


def test_it_loads_goals_targets_tasks_and_observations(db):
    report = load()
    program = report.program
    assert (report.goals, report.targets, report.tasks, report.observations) == (2, 1, 1, 1)
    assert program.status == Program.Status.DRAFT and program.key == "99/KH-UBND"
    target = program.targets.get()
    assert (target.comparator, target.value, target.year, target.scope) == (
        ">",
        80,
        2027,
        "cấp tỉnh",
    )
    assert target.baseline_value == 60 and target.baseline_period == "2024"
    observation = program.observations.get()
    assert observation.state == "accepted" and observation.source_kind == "document"
    assert "dòng 5" in observation.source and observation.period == "2024"
    assert any("không rõ năm" in s for s in report.skipped)


def test_loading_the_same_file_twice_changes_nothing(db):
    load()
    before = counts()
    report = load()
    assert report.unchanged and counts() == before


def test_a_changed_file_replaces_a_draft_programs_content(db):
    load()
    changed = copy.deepcopy(SAMPLE_PLAN)
    changed["tasks"].append(
        {**changed["tasks"][0], "line": 31, "code": "2", "name": "Nhiệm vụ mới"}
    )
    report = load(changed)
    assert not report.created and report.program.tasks.count() == 2
    assert Program.objects.filter(key="99/KH-UBND").count() == 1


def test_it_refuses_to_overwrite_a_published_program(db):
    program = load().program
    program_publish(program=program, acting_user=None)
    changed = copy.deepcopy(SAMPLE_PLAN)
    changed["tasks"][0]["name"] = "Tên khác"
    with pytest.raises(LoadError, match="đã công bố"):
        load(changed)
    assert program.tasks.get().name == "Nâng cấp trung tâm dữ liệu"


@pytest.mark.parametrize(
    "path,value,expected",
    [
        (("targets", 0, "measures", 0, "comparator"), "about", "comparator"),
        (("targets", 0, "measures", 0, "value"), "tám mươi", "value"),
        (("tasks", 0, "end_quarter"), 5, "end_quarter"),
        (("tasks", 0, "budget_vnd"), -1, "budget_vnd"),
        (("tasks", 0, "end_year"), 2020, "năm kết thúc"),
        (("observations", 0, "year"), 3000, "year"),
        (("document", "issued_on"), "15/11/2024", "issued_on"),
    ],
)
def test_a_file_with_an_error_loads_nothing_and_says_where(db, path, value, expected):
    bad = copy.deepcopy(SAMPLE_PLAN)
    node = bad
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    before = counts()
    with pytest.raises(LoadError) as error:
        load(bad)
    assert any(expected in e for e in error.value.errors), error.value.errors
    assert counts() == before


def test_the_load_command_reports_bad_json_with_its_line(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"document": {\n "number": }', encoding="utf-8")
    with pytest.raises(CommandError, match=r"dòng 2, cột"):
        call_command("load", str(path), stdout=StringIO())


def test_the_load_command_lists_each_error(db, tmp_path):
    bad = copy.deepcopy(SAMPLE_PLAN)
    bad["tasks"][0]["end_quarter"] = 7
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load", str(path), stdout=StringIO())
    assert "tasks[0] (dòng 30).end_quarter" in str(error.value)
    assert not Program.objects.filter(key="99/KH-UBND").exists()


def test_agency_names_resolve_through_aliases_and_unknown_ones_are_kept_for_review(db):
    task = load().program.tasks.get()
    lead = task.task_units.get(role=TaskUnit.Role.LEAD)
    assert lead.unit.code == "so-thong-tin-va-truyen-thong"
    assert lead.written_name == "Sở Thông tin và Truyền thông"
    assert [s.code for s in lead.unit.successors.all()] == ["so-khoa-hoc-va-cong-nghe"]
    unknown = Unit.objects.get(name="Ban Quản lý Dự án Ma")
    assert unknown.auto_created and unknown.kind == Unit.Kind.EXTERNAL
    assert task.task_units.filter(unit=unknown, role="coordinator").exists()


def test_loading_writes_one_audit_row_with_the_counts(db):
    load()
    row = AuditLog.objects.filter(action="program.load").latest("id")
    assert row.after["tasks"] == 1 and row.after["targets"] == 1
    assert AuditLog.objects.filter(
        action="unit.auto_create", object_repr="Ban Quản lý Dự án Ma"
    ).exists()


def test_the_five_demo_programs_hold_exactly_what_their_reviewed_extractions_hold(db):
    for entry in demo_documents():
        data = json.loads((DATA_DIR / "extractions" / f"{entry['id']}.json").read_text("utf-8"))
        program = Program.objects.get(
            extraction_sha256__isnull=False, source_name=f"{entry['id']}.json"
        )
        measures = sum(len(t.get("measures") or []) for t in data["targets"])
        # A result of another place loads only when the registry knows that place.
        resolver = UnitResolver.build()
        dated = sum(
            1
            for o in data["observations"]
            if isinstance(o.get("year"), int)
            and (not o.get("place") or resolver.resolve(o["place"]))
        )
        assert (
            program.goals.count(),
            program.targets.count(),
            program.tasks.count(),
            program.observations.count(),
        ) == (len(data["targets"]), measures, len(data["tasks"]), dated), entry["id"]
        assert program.is_published


def test_a_result_of_another_place_goes_to_that_unit_or_is_left_out(db):
    data = copy.deepcopy(SAMPLE_PLAN)
    data["observations"] = [
        {
            **SAMPLE_PLAN["observations"][0],
            "line": 7,
            "value": 7.3,
            "place": "tỉnh Bắc Kạn (trước hợp nhất)",
        },
        {**SAMPLE_PLAN["observations"][0], "line": 8, "value": 71, "place": "Việt Nam"},
        {**SAMPLE_PLAN["observations"][0], "line": 9, "value": 60},
    ]
    report = load(data)
    values = {o.line: (o.unit.code, o.value) for o in report.program.observations.all()}
    assert values == {7: ("06", 7.3), 9: ("19", 60)}
    assert any("Việt Nam" in s for s in report.skipped)
    # The baseline is the province's own value, not the neighbour's.
    assert report.program.targets.get().baseline_value == 60


@pytest.mark.parametrize(
    "written,code",
    [
        ("Sở Khoa học và Công nghệ thực hiện theo quy định", "so-khoa-hoc-va-cong-nghe"),
        ("SỞ Y TẾ.", "so-y-te"),
        ("Sở Y tế tỉnh Thái Nguyên", "so-y-te"),
        ("tỉnh Bắc Kạn (trước hợp nhất)", "06"),
    ],
)
def test_the_resolver_finds_the_agency_a_cell_names(db, written, code):
    assert UnitResolver.build().resolve(written).code == code


def test_the_resolver_does_not_guess_from_a_short_prefix(db):
    assert UnitResolver.build().resolve("Sở Du lịch và Thể thao mới") is None
