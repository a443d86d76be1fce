"""The P&C cycle in the admin (``/beheer/``): an inspection tool with history. Rows written
by ``pcycle.services`` are read-only here; the exempt categories of budget amendments are
reference data of the regulation, edited here with history."""

from django.contrib import admin

from governance.admin import ReadOnlyAdmin, ReferenceAdmin

from .models import (
    CouncilCalendar,
    CouncilMeeting,
    CouncilView,
    ExemptCategory,
    PcDocument,
    QuickWin,
    QuickWinNote,
)


@admin.register(ExemptCategory)
class ExemptCategoryAdmin(ReferenceAdmin):
    list_display = ("name", "source", "is_active")
    search_fields = ("name", "source")


@admin.register(PcDocument)
class PcDocumentAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "year", "number", "proposal", "sent_to_councils_on")
    list_filter = ("kind", "year")
    list_select_related = ("proposal",)
    search_fields = ("proposal__reference", "proposal__title")


@admin.register(CouncilView)
class CouncilViewAdmin(ReadOnlyAdmin):
    list_display = ("document", "municipality", "received_on", "position", "reply_sent_on")
    list_filter = ("position",)
    list_select_related = ("document", "municipality")
    exclude = ("decision_file",)


@admin.register(CouncilCalendar)
class CouncilCalendarAdmin(ReadOnlyAdmin):
    list_display = ("municipality", "preparation_weeks", "feed_url", "imported_at")
    list_select_related = ("municipality",)


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(ReadOnlyAdmin):
    list_display = ("municipality", "day", "kind", "title", "source")
    list_filter = ("kind", "source")
    list_select_related = ("municipality",)
    date_hierarchy = "day"


@admin.register(QuickWin)
class QuickWinAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "actor", "status", "measure")


@admin.register(QuickWinNote)
class QuickWinNoteAdmin(ReadOnlyAdmin):
    list_display = ("quick_win", "written_on", "author")
    list_select_related = ("quick_win", "author")
