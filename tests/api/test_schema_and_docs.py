"""The API describes itself (issue 12): an OpenAPI 3 schema at /api/v1/schema/, a Vietnamese
documentation page rendering it with Swagger UI from static/vendor (no CDN, no inline script),
the API's root pointing to both; and the paths and filters the contract test found answering outside
the contract (HTML 404s, 500s) now answer in the API's error shape."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_json_describing_every_operation(client: Client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert {"/api/v1/observations/", "/api/v1/task-updates/", "/api/v1/programs/{id}/"} <= set(
        paths
    )
    write = paths["/api/v1/observations/"]["post"]
    assert set(write["responses"]) >= {"200", "201", "400", "401", "403", "409", "413", "415"}
    assert write["security"] == [{"tokenAuth": []}, {"cookieAuth": []}]
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["detail", "errors"]
    token = schema["components"]["securitySchemes"]["tokenAuth"]
    assert token == {**token, "type": "apiKey", "in": "header", "name": "Authorization"}
    # Every operation says what it does, in Vietnamese, and answers errors in the error shape.
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            for status, answer in operation["responses"].items():
                if status.startswith(("4", "5")):
                    body = answer["content"]["application/json"]["schema"]
                    assert body == {"$ref": "#/components/schemas/Error"}, (path, status)


def test_the_schema_is_also_served_as_yaml(client: Client):
    response = client.get("/api/v1/schema/", {"format": "yaml"})
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_the_docs_page_loads_swagger_ui_from_this_site_with_no_inline_script(client: Client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html and "Tài liệu API v1" in html
    assert "/static/vendor/swagger-ui-bundle.js" in html
    assert "/static/vendor/swagger-ui.css" in html
    assert "/static/api-docs/docs.js" in html
    assert 'data-schema-url="/api/v1/schema/"' in html
    for script in html.split("<script")[1:]:
        assert script.lstrip().startswith("src="), script[:80]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1]


def test_the_api_root_is_a_json_404_that_points_to_the_docs(client: Client):
    response = client.get("/api/v1/")
    assert response.status_code == 404
    assert "/api/v1/docs/" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/rounds/%0Aabc/status/",  # a newline in a path: was Django's HTML 404
        "/api/v1/programs/99999999999999999999999/",  # past 64 bits: was an OverflowError
        "/api/v1/indicators/1234567890123456789/observations/",
    ],
)
def test_a_path_outside_the_api_is_a_json_404(client: Client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999"])
@pytest.mark.parametrize("url", ["/api/v1/tasks/", "/api/v1/targets/"])
def test_a_program_filter_that_is_not_an_id_is_a_400(client: Client, url, value):
    """ "²".isdigit() is true in Python, and int("²") fails: this was a 500."""
    response = client.get(url, {"program": value})
    assert response.status_code == 400
    assert "program" in response.json()["errors"]


def test_every_page_links_the_api_docs_in_its_footer(client: Client):
    html = client.get("/").content.decode()
    footer = html.split("<footer", 1)[1]
    assert 'href="/api/v1/docs/"' in footer
