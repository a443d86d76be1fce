from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from governance.models import Body, Meeting, Membership, Municipality, User

admin.site.site_header = _("Hecht Bestuur – management")
admin.site.site_title = _("Hecht Bestuur")
admin.site.index_title = _("Management")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "municipality"]
    fields = ["user", "municipality", "role", "start_date", "end_date", "vote_weight"]


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "cbs_code",
        "population",
        "population_reference_date",
        "population_is_approximate",
        "subregion",
    ]
    list_filter = ["subregion", "population_is_approximate"]
    search_fields = ["name", "cbs_code"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = [
        "username",
        "get_full_name",
        "email",
        "municipality",
        "job_title",
        "is_active",
        "is_staff",
    ]
    list_filter = ["groups", "municipality", "is_active", "is_staff", "language"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    list_select_related = ["municipality"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Hecht"), {"fields": ("municipality", "job_title", "language")}),
    )


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "weighting",
        "quorum_percent",
        "majority_percent",
        "majority_base",
    ]
    list_filter = ["kind", "weighting"]
    search_fields = ["code", "name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "body", "municipality", "role", "start_date", "end_date", "vote_weight"]
    list_filter = ["body", "role", "municipality"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "municipality__name"]
    list_select_related = ["user", "body", "municipality"]
    autocomplete_fields = ["user", "municipality"]
    date_hierarchy = "start_date"


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "kind", "starts_at", "location", "status", "is_public"]
    list_filter = ["body", "kind", "status", "is_public"]
    search_fields = ["title", "location", "notes"]
    list_select_related = ["body"]
    date_hierarchy = "starts_at"
