"""`/api/v1/reports/…`, mounted by dxtrack/urls.py before the rest of the API (api_views.py).
Ids of at most 18 digits (they fit the 64-bit columns); anything else falls through to the API's
JSON 404."""

from django.urls import path, re_path

from dxtrack.outputs import api_views

ID = r"(?P<pk>[0-9]{1,18})"

urlpatterns = [
    path("", api_views.report_list, name="api-reports"),
    re_path(rf"^{ID}/$", api_views.report_detail, name="api-report"),
    re_path(rf"^{ID}/files/(?P<fmt>[a-z]{{1,8}})/$", api_views.report_file, name="api-report-file"),
]
