"""Reporting pages. Every view calls its access helper (selectors.*_for_user) first."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dxtrack.core import permissions
from dxtrack.core.models import ReviewState
from dxtrack.core.numbers import group_digits
from dxtrack.registry.models import Indicator, Task, Unit
from dxtrack.reporting import excel, forms, jobs, round_page, rules, selectors, services
from dxtrack.reporting.models import (
    Assignment,
    IndicatorProfile,
    Notice,
    Observation,
    TaskUpdate,
)
from dxtrack.reporting.workflow import APPROVER_ONLY, EDITABLE


def _apply_errors(form, exc: services.ReportingError) -> None:
    placed = False
    for field, msgs in exc.errors.items():
        for msg in msgs:
            if field in form.fields:
                form.add_error(field, msg)
                placed = True
            else:
                form.add_error(None, msg)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


def _error_text(exc: services.ReportingError) -> str:
    """The error and its details as one message, each sentence once (the message is often
    also the detail of its field)."""
    parts = [str(exc.message), *(str(m) for ms in exc.errors.values() for m in ms)]
    return " ".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def _require_staff(user) -> None:
    permissions.require(
        selectors.can_follow_rounds(user=user),
        _("Chỉ cơ quan điều phối và lãnh đạo xem được trang này."),
    )


def _require_reviewer(user) -> None:
    permissions.require(
        permissions.can_review_rounds(user), _("Chỉ cơ quan điều phối được thực hiện thao tác này.")
    )


# -- overview --------------------------------------------------------------------------------


@login_required
def index(request):
    role = permissions.role_of(request.user)
    if role == permissions.PUBLIC:
        raise PermissionDenied(_("Tài khoản chưa được phân vai trò báo cáo."))
    rounds = list(selectors.rounds_for_user(user=request.user))
    unit = permissions.unit_of(request.user)
    progress = {}
    if unit is not None:
        for rnd in rounds:
            progress[rnd.pk] = selectors.completeness(rnd=rnd, units=[unit]).get(unit.pk)
    notices = Notice.objects.filter(user=request.user, read_at__isnull=True)[:20]
    return render(
        request,
        "reporting/index.html",
        {
            "rounds": [(rnd, progress.get(rnd.pk)) for rnd in rounds],
            "unit": unit,
            "notices": notices,
            "can_review": permissions.can_review_rounds(request.user),
        },
    )


@require_POST
@login_required
def notice_read(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    services.notice_read(acting_user=request.user, notice=notice)
    return redirect(notice.url or "reporting:index")


def rules_page(request):
    """The validation rules as data (every logged-in role may read them)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    profiles = IndicatorProfile.objects.select_related("indicator").order_by("indicator__name")
    measures = [
        (code, label, rules._MEASURES[code]) for code, label in rules.MEASURE_LABELS.items()
    ]
    return render(
        request,
        "reporting/rules.html",
        {
            "rules": rules.RULES,
            "profiles": profiles,
            "measures": measures,
            "threshold": rules.OUTLIER_MZ_THRESHOLD,
            "min_history": rules.OUTLIER_MIN_HISTORY,
        },
    )


# -- rounds (coordinator) -------------------------------------------------------------------------


