"""What the portal keeps under the evaluation stamp (`opendata.store`): whole answers as bytes and
gzip, shared by the threads of a process and, through files, by the server's other processes;
never served after the data changed."""

import gzip
import json
import multiprocessing
import os
import threading
import time

import pytest

from dxtrack.evaluation.services import stamp_bump
from dxtrack.opendata import store
from tests.opendata.conftest import ACCEPTED_VALUE

pytestmark = pytest.mark.django_db

CATALOG = "/du-lieu-mo/catalog.ttl"
SEARCH = "/api/3/action/package_search?rows=50"


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def another_process():
    """What a freshly started worker has in memory: nothing."""
    store._current = store._Generation(None)


def test_a_client_accepting_gzip_gets_the_same_catalogue_compressed(client, world):
    plain = client.get(CATALOG)
    packed = client.get(CATALOG, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in packed["Vary"]
    assert plain["ETag"] != packed["ETag"]  # two representations, two tags
    refused = client.get(CATALOG, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert "Content-Encoding" not in refused


def test_the_etag_of_each_representation_saves_sending_it_again_until_the_data_change(
    client, world
):
    for encoding in ("", "gzip"):
        first = client.get(SEARCH, HTTP_ACCEPT_ENCODING=encoding)
        again = client.get(SEARCH, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
    stamp_bump()
    assert client.get(SEARCH, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_kept_answer_is_never_served_after_the_data_changed(client, world):
    slug = f"chi-so-{world.indicator.code or world.indicator.pk}"
    url = f"/api/3/action/package_show?id={slug}"
    rows_before = json.loads(client.get(url).content)["result"]["extras"]
    csv_before = client.get(f"/du-lieu-mo/{slug}/tai-ve.csv").content.decode("utf-8-sig")
    assert str(ACCEPTED_VALUE) in csv_before
    world.accepted.value = 4242.5
    world.accepted.save()
    stamp_bump()  # as the accept's audit row does
    csv_after = client.get(f"/du-lieu-mo/{slug}/tai-ve.csv").content.decode("utf-8-sig")
    assert "4242.5" in csv_after and str(ACCEPTED_VALUE) not in csv_after
    world.accepted.delete()
    stamp_bump()
    rows_after = json.loads(client.get(url).content)["result"]["extras"]
    count = {e["key"]: e["value"] for e in rows_before}["rows"]
    assert {e["key"]: e["value"] for e in rows_after}["rows"] == str(int(count) - 1)


def test_another_worker_reads_the_catalogue_built_by_the_first_instead_of_building_it(
    var_dir, world
):
    built = []

    def build():
        built.append(1)
        return {"answer": len(built)}

    assert store.kept(parts=("test-shared",), build=build) == {"answer": 1}
    another_process()
    assert store.kept(parts=("test-shared",), build=build) == {"answer": 1}
    assert len(built) == 1
    cache = var_dir / "cache" / "opendata"
    (old,) = cache.iterdir()
    stamp_bump()
    another_process()
    assert store.kept(parts=("test-shared",), build=build) == {"answer": 2}
    # The previous stamp's files stay a minute (a request begun under it may still answer)...
    assert len(list(cache.iterdir())) == 2
    stale = time.time() - store.STALE_SECONDS - 5
    os.utime(old, (stale, stale))
    stamp_bump()
    store.kept(parts=("test-shared",), build=build)
    # ...then go.
    assert not old.exists() and len(list(cache.iterdir())) == 2


def test_answers_the_client_may_vary_stay_in_the_process(var_dir, client, world):
    client.get("/api/3/action/package_search?q=chi+so&rows=7")
    client.get(CATALOG)
    files = list((var_dir / "cache" / "opendata").rglob("*"))
    shared = [f for f in files if f.is_file()]
    assert shared  # the catalogue and its metadata
    another_process()
    built = []
    store.kept(parts=("test-local",), build=lambda: built.append(1) or 1, shared=False)
    another_process()
    store.kept(parts=("test-local",), build=lambda: built.append(1) or 1, shared=False)
    assert len(built) == 2
    assert len([f for f in (var_dir / "cache" / "opendata").rglob("*") if f.is_file()]) == len(
        shared
    )


def test_threads_asking_at_once_wait_for_one_build(monkeypatch):
    monkeypatch.setattr(store, "_key", lambda parts: "dxtrack:ev:token-threads:digest")
    built = []
    gate = threading.Event()

    def build():
        gate.wait(5)
        built.append(1)
        return "catalogue"

    answers = []
    threads = [
        threading.Thread(
            target=lambda: answers.append(
                store.kept(parts=("test-threads",), build=build, shared=False)
            )
        )
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)
    assert answers == ["catalogue"] * 6 and len(built) == 1


def test_an_unwritable_cache_directory_only_costs_building_in_each_process(settings, world):
    settings.VAR_DIR = "/proc/dxtrack-not-writable"
    built = []
    assert store.kept(parts=("test-ro",), build=lambda: built.append(1) or "x") == "x"
    another_process()
    assert store.kept(parts=("test-ro",), build=lambda: built.append(1) or "x") == "x"
    assert len(built) == 2


def test_a_refused_ckan_query_is_answered_again_not_kept(client, world):
    bad = client.get("/api/3/action/package_search?rows=abc")
    assert bad.status_code == 409 and bad.json()["success"] is False
    assert client.get("/api/3/action/package_search?rows=abc").status_code == 409
    assert client.get("/api/3/action/package_search?rows=3").json()["success"] is True


def _ask(path, counter):
    def build():
        time.sleep(0.3)
        with open(counter, "a") as f:
            f.write("built\n")
        return "catalogue"

    assert store._shared(path, build) == "catalogue"


def test_two_processes_asking_at_once_build_once(tmp_path):
    """gunicorn's workers are processes: the second waits for the first's file."""
    path = tmp_path / "token" / "answer"
    counter = tmp_path / "built.txt"
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_ask, args=(path, counter)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(20)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    assert counter.read_text().count("built") == 1
