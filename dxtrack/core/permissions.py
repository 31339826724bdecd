"""Who may see and change what. Every view asks here first; the rules are written once.

Roles (DESIGN.md personas): admin, coordinator (Sở Khoa học và Công nghệ), leader (UBND tỉnh,
Ban Chỉ đạo), reporter and approver (bound to one unit), and the public (not logged in, or a
user with no role).
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

ADMIN, COORDINATOR, LEADER, REPORTER, APPROVER, PUBLIC = (
    "admin",
    "coordinator",
    "leader",
    "reporter",
    "approver",
    "public",
)
STAFF_ROLES = {ADMIN, COORDINATOR, LEADER}
UNIT_ROLES = {REPORTER, APPROVER}


def role_of(user) -> str:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return PUBLIC
    if user.is_superuser:
        return ADMIN
    role = getattr(user, "dx_role", None)
    return role.name if role is not None else PUBLIC


def unit_of(user):
    """The unit a reporter or approver works for (None for other roles)."""
    if role_of(user) not in UNIT_ROLES:
        return None
    return user.dx_role.unit


def can_see_drafts(user) -> bool:
    return role_of(user) in STAFF_ROLES


def can_manage_registry(user) -> bool:
    return role_of(user) in {ADMIN, COORDINATOR}


def can_see_audit(user) -> bool:
    return role_of(user) in STAFF_ROLES


def can_see_program(user, program) -> bool:
    return program.is_published or can_see_drafts(user)


def can_report_for(user, unit) -> bool:
    """Reporters and approvers act only for their own unit."""
    own = unit_of(user)
    return own is not None and unit is not None and own.pk == unit.pk


def can_approve_for(user, unit) -> bool:
    return role_of(user) == APPROVER and can_report_for(user, unit)


def can_review_rounds(user) -> bool:
    return role_of(user) in {ADMIN, COORDINATOR}


NOT_ALLOWED = gettext_lazy("Bạn không có quyền thực hiện thao tác này.")


def require(allowed: bool, message: str | Promise = NOT_ALLOWED) -> None:
    if not allowed:
        raise PermissionDenied(message)
