"""The council calendars and the fit check (views/calendars.py)."""

from django.urls import path

import hecht.converters  # noqa: F401  (registers <id:…>, <token:…>, <code:…>)
from pcycle.views import calendars

urlpatterns = [
    path("pc-cyclus/aansluiting/", calendars.fit, name="fit"),
    path("raadskalenders/", calendars.calendars, name="calendars"),
    path("raadskalenders/<id:pk>/", calendars.calendar, name="calendar"),
    path(
        "raadskalenders/<id:pk>/vergaderingen/nieuw/",
        calendars.meeting_add,
        name="calendar-meeting-add",
    ),
    path(
        "raadskalenders/vergaderingen/<id:pk>/wijzigen/",
        calendars.meeting_edit,
        name="calendar-meeting-edit",
    ),
    path(
        "raadskalenders/vergaderingen/<id:pk>/verwijderen/",
        calendars.meeting_delete,
        name="calendar-meeting-delete",
    ),
    path("raadskalenders/<id:pk>/csv/", calendars.calendar_csv, name="calendar-csv"),
    path("raadskalenders/<id:pk>/ical/", calendars.calendar_ical, name="calendar-ical"),
    path("raadskalenders/<id:pk>/ophalen/", calendars.calendar_fetch, name="calendar-fetch"),
    path(
        "raadskalenders/<id:pk>/instellingen/",
        calendars.calendar_settings,
        name="calendar-settings",
    ),
]
