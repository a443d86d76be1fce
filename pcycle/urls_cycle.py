"""The budget-year cycle: the year timeline and the P&C documents."""

from django.urls import path

from pcycle.views import cycle

urlpatterns = [
    path("pc-cyclus/", cycle.cycle, name="cycle"),
    path("pc-cyclus/<int:year>/", cycle.cycle_year, name="cycle-year"),
    path("pc-cyclus/documenten/nieuw/", cycle.document_create, name="document-create"),
    path("pc-cyclus/documenten/voorbeeld/", cycle.document_preview, name="document-preview"),
    path("pc-cyclus/documenten/<id:pk>/", cycle.document_detail, name="document-detail"),
    path("pc-cyclus/documenten/<id:pk>/plannen/", cycle.document_plan, name="document-plan"),
    path("pc-cyclus/documenten/<id:pk>/verzonden/", cycle.document_sent, name="document-sent"),
]
