from django.contrib import admin
from django.urls import include, path

from mainstream import admin_roc
from mainstream.accounts import sso_views
from mainstream.accounts import views as accounts_views
from mainstream.evaluation import views as evaluation_views

admin.site.site_header = "性別主流化管考系統 管理"
admin.site.site_title = "性別主流化管考系統"
admin.site.index_title = "基本資料維護"
admin_roc.install()  # the admin reads and takes ROC dates too

handler400 = "mainstream.errors.bad_request"
handler403 = "mainstream.errors.permission_denied"
handler404 = "mainstream.errors.page_not_found"
handler500 = "mainstream.errors.server_error"

urlpatterns = [
    path("", evaluation_views.home, name="home"),
    path("login/", accounts_views.LoginView.as_view(), name="login"),  # password, then TOTP if enrolled
    path("logout/", sso_views.LogoutView.as_view(), name="logout"),  # and the provider's logout after an SSO login
    path("oidc/", include("mainstream.accounts.sso_urls")),  # single sign-on; 404 unless MAINSTREAM_OIDC_* is set
    path("accounts/", include("mainstream.accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("mainstream.evaluation.urls")),
    path("units/", include("mainstream.units.urls")),
    path("audit/", include("mainstream.audit.urls")),
    path("imports/", include("mainstream.imports.urls")),
    path("mechanism/", include("mainstream.mechanism.urls")),
    path("training/", include("mainstream.training.urls")),
    path("statistics/", include("mainstream.statistics.urls")),
    path("analysis/", include("mainstream.analysis.urls")),
    path("impact/", include("mainstream.impact.urls")),
    path("budget/", include("mainstream.budget.urls")),
    path("measures/", include("mainstream.measures.urls")),
    path("publicity/", include("mainstream.publicity.urls")),
    path("reports/", include("mainstream.reports.urls")),
    path("zone/statistics/", include("mainstream.statistics.public_urls")),
    path("zone/", include("mainstream.portal.urls")),
    path("help/", include("mainstream.help.urls")),
    path("plan/", include("mainstream.plan.urls")),
    path("followup/", include("mainstream.followup.urls")),
]
