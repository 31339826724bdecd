"""The API's own pages: its index (`/api/v1/`), its OpenAPI 3 schema (`/api/v1/schema/`, JSON)
and a documentation page rendering that schema with Swagger UI (`/api/v1/docs/`).

Swagger UI comes from the npm registry into static/vendor/ (never a CDN); its start-up code is
static/api-docs/docs.js, since the Content-Security-Policy allows no inline script.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """The schema, JSON by default (`?format=yaml` for YAML); the same for everyone."""

    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
    authentication_classes: list = []
    permission_classes = [AllowAny]


schema_view = SchemaView.as_view()


def docs_page(request: HttpRequest) -> HttpResponse:
    return render(request, "api/docs.html", {"schema_url": reverse("api-schema")})


@extend_schema(exclude=True)
@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
def api_index(request: Request) -> Response:
    """What the API offers, with the links a client or a person starts from."""
    links = {
        "schema": reverse("api-schema"),
        "docs": reverse("api-docs"),
        "programs": reverse("api-programs"),
        "units": reverse("api-units"),
        "tasks": reverse("api-tasks"),
        "targets": reverse("api-targets"),
        "rankings": reverse("api-rankings"),
        "observations": reverse("api-observation-create"),
        "task_updates": reverse("api-task-update-create"),
    }
    return Response(
        {
            "name": "dxtrack API v1",
            "description": "Đọc danh mục và kết quả đánh giá (công khai); đơn vị gửi số liệu, "
            "báo cáo tiến độ bằng mã truy cập (Authorization: Token …). Tài liệu: "
            f"{links['docs']}; lược đồ OpenAPI 3: {links['schema']}.",
            "links": {name: request.build_absolute_uri(url) for name, url in links.items()},
        }
    )
