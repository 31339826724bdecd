from dxtrack.core import permissions


def roles(request):
    """What the templates need to show or hide navigation (the views still check every access)."""
    user = request.user
    return {
        "dx_role": permissions.role_of(user),
        "dx_unit": permissions.unit_of(user),
        "dx_can_manage": permissions.can_manage_registry(user),
        "dx_can_see_audit": permissions.can_see_audit(user),
        "dx_can_review": permissions.can_review_rounds(user),
    }
