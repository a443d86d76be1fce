from django.urls import path

from governance import views

app_name = "governance"

urlpatterns = [
    path("", views.home, name="home"),
    path("vergaderingen/", views.meeting_calendar, name="meeting-calendar"),
    path("vergaderingen/<int:year>/<int:month>/", views.meeting_month, name="meeting-month"),
    path("vergaderingen/nieuw/", views.meeting_create, name="meeting-create"),
    path("vergaderingen/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("vergaderingen/<int:pk>/wijzigen/", views.meeting_edit, name="meeting-edit"),
    path("vergaderingen/<int:pk>/wijzigingen/", views.meeting_history, name="meeting-history"),
]
