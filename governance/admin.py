from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from governance import services
from governance.models import (
    Action,
    ActionNote,
    AgendaItem,
    AgendaPack,
    Body,
    ClosingDay,
    CoverNote,
    Decision,
    DistributionKey,
    DistributionShare,
    Document,
    DocumentVersion,
    Meeting,
    Membership,
    Municipality,
    Programme,
    Proposal,
    ReminderDelivery,
    ReminderPreference,
    RouteStep,
    RouteTemplate,
    RouteTemplateStep,
    Track,
    User,
    Vote,
    WrittenResponse,
)
from governance.services.meetings import CALENDAR_FIELDS

admin.site.site_header = _("Hecht Bestuur – management")
admin.site.site_title = _("Hecht Bestuur")
admin.site.index_title = _("Records")


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
        "document_lead_days",
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
    # Status moves and publication are acts of the application (services with their own
    # rules and side effects: publication stamps, agenda packs); the admin shows them.
    readonly_fields = [
        "status",
        "agenda_published_at",
        "decisions_published_at",
        "calendar_sequence",
    ]

    def save_model(self, request, obj, form, change) -> None:
        if change and CALENDAR_FIELDS.intersection(form.changed_data):
            # As services.meeting_update does: calendar subscribers must see the change.
            obj.calendar_sequence += 1
        super().save_model(request, obj, form, change)


class RouteTemplateStepInline(admin.TabularInline):
    model = RouteTemplateStep
    extra = 0
    fields = ["position", "body", "purpose"]


