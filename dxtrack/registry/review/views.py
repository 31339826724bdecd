"""Pages of the review workspace. Each calls `program_for_reviewer` first (403 for anyone but the
coordinator and administrators), reads through selectors and writes through services."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from dxtrack.registry import audit_sentences
from dxtrack.registry.models import Program, TaskUnit, Unit
from dxtrack.registry.review import selectors, services
from dxtrack.registry.review.forms import (
    AgencyMapForm,
    AmendmentForm,
    MetadataForm,
    ObservationAddForm,
    ObservationForm,
    PublishForm,
    TargetAddForm,
    TargetForm,
    TaskForm,
)


def _posted(request: HttpRequest) -> Any:
    """The submitted data on a POST, even an empty one (an unticked confirmation is an answer)."""
    return request.POST if request.method == "POST" else None


def _back(program: Program, anchor: str = "") -> HttpResponse:
    url = reverse("review", args=[program.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], form: Any
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


def _refused(request: HttpRequest, program: Program, error: Exception) -> HttpResponse:
    messages.error(request, str(error))
    return _back(program)


SOURCE_LINE = (
    '<li id="L{0}" role="option" aria-selected="false" data-line="{0}"{2}>'
    '<span class="ln" aria-hidden="true">{0}</span><span class="lt">{1}</span></li>'
)


def _source_items(lines: list[selectors.SourceLine]) -> str:
    """The numbered source lines as list items, built here rather than in a template loop:
    a plan has hundreds to thousands of lines and the page must open in under 300 ms."""
    empty = gettext("Dòng trống")
    return format_html_join(
        "\n",
        SOURCE_LINE,
        (
            (
                line.number,
                line.text or " ",
                "" if line.text.strip() else format_html(' aria-label="{} {}"', empty, line.number),
            )
            for line in lines
        ),
    )


def readable_goal_text(text: str) -> str:
    """A goal as a reader reads it. A goal taken from a table row is stored as the row's markup
    ("- | Diện tích | Ha | 350 | 370"): its cells are shown joined by " · ", without the pipes."""
    stripped = (text or "").strip()
    if stripped.count("|") < 2:
        return text
    cells = [cell.strip() for cell in stripped.lstrip("-*+ ").split("|")]
    return " · ".join(cell for cell in cells if cell and cell not in {"-", "—"})


@login_required
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    space = selectors.workspace(program=program)
    for goal in space.goals:
        goal.readable = readable_goal_text(goal.text)  # type: ignore[attr-defined]  # for the template
    state = selectors.checklist(program=program)
    unresolved = {r.written_name for r in state.unresolved_agencies}
    return render(
        request,
        "registry/review/workspace.html",
        {
            "program": program,
            "space": space,
            "source_items": _source_items(space.lines),
            "state": state,
            "unresolved": unresolved,
            "unnamed": {t.pk for t in state.unnamed_targets},
        },
    )


@login_required
def metadata(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    form = MetadataForm(_posted(request), instance=program)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_metadata_update(
                program=Program.objects.get(pk=program.pk),
                values=form.cleaned_data,
                acting_user=request.user,
            )
        except services.ReviewError as error:
            return _refused(request, program, error)
        messages.success(request, gettext("Đã lưu thông tin văn bản."))
        return _back(program)
    program.refresh_from_db()
    return _form_page(
        request,
        "registry/review/metadata.html",
        {
            "program": program,
            "form": form,
            "head": selectors.span_text(program=program, first=1, last=40),
        },
        form,
    )


def _indicator_choice(data: dict[str, Any]) -> services.IndicatorChoice:
    return services.IndicatorChoice(
        indicator=data.get("indicator"),
        name=data.get("indicator_name") or "",
        create=bool(data.get("new_indicator")),
    )


def _span(request: HttpRequest, program: Program) -> tuple[int, int] | None:
    source = request.POST if request.method == "POST" else request.GET
    return selectors.span_bounds(
        program=program, first=source.get("tu", ""), last=source.get("den", "")
    )


def _excerpt(program: Program, first: int, last: int) -> list[selectors.SourceLine]:
    lines = selectors.source_lines(program=program)
    if not first:
        return []
    return lines[max(first - 3, 0) : min(last + 2, len(lines))]


# -- one record's form: edit, add from a span, delete ---------------------------------------------
# Targets, tasks and results share these steps; each view says only what differs: its form, the
# service that saves, where to go back, and what the page shows about the record.


@dataclass(frozen=True)
class RecordPage:
    template: str
    form_id: str
    done: str  # the success message, already translated
    anchor: Callable[[Any], str]  # where in the workspace to go back to


def _record_form(
    request: HttpRequest,
    program: Program,
    page: RecordPage,
    *,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    first: int,
    last: int,
    context: dict[str, Any],
) -> HttpResponse:
    """Validate and save a record's form (edited or added), or show it beside its lines."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form.cleaned_data)
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, page.done)
            return _back(program, page.anchor(record))
    return _form_page(
        request,
        page.template,
        {
            "program": program,
            "form": form,
            "form_id": page.form_id,
            "first": first,
            "last": last,
            "excerpt": _excerpt(program, first, last),
            **context,
        },
        form,
    )


