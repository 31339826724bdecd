from django.urls import URLPattern

app_name = "opendata"

urlpatterns: list[URLPattern] = []