@login_required
def round_create(request):
    """The coordinator asks for a round; it is created in the background (reporting/jobs.py)
    and the job's page follows it, so the request returns at once at province scale."""
    _require_reviewer(request.user)
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.round_job_enqueue(
                acting_user=request.user,
                programs=form.cleaned_data["programs"],
                period=form.cleaned_data["period"],
                working_days=form.cleaned_data["working_days"],
                title=form.cleaned_data["title"],
            )
        except services.ReportingError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("reporting:round-job", pk=job.pk)
    return render(
        request, "reporting/round_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def round_job(request, pk: int):
    """Where a round being created is: waiting, being created (the page refreshes itself),
    created (a link to the round, and a redirect when asked with ?di=1), or failed (why)."""
    _require_reviewer(request.user)
    job = get_object_or_404(jobs.RoundJob.objects.select_related("round"), pk=pk)
    if job.state == jobs.RoundJob.State.DONE and job.round_id and request.GET.get("di"):
        return redirect("reporting:round", pk=job.round_id)
    waiting_before = (
        jobs.RoundJob.objects.filter(
            state=jobs.RoundJob.State.WAITING, created_at__lt=job.created_at
        ).count()
        if job.state == jobs.RoundJob.State.WAITING
        else 0
    )
    return render(
        request,
        "reporting/round_job.html",
        {
            "job": job,
            "programs": list(job.programs.only("kind", "number", "title")),
            "waiting_before": waiting_before,
            "n_assignments": job.round.assignments.count() if job.round else 0,
        },
    )


def _summary_rows(summary: list[round_page.UnitSummary], filters: round_page.RoundFilters):
    """The per-unit summary's rows. Made here with format_html_join: ~120 units rendered by
    template tags were half of the round page's time."""
    query = f"&state={filters.state}&kind={filters.kind}#phan-cong"
    return format_html_join(
        "\n",
        '<tr data-unit="{}"{}><th scope="row"><a href="?unit={}{}">{}</a></th>'
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
        '<td class="num">{}</td><td class="num">{}</td></tr>',
        (
            (
                s.code,
                mark_safe(' class="current"') if s.code == filters.unit else "",
                s.code,
                query,
                s.name,
                group_digits(str(s.expected)),
                group_digits(str(s.sent)),
                group_digits(str(s.accepted)),
                group_digits(str(s.returned)),
                group_digits(str(s.missing)),
            )
            for s in summary
        ),
    )


@login_required
def round_detail(request, pk: int):
    """The round at province scale: its facts, a per-unit summary, then one page of its
    assignments filtered by unit, state and kind (reporting/round_page.py)."""
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    unit = permissions.unit_of(request.user)
    if unit is not None:
        return redirect("reporting:workspace", pk=rnd.pk, code=unit.code)
    _require_staff(request.user)
    filters = round_page.RoundFilters.from_query(request.GET)
    page = round_page.assignments_page(rnd=rnd, filters=filters, page=request.GET.get("trang"))
    # Links and labels of the page's rows made once here, not by 2 {% url %} and an include a
    # row in the template (they were most of the page's time).
    workspace = reverse("reporting:workspace", args=[rnd.pk, "_"])[:-2]
    remove = reverse("reporting:assignment-remove", args=[rnd.pk, 0]).replace("/0/", "/{}/")
    labels = dict(round_page.STATE_CHOICES)
    for a in page.object_list:
        a.workspace_url = f"{workspace}{a.unit.code}/"
        a.remove_url = remove.format(a.pk)
        a.state_label = labels.get(a.item_state, "")
    summary = round_page.unit_summary(rnd=rnd)
    return render(
        request,
        "reporting/round.html",
        {
            "round": rnd,
            "page": page,
            "filters": filters,
            "filter_query": filters.query(),
            "programs": list(rnd.programs.only("kind", "number", "title")),
            "summary": summary,
            "summary_rows": _summary_rows(summary, filters),
            "totals": {
                "expected": sum(s.expected for s in summary),
                "sent": sum(s.sent for s in summary),
                "accepted": sum(s.accepted for s in summary),
                "complete_units": sum(1 for s in summary if not s.missing),
                "units": len(summary),
            },
            "n_assignments": Assignment.objects.filter(round=rnd).count(),
            "units": round_page.round_units(rnd=rnd),
            "state_choices": round_page.STATE_CHOICES,
            "kind_choices": Assignment.Kind.choices,
            "can_review": permissions.can_review_rounds(request.user),
            "assignment_form": forms.AssignmentForm(),
            "reopen_form": forms.ReopenForm(),
        },
    )


@require_POST
@login_required
def round_assignment_add(request, pk: int):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    _require_reviewer(request.user)
    form = forms.AssignmentForm(request.POST)
    if form.is_valid():
        unit = Unit.objects.filter(code=form.cleaned_data["unit"].strip()).first()
        item = form.cleaned_data["item"].strip().upper()
        indicator = task = None
        if item.startswith("I-") and item[2:].isdigit():
            indicator = Indicator.objects.filter(pk=int(item[2:])).first()
        elif item.startswith("T-") and item[2:].isdigit():
            task = Task.objects.filter(pk=int(item[2:])).first()
        if unit is None:
            messages.error(request, _("Không có đơn vị mã “%s”.") % form.cleaned_data["unit"])
        elif indicator is None and task is None:
            messages.error(
                request, _("Mục “%s” không hợp lệ: dùng I-<số chỉ số> hoặc T-<số nhiệm vụ>.") % item
            )
        else:
            try:
                services.assignment_add(
                    acting_user=request.user,
                    rnd=rnd,
                    unit=unit,
                    kind="indicator" if indicator else "task",
                    role=form.cleaned_data["role"],
                    indicator=indicator,
                    task=task,
                )
                messages.success(request, _("Đã thêm phân công cho %s.") % unit.name)
            except services.ReportingError as exc:
                messages.error(request, exc.message)
    else:
        messages.error(request, _("Phân công chưa hợp lệ: cần mã đơn vị và mục."))
    return redirect("reporting:round", pk=rnd.pk)


@require_POST
@login_required
def round_assignment_remove(request, pk: int, aid: int):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    _require_reviewer(request.user)
    assignment = get_object_or_404(
        Assignment.objects.select_related("round", "unit"), pk=aid, round=rnd
    )
    try:
        services.assignment_remove(acting_user=request.user, assignment=assignment)
        messages.success(request, _("Đã bỏ phân công."))
    except services.ReportingError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:round", pk=rnd.pk)


@require_POST
@login_required
def round_transition(request, pk: int, action: str):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    _require_reviewer(request.user)
    try:
        if action == "mo":
            services.round_open(acting_user=request.user, rnd=rnd)
            messages.success(request, _("Đã mở kỳ báo cáo: các đơn vị bắt đầu nhập số liệu."))
        elif action == "khoa":
            services.round_close(acting_user=request.user, rnd=rnd)
            messages.success(request, _("Đã khoá kỳ báo cáo: số liệu không thể thay đổi."))
        elif action == "mo-lai":
            services.round_reopen(
                acting_user=request.user, rnd=rnd, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã mở lại kỳ báo cáo (đã ghi nhật ký)."))
        else:
            raise Http404
    except services.ReportingError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:round", pk=rnd.pk)


@login_required
def round_status(request, pk: int):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    _require_staff(request.user)
    table = selectors.completeness(rnd=rnd)
    rows = [(s, s.status(rnd), s.status_label(rnd)) for s in table.values()]
    return render(
        request,
        "reporting/status.html",
        {"round": rnd, "rows": rows, "totals": selectors.completeness_totals(table=table)},
    )


@login_required
def round_review(request, pk: int):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    _require_staff(request.user)
    filters = selectors.ReviewFilters.from_query(request.GET)
    values, updates = selectors.round_items(
        rnd=rnd,
        filters=filters,
        value_page=request.GET.get("trang"),
        task_page=request.GET.get("trang_tien_do"),
    )
    return render(
        request,
        "reporting/review.html",
        {
            "round": rnd,
            "values_page": values,
            "updates_page": updates,
            "show_values": values is not None,
            "show_updates": updates is not None,
            "observations": values.object_list if values is not None else [],
            "updates": updates.object_list if updates is not None else [],
            "filters": filters,
            "filter_query": filters.query(),
            "units": selectors.review_units(rnd=rnd),
            "state_choices": [(s, ReviewState(s).label) for s in selectors.REVIEW_STATES],
            "kind_choices": Assignment.Kind.choices,
            "can_review": permissions.can_review_rounds(request.user),
        },
    )


def _safe_next(request, default: str) -> str:
    """The form's `next` if it is a page of this site (never `//other.host/…` or another
    scheme: an open redirect), else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@login_required
def item_review(request, kind: str, pk: int):
    item = (
        selectors.observation_for_user(user=request.user, pk=pk)
        if kind == "so-lieu"
        else selectors.task_update_for_user(user=request.user, pk=pk)
    )
    _require_reviewer(request.user)
    form = forms.ReviewForm(request.POST)
    back = _safe_next(request, reverse("reporting:review", args=[item.round_id]))
    if not form.is_valid():
        messages.error(request, _("Quyết định duyệt không hợp lệ."))
        return redirect(back)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.item_accept(
                acting_user=request.user,
                item=item,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
            messages.success(request, _("Đã chấp nhận: %s") % selectors.item_label(item=item)[:160])
        else:
            services.item_return(
                acting_user=request.user,
                item=item,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
            messages.success(
                request, _("Đã trả lại kèm nhận xét: %s") % selectors.item_label(item=item)[:160]
            )
    except services.ReportingError as exc:
        messages.error(request, _error_text(exc))
    return redirect(back)


# -- the unit's workspace -----------------------------------------------------------------------------


@login_required
def workspace(request, pk: int, code: str):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    unit = selectors.unit_for_user(user=request.user, rnd=rnd, code=code)
    rows = selectors.workspace_rows(rnd=rnd, unit=unit)
    status = selectors.completeness(rnd=rnd, units=[unit]).get(unit.pk)
    can_write = permissions.can_report_for(request.user, unit) and rnd.is_open
    is_approver = permissions.can_approve_for(request.user, unit)
    return render(
        request,
        "reporting/workspace.html",
        {
            "round": rnd,
            "unit": unit,
            "values": [r for r in rows if r.assignment.kind == "indicator"],
            "tasks": [r for r in rows if r.assignment.kind == "task"],
            "status": status,
            "can_write": can_write,
            "can_review": permissions.can_review_rounds(request.user),
            "submittable": sum(1 for r in rows if r.item is not None and r.item.state in EDITABLE),
            # The unit's own sign-off: does a reporter's send wait for the unit's leader?
            "approval_required": services.unit_approval_required(unit=unit),
            "is_approver": is_approver,
            "can_approve": is_approver and rnd.is_open,
            "pending": [r for r in rows if r.state == ReviewState.PENDING_APPROVAL],
        },
    )


@require_POST
@login_required
def workspace_submit(request, pk: int, code: str):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    unit = selectors.unit_for_user(user=request.user, rnd=rnd, code=code, write=True)
    try:
        to = services.sent_state(acting_user=request.user, unit=unit)
        sent, problems = services.unit_submit_all(acting_user=request.user, rnd=rnd, unit=unit)
    except services.ReportingError as exc:
        messages.error(request, exc.message)
    else:
        if sent and to == ReviewState.PENDING_APPROVAL:
            messages.success(request, _("Đã gửi %d mục để lãnh đạo đơn vị duyệt.") % sent)
        elif sent:
            messages.success(request, _("Đã gửi %d mục để cơ quan điều phối duyệt.") % sent)
        for problem in problems:
            messages.error(request, _("Chưa gửi được — %s") % problem)
        if not sent and not problems:
            messages.info(request, _("Không có mục nào đang chờ gửi."))
    return redirect("reporting:workspace", pk=rnd.pk, code=unit.code)


@require_POST
@login_required
def workspace_approve_all(request, pk: int, code: str):
    """The unit's leader approves every item waiting for them and sends it to the coordinator."""
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    unit = selectors.unit_for_user(user=request.user, rnd=rnd, code=code, write=True)
    permissions.require(permissions.can_approve_for(request.user, unit), str(APPROVER_ONLY))
    try:
        approved, problems = services.unit_approve_all(acting_user=request.user, rnd=rnd, unit=unit)
    except services.ReportingError as exc:
        messages.error(request, exc.message)
    else:
        if approved:
            messages.success(
                request, _("Đã duyệt và gửi %d mục tới Sở Khoa học và Công nghệ.") % approved
            )
        for problem in problems:
            messages.error(request, _("Chưa duyệt được — %s") % problem)
        if not approved and not problems:
            messages.info(request, _("Không có mục nào đang chờ duyệt."))
    return redirect("reporting:workspace", pk=rnd.pk, code=unit.code)


@require_POST
@login_required
def item_unit_decision(request, kind: str, pk: int):
    """The unit's leader on one pending item: approve (→ the coordinator) or return to the reporter."""
    if kind not in ("so-lieu", "tien-do"):
        raise Http404
    item = (
        selectors.observation_for_user(user=request.user, pk=pk)
        if kind == "so-lieu"
        else selectors.task_update_for_user(user=request.user, pk=pk)
    )
    permissions.require(permissions.can_approve_for(request.user, item.unit), str(APPROVER_ONLY))
    form = forms.UnitDecisionForm(request.POST)
    back = _safe_next(
        request,
        reverse("reporting:workspace", args=[item.round_id, item.unit.code])
        if item.round_id
        else reverse("reporting:index"),
    )
    if not form.is_valid():
        messages.error(request, _("Quyết định duyệt không hợp lệ."))
        return redirect(back)
    try:
        if form.cleaned_data["decision"] == "approve":
            services.item_approve(
                acting_user=request.user,
                item=item,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
            messages.success(
                request, _("Đã duyệt, gửi Sở KH&CN: %s") % selectors.item_label(item=item)[:160]
            )
        else:
            services.item_return_to_reporter(
                acting_user=request.user,
                item=item,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
            messages.success(
                request,
                _("Đã trả lại cán bộ kèm ý kiến: %s") % selectors.item_label(item=item)[:160],
            )
    except services.ReportingError as exc:
        messages.error(request, _error_text(exc))
    return redirect(back)


def _sent_message(item, value: bool) -> str:
    if item.state == ReviewState.PENDING_APPROVAL:
        return (
            _("Đã gửi số liệu để lãnh đạo đơn vị duyệt.")
            if value
            else _("Đã gửi báo cáo tiến độ để lãnh đạo đơn vị duyệt.")
        )
    return _("Đã gửi số liệu.") if value else _("Đã gửi báo cáo tiến độ.")


def _item_page(request, rnd, assignment, item, form, template, extra=None, status=200):
    unit = assignment.unit
    context = {
        "round": rnd,
        "unit": unit,
        "assignment": assignment,
        "item": item,
        "form": form,
        "can_write": (
            permissions.can_report_for(request.user, unit)
            and rnd.is_open
            and (item is None or item.state in EDITABLE)
        ),
        "can_review": permissions.can_review_rounds(request.user)
        and item is not None
        and item.state == ReviewState.SUBMITTED
        and rnd.is_open,
        "history": selectors.history_of(item=item) if item is not None else [],
        "evidence": list(item.evidence.all()) if item is not None else [],
        "evidence_form": forms.EvidenceForm(),
        "review_form": forms.ReviewForm(),
        "review_kind": "so-lieu" if assignment.kind == "indicator" else "tien-do",
        "can_approve": (
            permissions.can_approve_for(request.user, unit)
            and item is not None
            and item.state == ReviewState.PENDING_APPROVAL
            and rnd.is_open
        ),
        "send_label": (
            _("Lưu và gửi lãnh đạo duyệt")
            if services.sent_state(acting_user=request.user, unit=unit)
            == ReviewState.PENDING_APPROVAL
            else _("Lưu và gửi")
        )
        if permissions.can_report_for(request.user, unit)
        else "",
    }
    context.update(extra or {})
    return render(request, template, context, status=status)


def _evidence_post(request, item):
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chọn một tệp minh chứng."))
        return
    upload = form.cleaned_data["file"]
    if upload.size > services.settings_evidence_max():
        messages.error(request, _("Tệp quá lớn."))
        return
    try:
        services.evidence_attach(
            acting_user=request.user, item=item, name=upload.name, content=upload.read()
        )
        messages.success(request, _("Đã đính kèm minh chứng “%s”.") % upload.name)
    except services.ReportingError as exc:
        messages.error(
            request, " ".join(m for ms in exc.errors.values() for m in ms) or exc.message
        )


@login_required
def value_edit(request, pk: int, code: str, indicator_id: int):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    writing = request.method == "POST"
    assignment = selectors.assignment_for_user(
        user=request.user,
        rnd=rnd,
        code=code,
        kind="indicator",
        item_pk=indicator_id,
        write=writing,
    )
    unit, indicator = assignment.unit, cast(Indicator, assignment.indicator)
    item = selectors.reported_observation(indicator=indicator, unit=unit, period=rnd.period)
    status = 200
    if writing and request.POST.get("action") == "evidence":
        if item is None:
            messages.error(request, _("Lưu nháp số liệu trước khi đính kèm minh chứng."))
        else:
            _evidence_post(request, item)
        return redirect(request.path)
    if writing:
        form = forms.ValueForm(request.POST)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                saved = services.observation_save(
                    acting_user=request.user,
                    assignment=assignment,
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                    version=form.cleaned_data["version"] if item else None,
                    submit=submit,
                )
            except (services.StaleVersion, services.Locked) as exc:
                form.add_error(None, exc.message)
                status = 409
            except services.ReportingError as exc:
                _apply_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request, _sent_message(saved, True) if submit else _("Đã lưu nháp số liệu.")
                )
                return redirect(request.path)
        else:
            status = 400
    else:
        form = forms.ValueForm(
            initial={
                "value": _plain(item.value) if item else "",
                "note": item.note if item else "",
                "version": item.version if item else 0,
            }
        )
    programs = list(rnd.programs.all())
    profile = selectors.indicator_profile(indicator=indicator)
    return _item_page(
        request,
        rnd,
        assignment,
        item,
        form,
        "reporting/value.html",
        {
            "indicator": indicator,
            "profile": profile,
            "measure_label": rules.MEASURE_LABELS.get(profile.measure, profile.measure),
            "previous": selectors.previous_values(
                indicator=indicator, unit=unit, period=rnd.period
            ),
            "targets": selectors.targets_of(indicator=indicator, programs=programs),
        },
        status=status,
    )


def _plain(value) -> str:
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@login_required
def task_edit(request, pk: int, code: str, task_id: int):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    writing = request.method == "POST"
    assignment = selectors.assignment_for_user(
        user=request.user, rnd=rnd, code=code, kind="task", item_pk=task_id, write=writing
    )
    unit = assignment.unit
    item = TaskUpdate.objects.filter(task=assignment.task, unit=unit, period=rnd.period).first()
    status = 200
    if writing and request.POST.get("action") == "evidence":
        if item is None:
            messages.error(request, _("Lưu nháp báo cáo trước khi đính kèm minh chứng."))
        else:
            _evidence_post(request, item)
        return redirect(request.path)
    if writing:
        form = forms.TaskUpdateForm(request.POST)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            data = services.TaskUpdateData(
                progress=form.cleaned_data["progress"],
                percent_done=form.cleaned_data["percent_done"],
                narrative=form.cleaned_data["narrative"],
                difficulties=form.cleaned_data["difficulties"],
                proposals=form.cleaned_data["proposals"],
                expected_completion=form.cleaned_data["expected_completion"],
                completed_on=form.cleaned_data["completed_on"],
                disbursed=form.cleaned_data["disbursed"],
                note=item.note if item else "",
            )
            try:
                saved = services.task_update_save(
                    acting_user=request.user,
                    assignment=assignment,
                    data=data,
                    version=form.cleaned_data["version"] if item else None,
                    submit=submit,
                )
            except (services.StaleVersion, services.Locked) as exc:
                form.add_error(None, exc.message)
                status = 409
            except services.ReportingError as exc:
                _apply_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _sent_message(saved, False) if submit else _("Đã lưu nháp báo cáo tiến độ."),
                )
                return redirect(request.path)
        else:
            status = 400
    else:
        form = forms.TaskUpdateForm(
            initial={
                "progress": item.progress if item else TaskUpdate.Progress.IN_PROGRESS,
                "percent_done": _plain(item.percent_done)
                if item and item.percent_done is not None
                else "",
                "narrative": item.narrative if item else "",
                "difficulties": item.difficulties if item else "",
                "proposals": item.proposals if item else "",
                "expected_completion": item.expected_completion if item else None,
                "completed_on": item.completed_on if item else None,
                "disbursed": group_digits(str(item.disbursed))
                if item and item.disbursed is not None
                else "",
                "version": item.version if item else 0,
            }
        )
    return _item_page(
        request,
        rnd,
        assignment,
        item,
        form,
        "reporting/task.html",
        {"task": assignment.task},
        status=status,
    )


# -- evidence ---------------------------------------------------------------------------------------


@login_required
def evidence_download(request, pk: int):
    evidence = selectors.evidence_for_user(user=request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp không còn trên máy chủ.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def evidence_delete(request, pk: int):
    evidence = selectors.evidence_for_user(user=request.user, pk=pk)
    item = evidence.item
    try:
        services.evidence_remove(acting_user=request.user, evidence=evidence)
        messages.success(request, _("Đã xoá minh chứng."))
    except services.ReportingError as exc:
        messages.error(request, exc.message)
    if isinstance(item, Observation):
        return redirect(
            "reporting:value", pk=item.round_id, code=item.unit.code, indicator_id=item.indicator_id
        )
    return redirect("reporting:task", pk=item.round_id, code=item.unit.code, task_id=item.task_id)


# -- Excel ----------------------------------------------------------------------------------------------


@login_required
def excel_download(request, pk: int, code: str):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    unit = selectors.unit_for_user(user=request.user, rnd=rnd, code=code)
    data = excel.template_build(rnd=rnd, unit=unit)
    response = HttpResponse(data, content_type=excel_content_type())
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-{rnd.period}-{unit.code}-ky{rnd.pk}.xlsx"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def excel_content_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def excel_upload(request, pk: int, code: str):
    rnd = selectors.round_for_user(user=request.user, pk=pk)
    unit = selectors.unit_for_user(user=request.user, rnd=rnd, code=code, write=True)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    errors, status = [], 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if not rnd.is_open:
            form.add_error(None, _("Kỳ báo cáo không mở: không nạp được số liệu."))
            status = 409
        elif upload.size > excel.MAX_UPLOAD_BYTES:
            form.add_error("file", _("Tệp quá lớn (tối đa 5 MB)."))
            status = 400
        else:
            try:
                result = excel.workbook_import(
                    acting_user=request.user,
                    rnd=rnd,
                    unit=unit,
                    data=upload.read(),
                    submit=form.cleaned_data["submit"],
                )
            except excel.WorkbookInvalid as exc:
                errors = exc.errors
                status = 400
            else:
                messages.success(
                    request,
                    _("Đã nạp %(v)d số liệu và %(t)d báo cáo tiến độ (%(u)d dòng không đổi).")
                    % {"v": result.values, "t": result.tasks, "u": result.unchanged},
                )
                return redirect("reporting:workspace", pk=rnd.pk, code=unit.code)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "reporting/upload.html",
        {"round": rnd, "unit": unit, "form": form, "errors": errors},
        status=status,
    )