def _record_edit(
    request: HttpRequest,
    program: Program,
    page: RecordPage,
    *,
    record: Any,
    name: str,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    lines: tuple[int, int],
) -> HttpResponse:
    first, last = lines
    return _record_form(
        request,
        program,
        page,
        form=form,
        save=save,
        first=first,
        last=last,
        # a target's page quotes its goal, readably when the goal is a table row
        context={"record": record, name: record, "goal_text": _goal_text_of(record)},
    )


def _goal_text_of(record: Any) -> str:
    goal = getattr(record, "goal", None)
    return readable_goal_text(goal.text) if goal is not None else ""


def _record_add(
    request: HttpRequest,
    program: Program,
    page: RecordPage,
    *,
    form_class: Any,
    prefill: Callable[..., dict[str, Any]],
    create: Callable[[dict[str, Any], int, int], Any],
) -> HttpResponse:
    """A record the importer missed, from the selected span, prefilled by the importer's rules."""
    span = _span(request, program)
    if span is None:
        messages.error(request, gettext("Hãy chọn đoạn văn bản (từ dòng … đến dòng …) trước."))
        return _back(program)
    first, last = span
    form = form_class(_posted(request), initial=prefill(program=program, first=first, last=last))
    return _record_form(
        request,
        program,
        page,
        form=form,
        save=lambda data: create(data, first, last),
        first=first,
        last=last,
        context={},
    )


def _record_delete(
    request: HttpRequest, program: Program, *, delete: Callable[[], None], done: str, anchor: str
) -> HttpResponse:
    try:
        delete()
    except services.ReviewError as error:
        return _refused(request, program, error)
    messages.success(request, done)
    return _back(program, anchor)


# -- targets -----------------------------------------------------------------------------------------


def _target_page() -> RecordPage:
    return RecordPage(
        template="registry/review/target.html",
        form_id="target-form",
        done=gettext("Đã lưu chỉ tiêu."),
        anchor=lambda target: f"goal-{target.goal_id}",
    )


def _target_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data.get(name) for name in services.TARGET_FIELDS}


