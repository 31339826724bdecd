"""The DCAT-AP 3.0.1 catalogue of the open datasets, built with rdflib.

One graph for the whole catalogue (`/du-lieu-mo/catalog.ttl`, `.jsonld`) or for one dataset
(`/du-lieu-mo/<slug>/dcat.ttl`). Controlled vocabularies are the EU Publications Office's
authority tables (data themes, languages, file types) and IANA media types, as DCAT-AP asks.
tests/opendata/test_dcat.py validates the graph with pyshacl against the official shapes.
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from dxtrack.opendata.schema import FORMATS
from dxtrack.opendata.selectors import Catalog, Dataset

EU = "http://publications.europa.eu/resource/authority/"
THEMES = URIRef(EU + "data-theme")
LANGUAGE_VI = URIRef(EU + "language/VIE")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
THEME_LABELS = {
    "GOVE": "Chính phủ và khu vực công",
    "ECON": "Kinh tế và tài chính",
    "REGI": "Vùng và thành phố",
    "TECH": "Khoa học và công nghệ",
}
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}


def site() -> str:
    return str(settings.SITE_URL).rstrip("/")


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def page_site(request: HttpRequest) -> str:
    """The site's address as a page shows it: SITE_URL when it names a real host; a loopback
    SITE_URL (the development default, http://127.0.0.1:8000) is not where a reader reached the
    server (another port, another machine), so the address is built from the request instead."""
    if urlsplit(site()).hostname not in LOOPBACK_HOSTS:
        return site()
    return request.build_absolute_uri("/").rstrip("/")


def catalog_uri() -> URIRef:
    return URIRef(f"{site()}/du-lieu-mo/catalog")


def dataset_uri(slug: str) -> URIRef:
    return URIRef(f"{site()}/du-lieu-mo/{slug}/")


def download_url(slug: str, fmt: str) -> str:
    return f"{site()}/du-lieu-mo/{slug}/tai-ve.{fmt}"


def _dt(value: datetime | date) -> Literal:
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=XSD.dateTime)
    return Literal(value.isoformat(), datatype=XSD.date)


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in CONTEXT.items():
        g.bind(prefix, ns)
    return g


def _agent(g: Graph, code: str, name: str) -> URIRef:
    agent = URIRef(f"{site()}/don-vi/{code}/")
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(name, lang="vi")))
    g.add((agent, DCTERMS.identifier, Literal(code)))
    g.add((agent, DCTERMS.type, _regional_authority(g)))
    return agent


def _regional_authority(g: Graph) -> URIRef:
    kind = URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
    g.add((kind, RDF.type, SKOS.Concept))
    g.add((kind, SKOS.inScheme, URIRef("http://purl.org/adms/publishertype/1.0")))
    g.add((kind, SKOS.prefLabel, Literal("Regional authority", lang="en")))
    return kind


def _publisher(g: Graph) -> URIRef:
    agent = URIRef(f"{site()}/du-lieu-mo/#co-quan-cong-bo")
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(settings.OPENDATA_PUBLISHER, lang="vi")))
    g.add((agent, DCTERMS.type, _regional_authority(g)))
    return agent


def _contact(g: Graph) -> URIRef:
    contact = URIRef(f"{site()}/du-lieu-mo/#lien-he")
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(settings.OPENDATA_CONTACT_NAME, lang="vi")))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPENDATA_CONTACT_EMAIL}")))
    return contact


def _licence(g: Graph) -> URIRef:
    licence = URIRef(settings.OPENDATA_LICENSE_URL)
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.title, Literal(settings.OPENDATA_LICENSE_TITLE)))
    g.add((licence, DCTERMS.identifier, Literal(settings.OPENDATA_LICENSE_ID)))
    return licence


def _location(g: Graph) -> URIRef:
    code = settings.PROVINCE_UNIT_CODE
    place = URIRef(f"{site()}/don-vi/{code}/#dia-ban")
    g.add((place, RDF.type, DCTERMS.Location))
    g.add((place, DCTERMS.identifier, Literal(code)))
    g.add((place, SKOS.prefLabel, Literal("Tỉnh Thái Nguyên", lang="vi")))
    return place


def _theme(g: Graph, code: str) -> URIRef:
    theme = URIRef(f"{EU}data-theme/{code}")
    g.add((theme, RDF.type, SKOS.Concept))
    g.add((theme, SKOS.inScheme, THEMES))
    g.add((theme, SKOS.prefLabel, Literal(THEME_LABELS.get(code, code), lang="vi")))
    return theme


def _language(g: Graph) -> URIRef:
    g.add((LANGUAGE_VI, RDF.type, DCTERMS.LinguisticSystem))
    return LANGUAGE_VI


def add_dataset(g: Graph, d: Dataset, *, org_name: str) -> URIRef:
    node = dataset_uri(d.slug)
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.identifier, Literal(d.slug)))
    g.add((node, DCTERMS.title, Literal(d.title, lang="vi")))
    g.add((node, DCTERMS.title, Literal(d.title_en, lang="en")))
    g.add((node, DCTERMS.description, Literal(d.description, lang="vi")))
    g.add((node, DCTERMS.description, Literal(d.description_en, lang="en")))
    g.add((node, DCAT.landingPage, URIRef(f"{site()}/du-lieu-mo/{d.slug}/")))
    g.add((URIRef(f"{site()}/du-lieu-mo/{d.slug}/"), RDF.type, FOAF.Document))
    g.add((node, DCTERMS.publisher, _agent(g, d.organization, org_name)))
    g.add((node, DCAT.contactPoint, _contact(g)))
    g.add((node, DCAT.theme, _theme(g, d.theme)))
    g.add((node, DCTERMS.spatial, _location(g)))
    g.add((node, DCTERMS.language, _language(g)))
    for word in d.keywords:
        g.add((node, DCAT.keyword, Literal(word, lang="vi")))
    if d.issued:
        g.add((node, DCTERMS.issued, _dt(d.issued)))
    if d.modified:
        g.add((node, DCTERMS.modified, _dt(d.modified)))
    if d.temporal_start or d.temporal_end:
        period = BNode(f"temporal-{d.slug}")
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if d.temporal_start:
            g.add((period, DCAT.startDate, _dt(d.temporal_start)))
        if d.temporal_end:
            g.add((period, DCAT.endDate, _dt(d.temporal_end)))
        g.add((node, DCTERMS.temporal, period))
    licence = _licence(g)
    for fmt, (label, mime) in FORMATS.items():
        dist = URIRef(f"{site()}/du-lieu-mo/{d.slug}/#{fmt}")
        url = URIRef(download_url(d.slug, fmt))
        file_type = URIRef(f"{EU}file-type/{label}")
        media = URIRef(f"https://www.iana.org/assignments/media-types/{mime}")
        g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((media, RDF.type, DCTERMS.MediaType))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(f"{d.title} ({label})", lang="vi")))
        g.add((dist, DCTERMS.description, Literal(f"Tệp {label} của bộ dữ liệu.", lang="vi")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCTERMS.format, file_type))
        g.add((dist, DCAT.mediaType, media))
        g.add((dist, DCTERMS.license, licence))
        if d.modified:
            g.add((dist, DCTERMS.modified, _dt(d.modified)))
        g.add((node, DCAT.distribution, dist))
    for extra in d.files:  # an issued report's files, as frozen when issued
        dist = URIRef(f"{site()}/du-lieu-mo/{d.slug}/#{extra.id}")
        url = URIRef(extra.url)
        file_type = URIRef(f"{EU}file-type/{extra.format}")
        media = URIRef(f"https://www.iana.org/assignments/media-types/{extra.mimetype}")
        g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((media, RDF.type, DCTERMS.MediaType))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCTERMS.title, Literal(extra.title, lang="vi")))
        g.add((dist, DCAT.accessURL, url))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCTERMS.format, file_type))
        g.add((dist, DCAT.mediaType, media))
        g.add((dist, DCTERMS.license, licence))
        g.add((dist, DCAT.byteSize, Literal(extra.size, datatype=XSD.nonNegativeInteger)))
        if extra.modified:
            g.add((dist, DCTERMS.issued, _dt(extra.modified)))
        g.add((node, DCAT.distribution, dist))
    return node


def catalog_graph(*, catalog: Catalog, only: Dataset | None = None) -> Graph:
    g = _graph()
    node = catalog_uri()
    g.add((node, RDF.type, DCAT.Catalog))
    g.add((node, DCTERMS.title, Literal("Dữ liệu mở chuyển đổi số tỉnh Thái Nguyên", lang="vi")))
    g.add((node, DCTERMS.title, Literal("Thái Nguyên digital transformation open data", lang="en")))
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                "Số liệu đã được duyệt, chỉ tiêu, nhiệm vụ, kinh phí, điểm và xếp hạng của các "
                "chương trình chuyển đổi số đã công bố trên dxtrack.",
                lang="vi",
            ),
        )
    )
    g.add(
        (
            node,
            DCTERMS.description,
            Literal(
                "Accepted values, targets, tasks, budgets, scores and rankings of the published "
                "digital transformation plans on dxtrack.",
                lang="en",
            ),
        )
    )
    g.add((node, DCTERMS.publisher, _publisher(g)))
    g.add((node, FOAF.homepage, URIRef(f"{site()}/du-lieu-mo/")))
    g.add((URIRef(f"{site()}/du-lieu-mo/"), RDF.type, FOAF.Document))
    g.add((node, DCTERMS.language, _language(g)))
    g.add((node, DCTERMS.license, _licence(g)))
    g.add((node, DCTERMS.spatial, _location(g)))
    g.add((node, DCAT.themeTaxonomy, THEMES))
    g.add((THEMES, RDF.type, SKOS.ConceptScheme))
    g.add((THEMES, DCTERMS.title, Literal("Data theme", lang="en")))
    if catalog.issued:
        g.add((node, DCTERMS.issued, _dt(catalog.issued)))
    if catalog.modified:
        g.add((node, DCTERMS.modified, _dt(catalog.modified)))
    datasets = [only] if only is not None else list(catalog.datasets.values())
    for d in datasets:
        org = catalog.organizations.get(d.organization, {}).get("name", d.organization)
        g.add((node, DCAT.dataset, add_dataset(g, d, org_name=org)))
    return g


def serialize(graph: Graph, *, fmt: str) -> str:
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True)
    return graph.serialize(format="turtle")
