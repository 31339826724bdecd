"""API tokens (issue 12): an address sending wrong tokens gets 429 with Retry-After, in the
API's error shape, and cannot go on guessing; other addresses and good tokens are not held."""

import uuid

import pytest
from rest_framework.test import APIClient

from tests.helpers import token_for


@pytest.fixture
def fresh_throttle(settings):
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"throttle-{uuid.uuid4()}",
        },
    }
    return settings


def get(client, token, address):
    return client.get("/api/v1/programs/", HTTP_AUTHORIZATION=f"Token {token}", REMOTE_ADDR=address)


def test_random_tokens_from_one_address_get_429_with_retry_after(personas, fresh_throttle):
    """A scanner tries random tokens: after 10 the address waits a minute, even with a real
    token (the Sở Y tế reporter's, stolen or guessed), and the answer says so in Vietnamese."""
    client = APIClient()
    for _ in range(10):
        assert get(client, f"dxt_{uuid.uuid4().hex}", "192.0.2.44").status_code in (401, 403)
    refused = get(client, f"dxt_{uuid.uuid4().hex}", "192.0.2.44")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused.json() == {
        "detail": "Quá nhiều mã truy cập sai từ địa chỉ này; vui lòng thử lại sau 1 phút.",
        "errors": {},
    }
    real = token_for(personas.reporter_soyte)
    assert get(client, real, "192.0.2.44").status_code == 429
    # Another address is not held, and a good token is never counted.
    for _ in range(12):
        assert get(client, real, "192.0.2.45").status_code == 200
