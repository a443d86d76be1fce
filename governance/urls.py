from django.urls import path

from governance.views import meetings

app_name = "governance"

urlpatterns = [
    path("", meetings.home, name="home"),
    # --- meetings -----------------------------------------------------------------
    path("vergaderingen/", meetings.meeting_calendar, name="meeting-calendar"),
    path("vergaderingen/<int:year>/<int:month>/", meetings.meeting_month, name="meeting-month"),
    path("vergaderingen/nieuw/", meetings.meeting_create, name="meeting-create"),
    path("vergaderingen/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("vergaderingen/<int:pk>/wijzigen/", meetings.meeting_edit, name="meeting-edit"),
    path("vergaderingen/<int:pk>/wijzigingen/", meetings.meeting_history, name="meeting-history"),
    # --- proposals, route, agenda (views/proposals.py, views/agenda.py) -------------
    # --- documents and cover notes (views/documents.py) -----------------------------
    # --- decisions and written procedures (views/decisions.py) ----------------------
    # --- actions and development programme (views/actions.py) -----------------------
]
