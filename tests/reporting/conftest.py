"""Reporting fixtures: an open round of 38/KH-UBND for 2026Q4, with a few known assignments.

Sở Y tế owes a percentage, a count and a rank indicator and one task; phường Phan Đình Phùng
(the commune persona) owes the percentage indicator and a task (tests.helpers.Setup). Sở Tài
chính owes nothing of Sở Y tế's: its officer must be refused everywhere.
"""

import pytest

from tests.helpers import Setup, api_client, make_user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def setup(personas) -> Setup:
    return Setup(personas)


@pytest.fixture
def api(setup):
    """`api(user)`: a write API client with a new token of that user."""
    return api_client


@pytest.fixture
def approver_taichinh(personas):
    """A leader's (approver's) account at Sở Tài chính."""
    return make_user("approver-taichinh-t", "approver", "so-tai-chinh")
