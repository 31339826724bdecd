"""Template filters for evaluation's words: `{% load evaluation_labels %}`.

The labels live in the pure `evaluation.methods` in both languages; the page's language picks.
"""

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language

from dxtrack.evaluation.methods import SCORECARD_COMPONENTS, SCORECARD_COMPONENTS_EN, ScoreComponent

register = template.Library()


@register.filter
def component_label(component: Mapping[str, Any] | ScoreComponent) -> Any:
    """A scorecard component's name: ``component`` is a stored dict or a methods.ScoreComponent."""
    if isinstance(component, Mapping):
        key, label_vi = component.get("key"), component.get("label_vi")
    else:
        key, label_vi = getattr(component, "key", None), getattr(component, "label_vi", None)
    if (get_language() or "").startswith("en"):
        return SCORECARD_COMPONENTS_EN.get(str(key), label_vi)
    return label_vi or SCORECARD_COMPONENTS.get(str(key), "")
