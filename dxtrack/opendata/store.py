"""What the open data portal keeps per evaluation stamp: the catalogue's metadata and whole
answers (the DCAT catalogue, CKAN action answers) as the bytes sent, and their gzip.

Everything here is keyed by the stamp's token (`evaluation.selectors.cache_key`), which every
audited write renews, so nothing kept is ever served after the data changed. Two levels:

- **this process**: a dict for the current token, shared by every thread of a gunicorn worker,
  replaced as a whole when the token changes. A hit costs a dict lookup: no unpickling (Django's
  LocMemCache unpickles a copy on every read: ~1 MB of Turtle each time), no encoding, no
  JSON serialisation. Threads asking for the same missing entry wait for one build.
- **every process** of the server: files under `VAR_DIR/cache/opendata/<token>/`, written
  atomically (a temporary file renamed). A worker meeting a new stamp reads what another worker
  already built instead of building it again (the catalogue: ~1.3 s on the benchmark's data).
  Another token's directory is removed once it has not been written for a minute. When the directory cannot
  be written, answers are simply built in each process.

Besides the token, every key holds a fingerprint of this app's code, of the settings the
answers print (site URL, licence, publisher…) and of the active language: a deploy or a changed
setting restarts the workers with the same token, and must not find the files the old code or
settings wrote.
"""

from __future__ import annotations

import fcntl
import functools
import gzip
import hashlib
import os
import pickle
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import get_language

from dxtrack.evaluation import selectors as ev

T = TypeVar("T")

# Per process and stamp, so that a client's varied queries cannot grow it without bound: past
# either limit, answers are still built, just not kept.
MAX_ENTRIES = 2000
MAX_BYTES = 96 * 2**20
GZIP_MIN_BYTES = 1024  # smaller answers go as they are
STALE_SECONDS = 60  # another token's files untouched this long are removed


@dataclass(frozen=True)
class Answer:
    """A whole answer: its bytes, and the same gzipped (None when too small to be worth it)."""

    body: bytes
    gzipped: bytes | None

    @classmethod
    def of(cls, body: bytes) -> Answer:
        small = len(body) < GZIP_MIN_BYTES
        return cls(body, None if small else gzip.compress(body, compresslevel=6, mtime=0))


class _Generation:
    """The entries of one stamp token in this process."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        self.entries: dict[str, Any] = {}
        self.building: dict[str, threading.Lock] = {}
        self.bytes = 0


_guard = threading.Lock()
_current = _Generation(None)


SETTINGS_PREFIXES = ("OPENDATA_", "SITE_URL", "PROVINCE_UNIT_CODE", "REPORTING_COORDINATOR_UNIT")


@functools.cache
def _code_version() -> str:
    digest = hashlib.sha1()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def _setting_names() -> tuple[str, ...]:
    return tuple(sorted(n for n in dir(settings) if n.startswith(SETTINGS_PREFIXES)))


def _fingerprint() -> tuple[object, ...]:
    """The code, the settings printed, and the language (a few labels are translated)."""
    settings_read = (getattr(settings, n, None) for n in _setting_names())
    return (_code_version(), get_language(), *settings_read)


def _key(parts: tuple[object, ...]) -> str | None:
    return ev.cache_key(parts=("opendata-store", _fingerprint(), *parts))


def _token_of(key: str) -> str:
    return key.split(":")[2]  # dxtrack:ev:<token>:<digest>


def _generation(token: str) -> _Generation:
    global _current
    with _guard:
        if _current.token != token:
            _current = _Generation(token)
        return _current


def root() -> Path:
    return Path(settings.VAR_DIR) / "cache" / "opendata"


def _file(token: str, key: str) -> Path:
    return root() / token / hashlib.sha1(key.encode()).hexdigest()


def _read_file(path: Path) -> Any:
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError):
        return None


def _write_file(path: Path, value: Any) -> None:
    """Atomically (a reader never sees half a file). Other tokens' directories untouched for a
    minute go: not at once, since a request that began under the previous token may still be
    answering while the next one's are written."""
    try:
        now = time.time()
        for other in root().iterdir():
            if other.name != path.parent.name and now - other.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(other, ignore_errors=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only or full disk: each process builds its own


def _kept(key: str, build: Callable[[], T], shared: bool) -> T:
    generation = _generation(_token_of(key))
    found = generation.entries.get(key)
    if found is not None:
        return found
    with _guard:
        lock = generation.building.setdefault(key, threading.Lock())
    with lock:
        found = generation.entries.get(key)
        if found is None:
            found = _shared(_file(_token_of(key), key), build) if shared else build()
            size = len(found.body) + len(found.gzipped or b"") if isinstance(found, Answer) else 0
            if len(generation.entries) < MAX_ENTRIES and generation.bytes + size <= MAX_BYTES:
                generation.entries[key] = found
                generation.bytes += size
    with _guard:
        generation.building.pop(key, None)
    return found


def _shared(path: Path, build: Callable[[], T]) -> T:
    """Another process's value from its file, else built here and written for the others. The
    processes that ask at once wait for the first (an flock on a lock file beside it, which the
    kernel releases if that process dies), so the value is built once for the whole server."""
    found = _read_file(path) if path.exists() else None
    if found is not None:
        return found
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.parent.joinpath(path.name + ".lock").open("a")
    except OSError:
        return build()  # a read-only or full disk: each process builds its own
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = _read_file(path) if path.exists() else None
        if found is None:
            found = build()
            _write_file(path, found)
    return found


def kept(*, parts: tuple[object, ...], build: Callable[[], T], shared: bool = True) -> T:
    """The value of `parts` under the current stamp: this process's, else another process's
    (`shared`), else built once (one thread builds, the others wait). Before any evaluation
    (no stamp) it is built every time."""
    key = _key(parts)
    return build() if key is None else _kept(key, build, shared)


ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))")


def respond(
    request: HttpRequest,
    *,
    parts: tuple[object, ...],
    build: Callable[[], bytes],
    content_type: str,
    shared: bool = True,
) -> HttpResponse:
    """A whole answer kept under the stamp, as an HTTP response: gzipped for a client that
    accepts it, with an ETag of the stamp (a matching If-None-Match gets a 304: nothing sent).
    Building may raise: nothing is kept then."""
    key = _key(("answer", *parts))
    if key is None:
        return HttpResponse(build(), content_type=content_type)
    token, digest = _token_of(key), key.rsplit(":", 1)[-1]
    gzip_ok = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    tags = {f'"{token}-{digest}"', f'"{token}-{digest}-gzip"'}
    asked = request.headers.get("If-None-Match", "").strip()
    response: HttpResponse
    if asked in tags:
        response = HttpResponseNotModified()
        response["ETag"] = asked
    else:
        found = _kept(key, lambda: Answer.of(build()), shared)
        if gzip_ok and found.gzipped is not None:
            response = HttpResponse(found.gzipped, content_type=content_type)
            response["Content-Encoding"] = "gzip"
            response["ETag"] = f'"{token}-{digest}-gzip"'
        else:
            response = HttpResponse(found.body, content_type=content_type)
            response["ETag"] = f'"{token}-{digest}"'
    response["Vary"] = "Accept-Encoding"
    return response
