from .calendars import CouncilCalendar, CouncilMeeting
from .cycle import ExemptCategory, PcDocument
from .quickwins import QuickWin, QuickWinNote
from .views import CouncilView

__all__ = [
    "CouncilCalendar",
    "CouncilMeeting",
    "CouncilView",
    "ExemptCategory",
    "PcDocument",
    "QuickWin",
    "QuickWinNote",
]
