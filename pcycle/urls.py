"""The P&C cycle's pages, one module per area (like governance's urls_*)."""

from pcycle.urls_calendars import urlpatterns as calendars
from pcycle.urls_cycle import urlpatterns as cycle
from pcycle.urls_quickwins import urlpatterns as quickwins
from pcycle.urls_views import urlpatterns as views

app_name = "pcycle"

urlpatterns = [*cycle, *views, *calendars, *quickwins]
