"""The printed page's header (templates/base.html, shown by static/css/print.css only): the
agency that issues the province's reports, from settings, as the official report names it."""

from django import template
from django.conf import settings

register = template.Library()

#: The default of settings.REPORT_ISSUER, as outputs.services names the report's issuer.
DEFAULT_AGENCY = "Ủy ban nhân dân tỉnh Thái Nguyên"


@register.simple_tag
def print_agency() -> str:
    return str(getattr(settings, "REPORT_ISSUER", "") or DEFAULT_AGENCY)
