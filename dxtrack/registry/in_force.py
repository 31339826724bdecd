"""What counts: the one rule for repealed records and draft amendments (issue 14 follow-up).

A target or task that an amendment repealed (`repealed_by` set) stays in the register with its
values, updates and stored status, and its page still opens with the mark "đã bãi bỏ theo …";
from the moment of repeal it counts nowhere: no new round assignment, no scorecard, ranking,
overview or program count, no report figure or appendix, no open data row, no API list row.

A draft amendment (a `Program` with `amends` set: it is deleted when published, so any such row
is a draft) is reviewed in the workspace only: it is in no program list, headline figure, search
or public page; the coordinator reaches it from the "bản nháp" area and the program it amends.

Every reader filters with these Q objects, so the rule is written once (see decisions.md)."""

from django.db.models import Q

from dxtrack.registry.models import Target, Task


def in_force(prefix: str = "") -> Q:
    """Targets or tasks still in force: `Target.objects.filter(in_force())`, or through a
    relation, `TaskEvaluation.objects.filter(in_force("task__"))`."""
    return Q(**{f"{prefix}repealed_by__isnull": True})


def listed_program(prefix: str = "") -> Q:
    """Programs that are not a draft amendment: `Program.objects.filter(listed_program())`,
    `Target.objects.filter(listed_program("program__"))`."""
    return Q(**{f"{prefix}amends__isnull": True})


def is_in_force(record: Target | Task) -> bool:
    """The same rule on a loaded target or task."""
    return record.repealed_by_id is None
