"""The API's own pages: its OpenAPI 3 schema (`/api/v1/schema/`, JSON) and a documentation page
rendering that schema with Swagger UI (`/api/v1/docs/`), linked from every page's footer and from
the JSON 404 of `/api/v1/` itself.

Swagger UI comes from the npm registry into static/vendor/ (never a CDN); its start-up code is
static/api-docs/docs.js, since the Content-Security-Policy allows no inline script.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    """The schema, JSON by default (`?format=yaml` for YAML); the same for everyone."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
    authentication_classes: list = []
    permission_classes = [AllowAny]


schema_view = SchemaView.as_view()


def docs_page(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"schema_url": reverse("api-schema")})
