from django.urls import include, path

from dxtrack.registry import views

urlpatterns = [
    path("", views.home, name="home"),
    path("chuong-trinh/nhap-van-ban/", views.program_import, name="program-import"),
    path("chuong-trinh/<int:pk>/", views.program_detail, name="program"),
    path("chuong-trinh/<int:pk>/cong-bo/", views.program_publish, name="program-publish"),
    path("chuong-trinh/<int:pk>/ra-soat/", include("dxtrack.registry.review.urls")),
    path("chi-tieu/<int:pk>/", views.target_detail, name="target"),
    path(
        "chi-so/<int:pk>/trach-nhiem/",
        views.indicator_responsibility,
        name="indicator-responsibility",
    ),
    path("don-vi/", views.unit_list, name="units"),
    path("don-vi/<slug:code>/", views.unit_detail, name="unit"),
    path("tim-kiem/", views.search, name="search"),
    path("nhat-ky/", views.audit_log, name="audit-log"),
]
