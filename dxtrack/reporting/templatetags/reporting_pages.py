"""Template filters of reporting's parts on other apps' pages."""

from __future__ import annotations

from typing import Any

from django import template

from dxtrack.reporting.registry_parts import TargetValues

register = template.Library()


@register.filter
def values_page(values: TargetValues | None, query: Any) -> dict[str, Any] | None:
    """`{% with pg=target_values|values_page:request.GET %}`: the page of the target page's
    values that the query asks for (`?trang=`); the view belongs to the registry, which does
    not read reporting's query."""
    if not isinstance(values, TargetValues):
        return None
    return values.page(query.get("trang") if hasattr(query, "get") else None)