@admin.register(RouteTemplate)
class RouteTemplateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    inlines = [RouteTemplateStepInline]


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 0
    fields = ["position", "body", "purpose", "meeting", "outcome", "outcome_note"]
    raw_id_fields = ["meeting"]


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "kind", "status", "confidentiality", "owner", "track"]
    list_filter = ["status", "kind", "confidentiality", "track"]
    search_fields = ["reference", "title", "summary"]
    list_select_related = ["owner", "track"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["created_by"]
    inlines = [RouteStepInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "kind", "confidentiality", "requires_documents"]
    list_filter = ["kind", "confidentiality", "meeting__body"]
    search_fields = ["title", "description"]
    list_select_related = ["meeting__body"]
    raw_id_fields = ["meeting", "route_step"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "original_name", "size", "page_count", "sha256", "uploaded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # versions are uploaded through the application (validated there)


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "proposal", "agenda_item", "is_confidential", "delivered_at"]
    list_filter = ["kind", "is_confidential"]
    search_fields = ["title", "proposal__reference", "proposal__title"]
    list_select_related = ["proposal", "agenda_item"]
    raw_id_fields = ["proposal", "agenda_item", "current_version"]
    inlines = [DocumentVersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "original_name", "size", "page_count", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256", "document__title"]
    list_select_related = ["document", "uploaded_by"]
    readonly_fields = [
        "document",
        "number",
        "file",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "page_count",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CoverNote)
class CoverNoteAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "financial", "amount", "nature", "is_complete", "updated_at"]
    list_filter = ["financial", "nature", "is_complete", "distribution"]
    search_fields = ["proposal__reference", "proposal__title", "budget_line"]
    list_select_related = ["proposal"]
    raw_id_fields = ["proposal"]


class DistributionShareInline(admin.TabularInline):
    model = DistributionShare
    extra = 0
    fields = ["municipality", "weight"]


@admin.register(DistributionKey)
class DistributionKeyAdmin(SimpleHistoryAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]
    inlines = [DistributionShareInline]


class VoteInline(admin.TabularInline):
    model = Vote
    extra = 0
    fields = ["voter", "municipality", "choice", "weight"]
    raw_id_fields = ["voter"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["agenda_item", "outcome", "votes_recorded", "recorded_by", "recorded_at"]
    list_filter = ["outcome", "votes_recorded", "agenda_item__meeting__body"]
    search_fields = ["text", "agenda_item__title"]
    list_select_related = ["agenda_item", "recorded_by"]
    raw_id_fields = ["agenda_item", "recorded_by"]
    inlines = [VoteInline]


@admin.register(WrittenResponse)
class WrittenResponseAdmin(SimpleHistoryAdmin):
    list_display = ["agenda_item", "member", "municipality", "answer", "responded_at"]
    list_filter = ["answer"]
    search_fields = ["agenda_item__title", "member__username", "remarks"]
    list_select_related = ["agenda_item", "member", "municipality"]
    raw_id_fields = ["agenda_item", "member"]


class ActionNoteInline(admin.TabularInline):
    model = ActionNote
    extra = 0
    fields = ["date", "text", "author"]
    raw_id_fields = ["author"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "actor", "actor_body", "owner", "due_date", "status", "track"]
    list_filter = ["status", "actor", "actor_body", "track"]
    search_fields = ["description"]
    list_select_related = ["actor_body", "owner", "track"]
    raw_id_fields = ["origin_meeting", "report_meeting", "origin_proposal", "created_by"]
    autocomplete_fields = ["owner"]
    date_hierarchy = "due_date"
    inlines = [ActionNoteInline]


class TrackInline(admin.StackedInline):
    model = Track
    extra = 0
    fields = ["number", "title", "goal", "owner", "status", "status_note"]
    autocomplete_fields = ["owner"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start_date", "end_date"]
    search_fields = ["name", "description"]
    inlines = [TrackInline]


@admin.register(Track)
class TrackAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "programme", "owner", "status"]
    list_filter = ["programme", "status"]
    search_fields = ["title", "goal"]
    list_select_related = ["programme", "owner"]
    autocomplete_fields = ["owner"]


# Rows usually edited inline above, also listed on their own for searching and history.


@admin.register(RouteTemplateStep)
class RouteTemplateStepAdmin(SimpleHistoryAdmin):
    list_display = ["template", "position", "body", "purpose"]
    list_filter = ["template", "body", "purpose"]
    search_fields = ["template__name"]
    list_select_related = ["template", "body"]


@admin.register(RouteStep)
class RouteStepAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "position", "body", "purpose", "meeting", "outcome"]
    list_filter = ["body", "purpose", "outcome"]
    search_fields = ["proposal__reference", "proposal__title"]
    list_select_related = ["proposal", "body", "meeting__body"]
    raw_id_fields = ["proposal", "meeting"]


@admin.register(DistributionShare)
class DistributionShareAdmin(SimpleHistoryAdmin):
    list_display = ["key", "municipality", "weight"]
    list_filter = ["key"]
    search_fields = ["municipality__name", "key__name"]
    list_select_related = ["key", "municipality"]


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ["decision", "voter", "municipality", "choice", "weight"]
    list_filter = ["choice"]
    search_fields = ["voter__username", "municipality__name", "decision__agenda_item__title"]
    list_select_related = ["decision__agenda_item", "voter", "municipality"]
    raw_id_fields = ["decision", "voter"]


@admin.register(ActionNote)
class ActionNoteAdmin(SimpleHistoryAdmin):
    list_display = ["action", "date", "author"]
    search_fields = ["text", "action__description"]
    list_select_related = ["action", "author"]
    raw_id_fields = ["action", "author"]
    date_hierarchy = "date"


@admin.register(AgendaPack)
class AgendaPackAdmin(SimpleHistoryAdmin):
    """Built by the pack task; read-only here (rebuild from the meeting's publication page)."""

    list_display = ["meeting", "variant", "status", "page_count", "built_at", "build_seconds"]
    list_filter = ["variant", "status"]
    list_select_related = ["meeting__body"]
    search_fields = ["meeting__title", "meeting__body__code", "content_key"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "digest_time", "urgent_immediately", "muted_kinds"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    """The delivery ledger: what was sent, what waits, what failed and why. Rows are
    written by the reminder sweep only; failed ones can be queued again."""

    list_display = [
        "title",
        "kind",
        "stage",
        "recipient",
        "status",
        "due_at",
        "send_after",
        "attempts",
        "sent_at",
        "reason",
    ]
    list_filter = ["status", "kind", "stage", "urgent"]
    list_select_related = ["recipient"]
    search_fields = ["title", "recipient__username", "recipient__last_name", "reason"]
    date_hierarchy = "send_after"
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_send_permission(self, request) -> bool:
        return request.user.has_perm("governance.send_reminders")

    @admin.action(description=_("Send the selected failed reminders again"), permissions=["send"])
    def retry(self, request, queryset) -> None:
        count = services.reminders_retry(actor=request.user, deliveries=queryset)
        self.message_user(
            request,
            _("%(count)d failed reminder(s) queued again.") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ClosingDay)
class ClosingDayAdmin(SimpleHistoryAdmin):
    """Read only: the secretariat changes the days off on the page "Vrije dagen"
    (``services.days_off``, which refuses past days, weekends and duplicates)."""

    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
