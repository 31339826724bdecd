"""The report's settings: a Django setting of that name when the project defines one, else the
environment variable of that name, else the default (docs/reports.md lists them)."""

from __future__ import annotations

import os

from django.conf import settings


def report_setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.getenv(name)
    return str(value) if value else default


def report_recipients(default: list[str]) -> list[str]:
    """`REPORT_RECIPIENTS`: a list in the settings, or "a; b; c" in the environment."""
    value = getattr(settings, "REPORT_RECIPIENTS", None)
    if value is None:
        value = [part.strip() for part in os.getenv("REPORT_RECIPIENTS", "").split(";")]
    return [str(v) for v in value if v] or list(default)
