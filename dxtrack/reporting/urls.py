from django.urls import path

from dxtrack.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.index, name="index"),
    path("quy-tac/", views.rules_page, name="rules"),
    path("thong-bao/<int:pk>/da-doc/", views.notice_read, name="notice-read"),
    path("ky/moi/", views.round_create, name="round-create"),
    path("ky/tao/<int:pk>/", views.round_job, name="round-job"),
    path("ky/<int:pk>/", views.round_detail, name="round"),
    path("ky/<int:pk>/phan-cong/", views.round_assignment_add, name="assignment-add"),
    path(
        "ky/<int:pk>/phan-cong/<int:aid>/xoa/",
        views.round_assignment_remove,
        name="assignment-remove",
    ),
    path("ky/<int:pk>/<slug:action>/", views.round_transition, name="round-transition"),
    path("ky/<int:pk>/tinh-hinh/tien-do/", views.round_status, name="status"),
    path("ky/<int:pk>/tinh-hinh/duyet/", views.round_review, name="review"),
    path("ky/<int:pk>/don-vi/<slug:code>/", views.workspace, name="workspace"),
    path("ky/<int:pk>/don-vi/<slug:code>/gui/", views.workspace_submit, name="workspace-submit"),
    path(
        "ky/<int:pk>/don-vi/<slug:code>/duyet-tat-ca/",
        views.workspace_approve_all,
        name="workspace-approve-all",
    ),
    path(
        "ky/<int:pk>/don-vi/<slug:code>/chi-so/<int:indicator_id>/", views.value_edit, name="value"
    ),
    path("ky/<int:pk>/don-vi/<slug:code>/nhiem-vu/<int:task_id>/", views.task_edit, name="task"),
    path("ky/<int:pk>/don-vi/<slug:code>/excel/", views.excel_download, name="excel"),
    path("ky/<int:pk>/don-vi/<slug:code>/excel/nap/", views.excel_upload, name="excel-upload"),
    path("duyet/<slug:kind>/<int:pk>/", views.item_review, name="item-review"),
    path("duyet-don-vi/<slug:kind>/<int:pk>/", views.item_unit_decision, name="item-unit-decision"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("minh-chung/<int:pk>/xoa/", views.evidence_delete, name="evidence-delete"),
]
