"""The CKAN-compatible action API, mounted at /api/3/action/ (dxtrack/urls.py)."""

from django.urls import path

from dxtrack.opendata import ckan

urlpatterns = [path("<str:name>", ckan.action, name="ckan-action")]
