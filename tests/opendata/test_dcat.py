"""The DCAT-AP 3.0.1 catalogue: valid against the official shapes, the same graph in both forms."""

import functools
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from dxtrack.evaluation.services import stamp_bump
from dxtrack.registry.models import Indicator, Program

STANDARDS = Path(__file__).parent / "standards" / "dcat-ap-3.0.1"

pytestmark = pytest.mark.django_db


DANGLING = 5  # property shapes the official files name but never define (upstream 3.0.1)


@functools.cache
def shapes() -> Graph:
    """The official shapes and ranges as one shapes graph. The 3.0.1 files reference five
    property shapes that neither defines; pyshacl refuses a reference to a missing shape, so
    those references (and no constraint) are dropped, and their number is checked."""
    graph = Graph()
    graph.parse(STANDARDS / "dcat-ap-SHACL.ttl")
    graph.parse(STANDARDS / "ranges.ttl")
    dangling = [
        (shape, ref)
        for shape, ref in graph.subject_objects(SH.property)
        if (ref, SH.path, None) not in graph
    ]
    assert len(dangling) == DANGLING
    for shape, ref in dangling:
        graph.remove((shape, SH.property, ref))
    return graph


def violations(data: Graph) -> tuple[int, str]:
    conforms, report, text = validate(data, shacl_graph=shapes(), inference="none")
    return len(list(report.subjects(RDF.type, SH.ValidationResult))), text


def test_the_catalogue_passes_the_dcat_ap_shapes(client):
    response = client.get("/du-lieu-mo/catalog.ttl")
    assert response.status_code == 200
    data = Graph().parse(data=response.content.decode(), format="turtle")
    assert len(list(data.subjects(RDF.type, DCAT.Dataset))) > 7
    n, text = violations(data)
    assert n == 0, text


def test_turtle_and_json_ld_are_the_same_graph(client):
    ttl = Graph().parse(
        data=client.get("/du-lieu-mo/catalog.ttl").content.decode(), format="turtle"
    )
    jsonld = client.get("/du-lieu-mo/catalog.jsonld")
    assert jsonld["Content-Type"].startswith("application/ld+json")
    assert isomorphic(ttl, Graph().parse(data=jsonld.content.decode(), format="json-ld"))


def test_one_dataset_has_its_own_catalogue_record(client):
    response = client.get("/du-lieu-mo/chi-tieu/dcat.ttl")
    data = Graph().parse(data=response.content.decode(), format="turtle")
    datasets = list(data.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 1
    assert len(list(data.objects(datasets[0], DCAT.distribution))) == 3
    n, text = violations(data)
    assert n == 0, text


def test_the_shapes_do_catch_a_dataset_without_a_title(client):
    """The check above could pass by checking nothing: a dataset stripped of its mandatory
    title and description must fail it."""
    data = Graph().parse(data=client.get("/du-lieu-mo/chi-tieu/dcat.ttl").content.decode())
    dataset = next(data.subjects(RDF.type, DCAT.Dataset))
    data.remove((dataset, DCTERMS.title, None))
    data.remove((dataset, DCTERMS.description, None))
    n, text = violations(data)
    assert n == 2 and "dataset" in text.lower()


def test_the_catalogue_is_served_from_the_cache_until_the_data_change(
    client, stamp, django_assert_max_num_queries
):
    first = client.get("/du-lieu-mo/catalog.ttl").content
    with django_assert_max_num_queries(3):  # the stamp's token, read per key; no data query
        assert client.get("/du-lieu-mo/catalog.ttl").content == first
    indicator = Program.objects.get(number="38/KH-UBND").targets.first().indicator
    Indicator.objects.filter(pk=indicator.pk).update(name="Tên mới của chỉ số thử")
    assert client.get("/du-lieu-mo/catalog.ttl").content == first  # same stamp: same answer
    stamp_bump()  # what the audited write of a real change does
    assert "Tên mới của chỉ số thử" in client.get("/du-lieu-mo/catalog.ttl").content.decode()
