from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from hecht import views as hecht_views

urlpatterns = [
    path("", include("governance.urls")),
    path("account/inloggen/", auth_views.LoginView.as_view(), name="login"),
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
    path("healthz", hecht_views.healthz, name="healthz"),
    path("beheer/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
