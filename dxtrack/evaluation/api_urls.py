from django.urls import path

from dxtrack.evaluation import api_views

urlpatterns = [
    path("targets/", api_views.target_list, name="api-targets"),
    path("rankings/", api_views.ranking_list, name="api-rankings"),
]