@login_required
def target_edit(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    target = selectors.target_of(program=program, pk=target_pk)
    initial = {
        **{name: getattr(target, name) for name in services.TARGET_FIELDS},
        "indicator": target.indicator,
        "indicator_name": target.indicator.name,
    }
    line = target.goal.line or 0
    return _record_edit(
        request,
        program,
        _target_page(),
        record=target,
        name="target",
        form=TargetForm(_posted(request), initial=initial, program=program),
        save=lambda data: services.target_update(
            target=target,
            values=_target_values(data),
            choice=_indicator_choice(data),
            acting_user=request.user,
        ),
        lines=(line, line),
    )


@require_POST
@login_required
def target_delete(request: HttpRequest, pk: int, target_pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    target = selectors.target_of(program=program, pk=target_pk)
    return _record_delete(
        request,
        program,
        delete=lambda: services.target_delete(target=target, acting_user=request.user),
        done=gettext("Đã xoá chỉ tiêu."),
        anchor=f"goal-{target.goal_id}",
    )


@login_required
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    return _record_add(
        request,
        program,
        replace(_target_page(), done=gettext("Đã thêm chỉ tiêu.")),
        form_class=partial(TargetAddForm, program=program),
        prefill=selectors.target_prefill,
        create=lambda data, first, last: services.target_add(
            program=program,
            first=first,
            last=last,
            text=data["text"],
            section=data.get("section") or "",
            values=_target_values(data),
            choice=_indicator_choice(data),
            acting_user=request.user,
        ),
    )


# -- tasks -------------------------------------------------------------------------------------------


def _task_page() -> RecordPage:
    return RecordPage(
        template="registry/review/task.html",
        form_id="task-form",
        done=gettext("Đã lưu nhiệm vụ."),
        anchor=lambda task: f"task-{task.pk}",
    )


def _task_initial(task: Any) -> dict[str, Any]:
    initial = {name: getattr(task, name) for name in services.TASK_FIELDS}
    initial["budget"] = task.budget_vnd
    initial["leads"] = "\n".join(tu.written_name for tu in task.leads())
    initial["coordinators"] = "\n".join(tu.written_name for tu in task.coordinators())
    return initial


def _task_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data.get(name) for name in services.TASK_FIELDS}


@login_required
def task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    task = selectors.task_of(program=program, pk=task_pk)
    line = task.line or 0
    return _record_edit(
        request,
        program,
        _task_page(),
        record=task,
        name="task",
        form=TaskForm(_posted(request), initial=_task_initial(task)),
        save=lambda data: services.task_update(
            task=task,
            values=_task_values(data),
            leads=data["lead_names"],
            coordinators=data["coordinator_names"],
            acting_user=request.user,
        ),
        lines=(line, line + 8),
    )


@require_POST
@login_required
def task_delete(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    task = selectors.task_of(program=program, pk=task_pk)
    return _record_delete(
        request,
        program,
        delete=lambda: services.task_delete(task=task, acting_user=request.user),
        done=gettext("Đã xoá nhiệm vụ."),
        anchor="nhiem-vu",
    )


@login_required
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    return _record_add(
        request,
        program,
        replace(_task_page(), done=gettext("Đã thêm nhiệm vụ.")),
        form_class=TaskForm,
        prefill=selectors.task_prefill,
        create=lambda data, first, last: services.task_add(
            program=program,
            first=first,
            last=last,
            values=_task_values(data),
            leads=data["lead_names"],
            coordinators=data["coordinator_names"],
            acting_user=request.user,
        ),
    )


# -- the results the plan reports ------------------------------------------------------------------


def _observation_page() -> RecordPage:
    return RecordPage(
        template="registry/review/observation.html",
        form_id="observation-form",
        done=gettext("Đã lưu số liệu."),
        anchor=lambda observation: f"obs-{observation.pk}",
    )


def _observation_values(data: dict[str, Any]) -> services.ObservationValues:
    return services.ObservationValues(
        place=data.get("place") or "",
        period=data["period"],
        value=data["value"],
        measure=data.get("measure") or "",
    )


@login_required
def observation_edit(request: HttpRequest, pk: int, obs_pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    observation = selectors.observation_of(program=program, pk=obs_pk)
    initial = {
        "indicator": observation.indicator,
        "indicator_name": observation.indicator.name,
        "place": "" if observation.unit.kind == Unit.Kind.PROVINCE else observation.unit.name,
        "period": observation.period,
        "value": observation.value,
        "measure": observation.indicator.unit,
    }
    line = observation.line or 0
    return _record_edit(
        request,
        program,
        _observation_page(),
        record=observation,
        name="observation",
        form=ObservationForm(_posted(request), initial=initial, program=program),
        save=lambda data: services.observation_update(
            observation=observation,
            values=_observation_values(data),
            choice=_indicator_choice(data),
            acting_user=request.user,
        ),
        lines=(line, line),
    )


@require_POST
@login_required
def observation_delete(request: HttpRequest, pk: int, obs_pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    observation = selectors.observation_of(program=program, pk=obs_pk)
    return _record_delete(
        request,
        program,
        delete=lambda: services.observation_delete(
            observation=observation, acting_user=request.user
        ),
        done=gettext("Đã xoá số liệu."),
        anchor="so-lieu",
    )


@login_required
def observation_add(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    return _record_add(
        request,
        program,
        replace(_observation_page(), done=gettext("Đã thêm số liệu.")),
        form_class=partial(ObservationAddForm, program=program),
        prefill=selectors.observation_prefill,
        create=lambda data, first, last: services.observation_add(
            program=program,
            first=first,
            last=last,
            text=data["text"],
            values=_observation_values(data),
            choice=_indicator_choice(data),
            acting_user=request.user,
        ),
    )


@login_required
def agencies(request: HttpRequest, pk: int) -> HttpResponse:
    """Each name as written, the unit it resolved to (or "chưa xác định"), and for the name being
    mapped a search box over the unit catalogue (accents folded)."""
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    rows = selectors.agency_rows(program=program)
    mapping = request.GET.get("ten", "").strip()[:300]
    query = request.GET.get("q", "").strip()[:200]
    if mapping and not query:
        query = mapping
    candidates = selectors.unit_candidates(query=query) if mapping else []
    form = AgencyMapForm(initial={"written_name": mapping, "save_alias": True})
    split = "; ".join(selectors.agency_parts(name=mapping)) if mapping else ""
    merge = selectors.agency_merge_suggestion(program=program, name=mapping) if mapping else []
    return render(
        request,
        "registry/review/agencies.html",
        {
            "program": program,
            "rows": rows,
            "open": [r for r in rows if not r.resolved],
            "mapping": mapping,
            "query": query,
            "candidates": candidates,
            "form": form,
            "split": split,
            "merge": "; ".join(merge),
            "merged_name": ", ".join(merge),
        },
    )


@require_POST
@login_required
def agency_map(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    form = AgencyMapForm(request.POST)
    url = reverse("review-agencies", args=[program.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(url)
    data = form.cleaned_data
    unit = Unit.objects.filter(pk=data["unit"]).first()
    if unit is None:
        messages.error(request, gettext("Đơn vị: không tìm thấy đơn vị đã chọn."))
        return redirect(url)
    try:
        services.agency_map(
            program=program,
            written_name=data["written_name"],
            unit=unit,
            save_alias=data["save_alias"],
            acting_user=request.user,
        )
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect(url)
    done = gettext("Đã gán “%(name)s” cho %(unit)s.") % {
        "name": data["written_name"],
        "unit": unit.name,
    }
    if data["save_alias"]:
        done += " " + gettext("Tên này đã được lưu làm tên gọi khác của đơn vị.")
    messages.success(request, done)
    return redirect(url)


@require_POST
@login_required
def agency_split(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    name = request.POST.get("written_name", "")[:300]
    parts = request.POST.get("parts", "")[:2000].split(";")
    try:
        services.agency_split(
            program=program, written_name=name, parts=parts, acting_user=request.user
        )
    except services.ReviewError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('review-agencies', args=[program.pk])}?ten={quote(name)}")
    messages.success(
        request,
        gettext("Đã tách “%(name)s” thành: %(parts)s.")
        % {"name": name, "parts": "; ".join(p.strip() for p in parts if p.strip())},
    )
    return redirect("review-agencies", pk=program.pk)


@require_POST
@login_required
def agency_merge(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    names = request.POST.get("names", "")[:2000].split(";")
    merged = request.POST.get("merged_name", "")[:300]
    try:
        count = services.agency_merge(
            program=program, names=names, merged_name=merged, acting_user=request.user
        )
    except services.ReviewError as error:
        messages.error(request, str(error))
        first = names[0].strip() if names else ""
        return redirect(f"{reverse('review-agencies', args=[program.pk])}?ten={quote(first)}")
    messages.success(
        request,
        gettext("Đã ghép thành “%(name)s” trên %(n)s nhiệm vụ.")
        % {"name": " ".join(merged.split()) or ", ".join(n.strip() for n in names), "n": count},
    )
    return redirect("review-agencies", pk=program.pk)


@require_POST
@login_required
def agencies_keep(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    name = request.POST.get("written_name")
    everything = request.POST.get("all") == "1"
    if (
        not everything
        and not TaskUnit.objects.filter(task__program=program, written_name=name or "").exists()
    ):
        messages.error(request, gettext("Không có nhiệm vụ nào ghi tên này."))
    else:
        try:
            count = services.agencies_keep(
                program=program,
                written_name=None if everything else name,
                acting_user=request.user,
            )
        except services.ReviewError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                gettext("Đã giữ %(n)s tên là đơn vị ngoài danh mục.") % {"n": count},
            )
    return redirect("review-agencies", pk=program.pk)


@require_POST
@login_required
def indicators_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    # A list with a box per name (each beside its sentence) sends "per_name" and the ticked
    # "indicator" ids: only those are confirmed, none when none is ticked.
    ticked = (
        {int(i) for i in request.POST.getlist("indicator") if i.isdigit()}
        if "per_name" in request.POST
        else None
    )
    try:
        count = services.indicators_confirm(
            program=program, acting_user=request.user, indicator_ids=ticked
        )
    except services.ReviewError as error:
        return _refused(request, program, error)
    messages.success(request, gettext("Đã xác nhận tên %(n)s chỉ số.") % {"n": count})
    return redirect("review-publish", pk=program.pk)


@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist, then publication after an explicit confirmation. A draft amendment lists
    its changes against the published version, to accept one by one, and publishing it
    amends the published program."""
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    form = PublishForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        acknowledge = form.cleaned_data["acknowledge_budget"]
        try:
            if program.amends_id:
                version = services.amendment_publish(
                    amendment=program,
                    accepted=set(request.POST.getlist("change")),
                    acknowledge_budget=acknowledge,
                    acting_user=request.user,
                )
                messages.success(
                    request,
                    gettext("Đã công bố phiên bản %(n)s của chương trình (%(doc)s).")
                    % {"n": version.number, "doc": version},
                )
                return redirect(reverse("program", args=[version.program_id]) + "#lich-su")
            services.review_publish(
                program=program, acknowledge_budget=acknowledge, acting_user=request.user
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Đã công bố chương trình."))
            return redirect("program", pk=program.pk)
    changes = selectors.amendment_changes(amendment=program)[0] if program.amends_id else []
    return _form_page(
        request,
        "registry/review/publish.html",
        {
            "program": program,
            "state": selectors.checklist(program=program),
            "form": form,
            "changes": changes,
            "history": _review_history(program),
        },
        form,
    )


def _review_history(program: Program) -> list[audit_sentences.AuditSentence]:
    """The review's audit rows as the audit log's sentences; the comment's "Rà soát chương trình
    #id:" prefix (how the rows are found) is left out: the page already names the program."""
    prefix = selectors.review_comment_prefix(program_pk=program.pk)
    rows = [
        replace(s, comment=s.comment.removeprefix(prefix).strip(" :"))
        for s in audit_sentences.sentences(selectors.review_history(program=program), {})
    ]
    if program.amends_id and not program.is_published:
        rows = [_proposed_not_applied(s) for s in rows]
    return rows


def _proposed_not_applied(s: audit_sentences.AuditSentence) -> audit_sentences.AuditSentence:
    """An amendment's document is read into the draft with every change it makes, but nothing
    is applied to the published program before "Công bố bản điều chỉnh": its row says the
    changes are proposed, not "applied" nor "accepted"."""
    if s.row.action != "review.version_accept":
        return s
    after = s.row.after if isinstance(s.row.after, dict) else {}
    n = len(after.get("accepted") or [])
    text = gettext(
        "%(actor)s đã đọc văn bản điều chỉnh %(name)s: đề xuất %(n)s thay đổi, chưa áp dụng "
        "(chọn và công bố ở bước 3)."
    ) % {
        "actor": s.row.actor_name or gettext("hệ thống"),
        "name": after.get("source_name") or "",
        "n": n,
    }
    return replace(s, text=text, changes=[], comment="")


@login_required
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    """“Điều chỉnh chương trình”: the coordinator uploads the amending document of a published
    program; it becomes a draft amendment reviewed in the workspace."""
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    form = AmendmentForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            amendment = services.amendment_start(
                program=program,
                uploaded=data.get("document"),
                max_bytes=settings.PLAN_UPLOAD_MAX_BYTES,
                document_number=data.get("document_number") or "",
                document_date=data.get("document_date"),
                acting_user=request.user,
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                gettext(
                    "Đã đọc văn bản điều chỉnh: rà soát bản điều chỉnh, rồi chọn các thay đổi "
                    "và công bố."
                )
                if data.get("document")
                else gettext(
                    "Đã tạo bản điều chỉnh từ chương trình: sửa trực tiếp, rồi chọn các thay đổi "
                    "và công bố."
                ),
            )
            return redirect("review", pk=amendment.pk)
    return _form_page(
        request,
        "registry/review/amend.html",
        {
            "program": program,
            "form": form,
            "open_amendment": selectors.amendment_of(program=program),
            "versions": program.versions.select_related("created_by"),
            "max_mb": settings.PLAN_UPLOAD_MAX_BYTES // 1048576,
        },
        form,
    )


@require_POST
@login_required
def amendment_discard(request: HttpRequest, pk: int) -> HttpResponse:
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    try:
        published = services.amendment_discard(amendment=program, acting_user=request.user)
    except services.ReviewError as error:
        return _refused(request, program, error)
    messages.success(request, gettext("Đã bỏ bản điều chỉnh; chương trình giữ nguyên."))
    return redirect("program", pk=published.pk)


@login_required
def version(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of the plan (amended or corrected): upload it, see what it adds, removes
    and modifies, accept the changes one by one; records that still match keep the edits."""
    program = selectors.program_for_reviewer(user=request.user, pk=pk)
    here = reverse("review-version", args=[program.pk])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "upload":
                uploaded = request.FILES.get("document")
                if uploaded is None:
                    raise services.ReviewError(
                        gettext("Hãy chọn tệp văn bản (.docx, .pdf có lớp chữ, .txt hoặc .md).")
                    )
                services.version_upload(
                    program=program,
                    uploaded=uploaded,
                    max_bytes=settings.PLAN_UPLOAD_MAX_BYTES,
                    acting_user=request.user,
                )
            elif action == "accept":
                count = services.version_accept(
                    program=program,
                    accepted=set(request.POST.getlist("change")),
                    acting_user=request.user,
                )
                messages.success(
                    request,
                    gettext("Đã nạp phiên bản mới, chấp nhận %(n)s thay đổi.") % {"n": count},
                )
                return _back(program)
            elif action == "discard":
                services.version_discard(program=program, acting_user=request.user)
                messages.success(request, gettext("Đã bỏ phiên bản mới."))
        except services.ReviewError as error:
            messages.error(request, str(error))
        return redirect(here)
    pending = services.version_pending(program=program)
    changes = (
        selectors.version_changes(program=program, new_data=pending["data"])[0] if pending else []
    )
    return render(
        request,
        "registry/review/version.html",
        {
            "program": program,
            "pending": pending,
            "changes": changes,
            "max_mb": settings.PLAN_UPLOAD_MAX_BYTES // 1048576,
        },
    )
