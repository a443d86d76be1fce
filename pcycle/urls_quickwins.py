"""The quick wins of the P&C track (``pcycle.views.quickwins``)."""

from django.urls import path

import hecht.converters  # noqa: F401  (registers <id:…>)
from pcycle.views import quickwins

urlpatterns = [
    path("quick-wins/", quickwins.quickwin_list, name="quickwins"),
    path(
        "quick-wins/voortgangsrapportage.pdf",
        quickwins.quickwins_report,
        name="quickwins-report",
    ),
    path("quick-wins/<id:pk>/", quickwins.quickwin_detail, name="quickwin-detail"),
    path("quick-wins/<id:pk>/status/", quickwins.quickwin_status, name="quickwin-status"),
    path("quick-wins/<id:pk>/voortgang/", quickwins.quickwin_note, name="quickwin-note"),
]
