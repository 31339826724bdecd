from django.urls import path

from dxtrack.outputs import export_views, views

app_name = "outputs"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/tai/<str:fmt>/", views.report_download, name="download"),
    path("<int:pk>/doan/", views.paragraph_edit, name="paragraph"),
    path("<int:pk>/tinh-lai/", views.report_recompute, name="recompute"),
    path("<int:pk>/ban-hanh/", views.report_issue, name="issue"),
    path("<int:pk>/phien-ban-moi/", views.report_supersede, name="supersede"),
]

# Quick exports of the dashboards' tables (export_views.py): …/<table>/<xlsx|csv>/
urlpatterns += [
    path(
        "xuat/tong-quan/<slug:table>/<slug:fmt>/",
        export_views.overview_export,
        name="export-overview",
    ),
    path(
        "xuat/chuong-trinh/<int:pk>/<slug:table>/<slug:fmt>/",
        export_views.program_export,
        name="export-program",
    ),
    path("xuat/xep-hang/<slug:fmt>/", export_views.ranking_export, name="export-ranking"),
    path(
        "xuat/ky/<int:pk>/tien-do/<slug:fmt>/",
        export_views.completeness_export,
        name="export-completeness",
    ),
]
