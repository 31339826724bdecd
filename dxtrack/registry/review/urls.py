"""The review workspace's pages, under chuong-trinh/<pk>/ra-soat/ (included by registry/urls.py)."""

from django.urls import path

from dxtrack.registry.review import views

urlpatterns = [
    path("", views.workspace, name="review"),
    path("van-ban/", views.metadata, name="review-metadata"),
    path("chi-tieu/them/", views.target_add, name="review-target-add"),
    path("chi-tieu/<int:target_pk>/", views.target_edit, name="review-target"),
    path("chi-tieu/<int:target_pk>/xoa/", views.target_delete, name="review-target-delete"),
    path("nhiem-vu/them/", views.task_add, name="review-task-add"),
    path("nhiem-vu/<int:task_pk>/", views.task_edit, name="review-task"),
    path("nhiem-vu/<int:task_pk>/xoa/", views.task_delete, name="review-task-delete"),
    path("so-lieu/them/", views.observation_add, name="review-observation-add"),
    path("so-lieu/<int:obs_pk>/", views.observation_edit, name="review-observation"),
    path("so-lieu/<int:obs_pk>/xoa/", views.observation_delete, name="review-observation-delete"),
    path("co-quan/", views.agencies, name="review-agencies"),
    path("co-quan/gan/", views.agency_map, name="review-agency-map"),
    path("co-quan/tach/", views.agency_split, name="review-agency-split"),
    path("co-quan/ghep/", views.agency_merge, name="review-agency-merge"),
    path("co-quan/giu/", views.agencies_keep, name="review-agencies-keep"),
    path("chi-so/xac-nhan/", views.indicators_confirm, name="review-indicators-confirm"),
    path("cong-bo/", views.publish, name="review-publish"),
    path("phien-ban-moi/", views.version, name="review-version"),
    path("dieu-chinh/", views.amend, name="review-amend"),
    path("dieu-chinh/bo/", views.amendment_discard, name="review-amendment-discard"),
]
