"""Registry pages: programs, targets, units, search, audit log. Each view calls its access helper first."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from dxtrack.core import permissions
from dxtrack.registry import audit_sentences, search_index, selectors, services
from dxtrack.registry.extensions import page_cache_key, page_parts
from dxtrack.registry.forms import ResponsibilityForm
from dxtrack.registry.in_force import in_force, is_in_force
from dxtrack.registry.models import Indicator, IndicatorResponsibility, Unit
from dxtrack.registry.resolve import unit_current

PAGE_CACHE_SECONDS = 600  # as the dashboards' (evaluation.selectors.CACHE_SECONDS)


def home(request):
    programs = selectors.programs_visible_to(user=request.user).order_by("-issued_on")
    return render(request, "registry/home.html", {"programs": programs})


def program_detail(request, pk: int):
    """The program's goals, targets and tasks. The body (the page's ``content`` block) is
    rendered once per state of the data and cached under a key every audited write makes
    obsolete (`extensions.page_cache_key`: evaluation's stamp), per language and per whether
    the reader manages the registry (the review and publish buttons); access is checked first,
    on every request."""
    program = selectors.program_for_user(user=request.user, pk=pk)
    can_manage = permissions.can_manage_registry(request.user)
    key = page_cache_key(parts=("registry-program", program.pk, can_manage, get_language()))
    body = cache.get(key) if key else None
    if body is None:
        body = _block_render(
            request, "registry/program.html", "content", _program_context(program, can_manage)
        )
        if key:
            cache.set(key, body, PAGE_CACHE_SECONDS)
    return render(
        request, "registry/program_cached.html", {"program": program, "body": mark_safe(body)}
    )


def _program_context(program, can_manage: bool) -> dict:
    # Every record is listed, a repealed one with its mark; counts and the budget are of the
    # records in force (`in_force`).
    tasks = list(selectors.tasks_with_units(queryset=program.tasks.select_related("repealed_by")))
    tasks_in_force = [t for t in tasks if is_in_force(t)]
    total, budget_lines = selectors.task_budget(tasks=tasks_in_force)
    return {
        "program": program,
        "sections": selectors.goals_by_section(program=program),
        "task_groups": selectors.task_groups(tasks=tasks),
        "n_tasks": len(tasks_in_force),
        "n_targets": program.targets.filter(in_force()).count(),
        "amendment": selectors.open_amendment(program=program) if can_manage else None,
        "budget_total": total,
        "budget_lines": budget_lines,
        "stated_parts": selectors.stated_budget_parts(program=program),
        "can_manage": can_manage,
    }


def _block_render(request, template_name: str, block: str, context: dict) -> str:
    """One block of a template rendered alone, with the request's context processors."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    node = next(n for n in template.nodelist.get_nodes_by_type(BlockNode) if n.name == block)
    bound = make_context(context, request)
    with bound.bind_template(template):
        return str(node.nodelist.render(bound))


@login_required
def program_import(request):
    """The coordinator uploads a plan; it becomes a draft program to review, then publish."""
    permissions.require(permissions.can_manage_registry(request.user))
    error, errors = None, []
    if request.method == "POST":
        uploaded = request.FILES.get("document")
        if uploaded is None:
            error = gettext("Hãy chọn tệp văn bản (.docx, .pdf, .txt, .md).")
        else:
            try:
                report = services.program_import_document(
                    uploaded=uploaded,
                    acting_user=request.user,
                    max_bytes=settings.PLAN_UPLOAD_MAX_BYTES,
                )
            except services.LoadError as failure:
                error, errors = str(failure), failure.errors
            else:
                messages.success(request, _import_summary(report))
                return redirect("program", pk=report.program.pk)
    return render(
        request,
        "registry/import.html",
        {
            "error": error,
            "errors": errors,
            "max_mb": settings.PLAN_UPLOAD_MAX_BYTES // 1048576,
        },
        status=400 if error else 200,
    )


def _import_summary(report) -> str:
    if report.unchanged:
        return gettext("%(program)s: văn bản này đã được nạp, không có gì thay đổi.") % {
            "program": report.program
        }
    return gettext(
        "Đã trích xuất %(program)s: %(goals)s mục tiêu, %(targets)s chỉ tiêu, "
        "%(tasks)s nhiệm vụ, %(observations)s số liệu. Hãy rà soát rồi công bố."
    ) % {
        "program": report.program,
        "goals": report.goals,
        "targets": report.targets,
        "tasks": report.tasks,
        "observations": report.observations,
    }


@require_POST
@login_required
def program_publish(request, pk: int):
    program = selectors.program_for_user(user=request.user, pk=pk)
    permissions.require(permissions.can_manage_registry(request.user))
    services.program_publish(program=program, acting_user=request.user)
    messages.success(request, gettext("Đã công bố chương trình."))
    return redirect("program", pk=program.pk)


def target_detail(request, pk: int):
    target = selectors.target_for_user(user=request.user, pk=pk)
    return render(
        request,
        "registry/target.html",
        {
            "target": target,
            "program": target.program,
            "source_line": target.program.source_line(target.goal.line or 0),
            **page_parts(page="target", target=target, user=request.user),
        },
    )


def unit_list(request):
    return render(request, "registry/units.html", {"groups": selectors.units_by_kind()})


def unit_detail(request, code: str):
    unit = selectors.unit_for_code(code=code)
    lead, coordinate = selectors.unit_tasks(user=request.user, unit=unit)
    now = unit_current(unit)
    return render(
        request,
        "registry/unit.html",
        {
            "unit": unit,
            "now_units": [u for u in now if u.pk != unit.pk],
            "predecessors": [u for u in selectors.unit_family(unit=unit) if u.pk != unit.pk],
            "lead_tasks": lead,
            "coordinated_tasks": coordinate,
            "targets": selectors.unit_targets(user=request.user, unit=unit),
            **page_parts(page="unit", unit=unit, user=request.user),
        },
    )


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = search_index.search(user=request.user, query=query) if query else None
    return render(request, "registry/search.html", {"q": query, "results": results})


@login_required
def audit_log(request):
    """The audit log as sentences, filtered by unit, kind of object, kind of action, actor and
    text; ``action`` may also be an action code's beginning ("program.publish") for links."""
    keys = ("unit", "object", "verb", "action", "text", "actor")
    filters = {key: request.GET.get(key, "").strip()[:100] for key in keys}
    rows = selectors.audit_rows(
        user=request.user, action=filters["action"], text=filters["text"], actor=filters["actor"]
    )
    rows = audit_sentences.narrow(
        rows, unit_code=filters["unit"], object_kind=filters["object"], action=filters["verb"]
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    unit_codes = {row.unit_code for row in page.object_list if row.unit_code}
    names = dict(Unit.objects.filter(code__in=unit_codes).values_list("code", "name"))
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "registry/audit.html",
        {
            "page": page,
            "rows": audit_sentences.sentences(page.object_list, names),
            "filters": filters,
            "query": query,
            "unit_groups": selectors.units_by_kind(),
            "object_choices": audit_sentences.OBJECT_CHOICES,
            "action_choices": [(k, label) for k, label, _ in audit_sentences.ACTION_CHOICES],
        },
    )


@login_required
def indicator_responsibility(request, pk: int):
    """The coordinator names who reports an indicator (lead and contributing units or groups)."""
    permissions.require(permissions.can_manage_registry(request.user))
    indicator = get_object_or_404(Indicator, pk=pk)
    rows = selectors.indicator_responsibilities(indicator=indicator)
    if request.method == "POST":
        form = ResponsibilityForm(request.POST)
        if form.is_valid():
            lead, contributing = (
                IndicatorResponsibility.Role.LEAD,
                IndicatorResponsibility.Role.CONTRIBUTING,
            )
            data = form.cleaned_data
            new_rows = (
                [services.ResponsibilityRow(role=lead, unit=u) for u in data["lead_units"]]
                + [services.ResponsibilityRow(role=lead, group=g) for g in data["lead_groups"]]
                + [
                    services.ResponsibilityRow(role=contributing, unit=u)
                    for u in data["contributing_units"]
                ]
                + [
                    services.ResponsibilityRow(role=contributing, group=g)
                    for g in data["contributing_groups"]
                ]
            )
            try:
                services.indicator_responsibilities_set(
                    indicator=indicator,
                    rows=new_rows,
                    acting_user=request.user,
                    comment=data["comment"],
                )
            except services.ResponsibilityError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, gettext("Đã lưu trách nhiệm báo cáo của chỉ số."))
                return redirect("dashboard-indicator", pk=indicator.pk)
    else:
        form = ResponsibilityForm(initial=ResponsibilityForm.initial_for(rows))
    return render(
        request,
        "registry/responsibility.html",
        {"indicator": indicator, "rows": rows, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
