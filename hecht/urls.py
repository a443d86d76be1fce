from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from governance.views.accounts import login
from hecht import views as hecht_views

urlpatterns = [
    path("", include("governance.urls")),
    path("", include("pcycle.urls")),
    path("account/inloggen/", login, name="login"),
    path("account/uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("taal/", set_language, name="set_language"),
    path("account/sessie/", hecht_views.session_status, name="session-status"),
    path("account/sessie/verlengen/", hecht_views.session_keepalive, name="session-keepalive"),
    path("favicon.ico", hecht_views.favicon, name="favicon"),
    path("healthz", hecht_views.healthz, name="healthz"),
    # One way in: the admin's own login form would skip the second-factor step's page.
    path(
        "beheer/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin-login-redirect",
    ),
    path("beheer/", admin.site.urls),
]

# Uploaded files (MEDIA_ROOT) are never served directly, not even with DEBUG on: every
# download goes through governance:document-version-download and its access check.
