"""Search folds case, accents and tone placement, and respects what the user may see."""

import pytest

from dxtrack.registry.models import Program
from dxtrack.registry.services import program_unpublish

pytestmark = pytest.mark.django_db


def search(client, q):
    return client.get("/tim-kiem/", {"q": q}).content.decode()


def test_an_unaccented_query_finds_the_accented_unit(client_as):
    assert "Sở Khoa học và Công nghệ" in search(client_as(None), "so khoa hoc")


def test_tone_placement_does_not_matter(client_as):
    # "hoà" (old placement) and "hòa" (new) fold alike.
    html_old, html_new = search(client_as(None), "văn hoà"), search(client_as(None), "văn hòa")
    assert (
        "Sở Văn hóa, Thể thao và Du lịch" in html_old
        and "Sở Văn hóa, Thể thao và Du lịch" in html_new
    )


def test_it_finds_tasks_by_words_of_their_name(client_as):
    program = Program.objects.get(number="2840/QĐ-UBND")
    task = program.tasks.order_by("order").first()
    word = task.name.split()[0:3]
    assert task.name[:30] in search(client_as(None), " ".join(word).upper())


def test_search_hides_drafts_from_the_public(client_as, personas):
    program = Program.objects.get(number="2840/QĐ-UBND")
    program_unpublish(program=program, acting_user=None)
    needle = program.tasks.order_by("order").first().name
    assert needle[:30] not in search(client_as(None), needle[:30])
    assert needle[:30] in search(client_as(personas.coordinator), needle[:30])


def test_an_empty_query_shows_no_results(client_as):
    assert "Không tìm thấy" not in search(client_as(None), "   ")
