from django.urls import path

from pcycle.views import views

urlpatterns = [
    path("pc-cyclus/mijn-zienswijzen/", views.my_views, name="my-views"),
    path("pc-cyclus/documenten/<id:pk>/zienswijzen/", views.views, name="views"),
    path(
        "pc-cyclus/documenten/<id:pk>/zienswijzen/<id:municipality>/registreren/",
        views.view_register,
        name="view-register",
    ),
    path("pc-cyclus/zienswijzen/<id:pk>/wijzigen/", views.view_edit, name="view-edit"),
    path("pc-cyclus/zienswijzen/<id:pk>/reactie/", views.view_reply, name="view-reply"),
    path("pc-cyclus/zienswijzen/<id:pk>/raadsbesluit/", views.view_decision, name="view-decision"),
    path("pc-cyclus/documenten/<id:pk>/zienswijzen.pdf", views.views_pdf, name="views-pdf"),
    path(
        "pc-cyclus/documenten/<id:pk>/zienswijzen/toevoegen/",
        views.views_attach,
        name="views-attach",
    ),
]
