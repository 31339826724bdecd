"""API fixtures: a live HTTP server inside the test's transaction, and the API's personas.

`live_api` serves the project on a real socket (Django's threaded WSGI server) to real HTTP
clients (schemathesis, through requests). pytest-django's `live_server` would need
`transactional_db`, which empties the database after the test, and with it the Thái Nguyên data
the whole suite loads once (tests/conftest.py); here the server's request threads share the test's
own database connection instead (as Django's LiveServerTestCase does for in-memory SQLite), so
what a test writes, and what the server writes for it, is rolled back like any other test's.
"""

import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections, transaction

from tests.helpers import Setup, api_client, token_for


class _QuietHandler(WSGIRequestHandler):
    # Headers and body go out as separate small writes: with Nagle's algorithm and the
    # client's delayed ACK, each answer on a kept-alive connection waited ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the standard library's name
        pass


class _SharedConnectionServer(ThreadedWSGIServer):
    """Request threads use the test's connection; it is the test's to close, not theirs. One
    request at a time (a connection serves one statement at a time: PostgreSQL's would mix two
    threads' queries), each in a savepoint, as a request in its own transaction in production:
    a request that fails in the database (PostgreSQL refuses, e.g., a NUL in text) rolls back
    its own writes, never the test's transaction the next requests run in."""

    def _close_connections(self) -> None:
        pass


class _RequestInSavepoint:
    """The WSGI application inside a savepoint of the test's transaction."""

    def __init__(self, app):
        self.app = app

    lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            # The in-process test client reconnects Django's close_old_connections after each of
            # its requests; here it would close the test's own connection (PostgreSQL's: in a
            # transaction, autocommit is off, which it takes for a broken connection).
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            with transaction.atomic():
                return list(self.app(environ, start_response))


@dataclass
class LiveApi:
    url: str


@pytest.fixture
def fresh_throttle(settings):
    """Throttle counters of this test only (a wrong token of another test does not count)."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"throttle-{uuid.uuid4()}",
        },
    }
    return settings


@pytest.fixture
def live_api(db, fresh_throttle, settings, tmp_path) -> Iterator[LiveApi]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    connection = connections["default"]
    connection.inc_thread_sharing()
    # Django closes a connection in a transaction at each request's start and end: that is the
    # test's transaction here (the test client disconnects the same handler).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    server = _SharedConnectionServer(
        ("127.0.0.1", 0),
        _QuietHandler,
        allow_reuse_address=False,
        connections_override={"default": connection},
    )
    # Static files from the apps' and project's folders (no collectstatic in the tests).
    server.set_app(_RequestInSavepoint(StaticFilesHandler(WSGIHandler())))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveApi(url=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        connection.dec_thread_sharing()


@pytest.fixture
def setup(personas) -> Setup:
    """An open round of 2026Q4 where Sở Y tế owes values and a task (tests.helpers.Setup)."""
    return Setup(personas)


@pytest.fixture
def api(setup):
    """`api(user)`: an in-process API client with a new token of that user."""
    return api_client


@pytest.fixture
def tokens(setup) -> dict[str, str]:
    """A token of Sở Y tế's reporter and one of its leader (approver)."""
    return {
        "reporter": token_for(setup.p.reporter_soyte),
        "approver": token_for(setup.p.approver_soyte),
    }
