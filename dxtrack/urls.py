from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy

from dxtrack.core import views as core_views

admin.site.site_header = gettext_lazy("dxtrack — quản trị danh mục")
admin.site.site_title = "dxtrack"
admin.site.login_form = core_views.AdminLoginForm  # throttled like the login page

urlpatterns = [
    path("", include("dxtrack.registry.urls")),
    path("bao-cao/", include("dxtrack.reporting.urls")),
    path("tong-quan/", include("dxtrack.dashboards.urls")),
    path("bao-cao-tong-hop/", include("dxtrack.outputs.urls")),
    path("du-lieu-mo/", include("dxtrack.opendata.urls")),
    # Before the API's own paths: the reports' API lives in outputs (a sibling of api).
    path("api/v1/reports/", include("dxtrack.outputs.api_urls")),
    path("api/v1/", include("dxtrack.api.urls")),
    path("api/3/action/", include("dxtrack.opendata.ckan_urls")),
    path("api/action/", include("dxtrack.opendata.ckan_urls")),  # CKAN's unversioned alias
    path("dang-nhap/", core_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
]

handler403 = "dxtrack.core.views.forbidden"
handler404 = "dxtrack.core.views.not_found"
handler500 = "dxtrack.core.views.server_error"
