from django.urls import URLPattern

app_name = "outputs"

urlpatterns: list[URLPattern] = []
