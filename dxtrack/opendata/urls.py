from django.urls import path, re_path

from dxtrack.opendata import downloads, views

app_name = "opendata"

urlpatterns = [
    path("", views.dataset_list, name="list"),
    re_path(r"^catalog\.(?P<fmt>ttl|jsonld)$", downloads.catalog_rdf, name="catalog"),
    path("cach-tinh/", views.method_page, name="method"),
    path("nhung/chuong-trinh/<int:pk>/", views.embed_program, name="embed-program"),
    path("nhung/chi-so/<int:pk>/", views.embed_indicator, name="embed-indicator"),
    re_path(
        r"^bao-cao-da-ban-hanh/(?P<pk>[0-9]+)/tai-ve\.(?P<fmt>docx|pdf|xlsx)$",
        downloads.report_file,
        name="report-file",
    ),
    path("<slug:slug>/", views.dataset_page, name="dataset"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/tai-ve\.(?P<fmt>csv|json|xlsx)$",
        downloads.download,
        name="download",
    ),
    path("<slug:slug>/schema.json", downloads.schema, name="schema"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/dcat\.(?P<fmt>ttl|jsonld)$",
        downloads.dataset_rdf,
        name="dataset-dcat",
    ),
]
