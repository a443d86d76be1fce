"""The admin at ``/beheer/``: an inspection tool with history, and the place for
reference data.

Every admin class states its kind (``admin_kind``), and a test fails for a registered
model whose admin does not (``tests/governance/test_admin_write_path.py``):

- ``READ_ONLY`` — a model with a service (meetings, proposals, route steps, agenda
  items, cover notes, documents, decisions, votes, written responses, actions, packs,
  reminders, second-factor devices, roles). It changes on the application's own pages,
  through ``governance/services/``, which validate, lock, keep the history reason and
  queue the on-commit tasks (agenda packs, calendar SEQUENCE). Here it can be read,
  searched and its history opened; add, change, delete, "delete selected" and
  simple_history's revert are refused (403), for superusers too.
- ``SERVICE`` — the change form's save calls the service with ``actor=request.user`` and
  shows its ``ValidationError`` on the form, so it ends in exactly the service's state,
  history and tasks (tracks: ``services.track_update``).
- ``REFERENCE`` — reference data without a service (municipalities, bodies, memberships,
  users, route templates, distribution keys, the programme): editable, with the user on
  the history row and the model's validation (the admin form runs ``full_clean``).
- ``OPERATIONAL`` — a library's own records without a service here (django-axes'
  login attempts: deleting one lifts its lock).
"""

from enum import StrEnum

from axes.admin import AccessAttemptAdmin as BaseAccessAttemptAdmin
from axes.admin import AccessFailureLogAdmin as BaseAccessFailureLogAdmin
from axes.admin import AccessLogAdmin as BaseAccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from governance import access, services
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
    DocumentView,
    Meeting,
    Membership,
    Municipality,
    Programme,
    Proposal,
    ReminderDelivery,
    ReminderPreference,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    RouteStep,
    RouteTemplate,
    RouteTemplateStep,
    Track,
    User,
    Vote,
    WrittenResponse,
)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class AdminKind(StrEnum):
    READ_ONLY = "read-only"  # service-governed: inspect here, change in the application
    SERVICE = "service"  # service-governed: the admin's save calls the service
    REFERENCE = "reference"  # reference data: editable here, with history
    OPERATIONAL = "operational"  # a library's own records without a service here


class ReadOnlyMixin:
    """No add, change or delete (so no "delete selected" either), whoever asks."""

    admin_kind = AdminKind.READ_ONLY

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class NoRevertMixin(SimpleHistoryAdmin):
    """simple_history's revert page saves a POSTed form for anyone who may merely *view*
    the record; for a service-governed model a revert would skip the service."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(ReadOnlyMixin, NoRevertMixin, SimpleHistoryAdmin):
    """A service-governed model with history: read and search here, change it in the
    application."""


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    """Rows of a service-governed model shown under their parent, never edited there."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class ReferenceAdmin(SimpleHistoryAdmin):
    """Reference data: editable, with the user on the history row. A revert from the
    history is a change, so it needs the change permission (simple_history asks only for
    the view permission)."""

    admin_kind = AdminKind.REFERENCE

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            obj = self.get_object(request, unquote(object_id))
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ServiceAdmin(NoRevertMixin, SimpleHistoryAdmin):
    """The change form saves through a service: when a field in ``service_fields``
    changed, ``save_through_service`` calls the service (``actor=request.user``) at the
    end of the form's validation — the last point where the admin can still show the
    service's ``ValidationError`` on the form — and the admin's own save is skipped.
    The service is its own (durable) transaction, so the admin's surrounding one is left
    out for a change; hence no inlines. Changing a service field together with another
    field is refused (it would be two writes). Never deleted or reverted here."""

    admin_kind = AdminKind.SERVICE
    service_fields: tuple[str, ...] = ()
    inlines = ()

    def save_through_service(self, request, obj, data: dict) -> None:
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is None or request.method in SAFE_METHODS:
            return super().changeform_view(request, object_id, form_url, extra_context)
        return self._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not change:
            return form_class
        model_admin = self

        class ThroughService(form_class):  # type: ignore[valid-type,misc]  # made at run time
            saved_through_service = False

            def _post_clean(self) -> None:
                super()._post_clean()
                governed = [n for n in self.changed_data if n in model_admin.service_fields]
                if self.errors or not governed:
                    return
                if len(governed) < len(self.changed_data):
                    self.add_error(
                        None,
                        _("Save the fields %(fields)s on their own.")
                        % {
                            "fields": ", ".join(
                                str(self._meta.model._meta.get_field(name).verbose_name)
                                for name in model_admin.service_fields
                            )
                        },
                    )
                    return
                try:
                    model_admin.save_through_service(request, self.instance, self.cleaned_data)
                except ValidationError as exc:
                    errors = (
                        exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
                    )
                    for field, messages in errors.items():
                        self.add_error(field if field in self.fields else None, messages)
                else:
                    self.saved_through_service = True

        return form_class if not self.service_fields else ThroughService

    def save_model(self, request, obj, form, change) -> None:
        if getattr(form, "saved_through_service", False):
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)


admin.site.site_header = _("Hecht Bestuur – management")
admin.site.site_title = _("Hecht Bestuur")
admin.site.index_title = _("Records")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "municipality"]
    fields = ["user", "municipality", "role", "start_date", "end_date", "vote_weight"]


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceAdmin):
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
class UserAdmin(ReferenceAdmin, BaseUserAdmin):
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
        *(BaseUserAdmin.fieldsets or ()),
        (_("Hecht"), {"fields": ("municipality", "job_title", "language")}),
    )
    # Second factor, calendar key and reminder preferences are not fields here: they
    # change through services.accounts (mfa_reset), calendar_token_reset and
    # reminder_preferences_update.

    def get_readonly_fields(self, request, obj=None):
        # The secretariat makes accounts and gives roles (groups); only a superuser makes
        # superusers or grants single permissions past the roles.
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly


@admin.register(Body)
class BodyAdmin(ReferenceAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "weighting",
        "head_quorum",
        "quorum_percent",
        "majority_percent",
        "majority_base",
        "document_lead_days",
    ]
    list_filter = ["kind", "weighting"]
    search_fields = ["code", "name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReferenceAdmin):
    list_display = ["user", "body", "municipality", "role", "start_date", "end_date", "vote_weight"]
    list_filter = ["body", "role", "municipality"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "municipality__name"]
    list_select_related = ["user", "body", "municipality"]
    autocomplete_fields = ["user", "municipality"]
    date_hierarchy = "start_date"


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "body", "kind", "starts_at", "location", "phase", "is_public"]
    list_filter = ["body", "kind", "status", "is_public"]
    search_fields = ["title", "location", "notes"]
    list_select_related = ["body"]
    date_hierarchy = "starts_at"
    # Planned, edited, moved and published in the application (services.meeting_*,
    # services.agenda_publish …): the calendar SEQUENCE, the packs and the publication
    # stamps follow from those services only.

    @admin.display(description=_("status"), ordering="status")
    def phase(self, meeting: Meeting) -> str:
        """The status as every page shows it (``Meeting.phase``)."""
        return meeting.get_phase_display()


class RouteTemplateStepInline(admin.TabularInline):
    model = RouteTemplateStep
    extra = 0
    fields = ["position", "body", "purpose"]


@admin.register(RouteTemplate)
class RouteTemplateAdmin(ReferenceAdmin):
    list_display = ["name", "is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    inlines = [RouteTemplateStepInline]


class RouteStepInline(ReadOnlyInline):
    model = RouteStep
    fields = ["position", "body", "purpose", "meeting", "outcome", "outcome_note"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "kind", "status", "confidentiality", "owner", "track"]
    list_filter = ["status", "kind", "confidentiality", "track"]
    search_fields = ["reference", "title", "summary"]
    list_select_related = ["owner", "track"]
    autocomplete_fields = ["owner"]
    raw_id_fields = ["created_by"]
    inlines = [RouteStepInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "kind", "confidentiality", "requires_documents"]
    list_filter = ["kind", "confidentiality", "meeting__body"]
    search_fields = ["title", "description"]
    list_select_related = ["meeting__body"]
    raw_id_fields = ["meeting", "route_step"]


class DocumentVersionInline(ReadOnlyInline):
    model = DocumentVersion
    fields = ["number", "original_name", "size", "page_count", "sha256", "uploaded_by"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "proposal", "agenda_item", "is_confidential", "delivered_at"]
    list_filter = ["kind", "is_confidential"]
    search_fields = ["title", "proposal__reference", "proposal__title"]
    list_select_related = ["proposal", "agenda_item"]
    raw_id_fields = ["proposal", "agenda_item", "current_version"]
    inlines = [DocumentVersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "original_name", "size", "page_count", "uploaded_by", "uploaded_at"]
    search_fields = ["original_name", "sha256", "document__title"]
    list_select_related = ["document", "uploaded_by"]


@admin.register(CoverNote)
class CoverNoteAdmin(ReadOnlyAdmin):
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
class DistributionKeyAdmin(ReferenceAdmin):
    list_display = ["name"]
    search_fields = ["name", "description"]
    inlines = [DistributionShareInline]


class VoteInline(ReadOnlyInline):
    model = Vote
    fields = ["voter", "municipality", "choice", "weight"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["agenda_item", "outcome", "votes_recorded", "recorded_by", "recorded_at"]
    list_filter = ["outcome", "votes_recorded", "agenda_item__meeting__body"]
    search_fields = ["text", "agenda_item__title"]
    list_select_related = ["agenda_item", "recorded_by"]
    raw_id_fields = ["agenda_item", "recorded_by"]
    inlines = [VoteInline]


@admin.register(WrittenResponse)
class WrittenResponseAdmin(ReadOnlyAdmin):
    list_display = ["agenda_item", "member", "municipality", "answer", "responded_at"]
    list_filter = ["answer"]
    search_fields = ["agenda_item__title", "member__username", "remarks"]
    list_select_related = ["agenda_item", "member", "municipality"]
    raw_id_fields = ["agenda_item", "member"]


class ActionNoteInline(ReadOnlyInline):
    model = ActionNote
    fields = ["date", "text", "author"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "actor", "actor_body", "owner", "due_date", "status", "track"]
    list_filter = ["status", "actor", "actor_body", "track"]
    search_fields = ["description"]
    list_select_related = ["actor_body", "owner", "track"]
    raw_id_fields = ["origin_meeting", "report_meeting", "origin_proposal", "created_by"]
    autocomplete_fields = ["owner"]
    date_hierarchy = "due_date"
    inlines = [ActionNoteInline]


class TrackInline(ReadOnlyInline):
    """Tracks are added on their own admin page; their status, owner and goal change
    through services.track_update (the track page, or the track's admin)."""

    model = Track
    fields = ["number", "title", "goal", "owner", "status", "status_note"]


@admin.register(Programme)
class ProgrammeAdmin(ReferenceAdmin):
    list_display = ["name", "start_date", "end_date"]
    search_fields = ["name", "description"]
    inlines = [TrackInline]


@admin.register(Track)
class TrackAdmin(ServiceAdmin):
    """A track is added here (the programme's structure: number, title, goal, owner) and
    starts as "not started"; its status, explanation, owner and goal then change through
    services.track_update, here as on the track page (an explanation when at risk or
    delayed, one history row with the status as its reason)."""

    list_display = ["__str__", "programme", "owner", "status"]
    list_filter = ["programme", "status"]
    search_fields = ["title", "goal"]
    list_select_related = ["programme", "owner"]
    autocomplete_fields = ["owner"]
    service_fields = ("status", "status_note", "owner", "goal")

    def get_readonly_fields(self, request, obj=None):
        return ["status", "status_note"] if obj is None else []

    def save_through_service(self, request, obj, data: dict) -> None:
        services.track_update(
            actor=request.user,
            track=obj,
            **{name: data[name] for name in self.service_fields},
        )


# Rows usually edited inline above, also listed on their own for searching and history.


@admin.register(RouteTemplateStep)
class RouteTemplateStepAdmin(ReferenceAdmin):
    list_display = ["template", "position", "body", "purpose"]
    list_filter = ["template", "body", "purpose"]
    search_fields = ["template__name"]
    list_select_related = ["template", "body"]


@admin.register(RouteStep)
class RouteStepAdmin(ReadOnlyAdmin):
    list_display = ["proposal", "position", "body", "purpose", "meeting", "outcome"]
    list_filter = ["body", "purpose", "outcome"]
    search_fields = ["proposal__reference", "proposal__title"]
    list_select_related = ["proposal", "body", "meeting__body"]
    raw_id_fields = ["proposal", "meeting"]


@admin.register(DistributionShare)
class DistributionShareAdmin(ReferenceAdmin):
    list_display = ["key", "municipality", "weight"]
    list_filter = ["key"]
    search_fields = ["municipality__name", "key__name"]
    list_select_related = ["key", "municipality"]


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = ["decision", "voter", "municipality", "choice", "weight"]
    list_filter = ["choice"]
    search_fields = ["voter__username", "municipality__name", "decision__agenda_item__title"]
    list_select_related = ["decision__agenda_item", "voter", "municipality"]
    raw_id_fields = ["decision", "voter"]


@admin.register(ActionNote)
class ActionNoteAdmin(ReadOnlyAdmin):
    list_display = ["action", "date", "author"]
    search_fields = ["text", "action__description"]
    list_select_related = ["action", "author"]
    raw_id_fields = ["action", "author"]
    date_hierarchy = "date"


@admin.register(AgendaPack)
class AgendaPackAdmin(ReadOnlyAdmin):
    """Built by the pack task; read-only here (rebuild from the meeting's publication page)."""

    list_display = ["meeting", "variant", "status", "page_count", "built_at", "build_seconds"]
    list_filter = ["variant", "status"]
    list_select_related = ["meeting__body"]
    search_fields = ["meeting__title", "meeting__body__code", "content_key"]


class ReviewInvitationInline(ReadOnlyInline):
    model = ReviewInvitation
    fields = ["municipality", "outcome", "finished_at", "finished_by"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    """Opened, closed and answered on the proposal's pages (``services.review``)."""

    list_display = ["__str__", "deadline", "visibility", "opened_at", "closed_at"]
    list_filter = ["visibility"]
    search_fields = ["proposal__reference", "proposal__title"]
    list_select_related = ["proposal"]
    raw_id_fields = ["proposal", "before_step", "opened_by"]
    inlines = [ReviewInvitationInline]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    """Submitted comments only: a municipality's draft is its own until it finishes the
    round (``access.review_comment_scope``, the rule of the application's pages)."""

    list_display = ["__str__", "round", "municipality", "anchor", "answer", "created_at"]
    list_filter = ["anchor", "answer"]
    search_fields = ["text", "municipality__name", "round__proposal__reference"]
    list_select_related = ["round__proposal", "municipality"]
    raw_id_fields = ["round", "author", "version", "answered_by"]

    def get_queryset(self, request):
        return access.review_comment_scope(request.user).select_related(
            "round__proposal", "municipality"
        )

    def _in_scope(self, request, object_id) -> None:
        # simple_history falls back to the history rows of an object outside the queryset.
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(DocumentView)
class DocumentViewAdmin(ReadOnlyAdmin):
    """Who read or downloaded a confidential document of a review round, and when."""

    list_display = ["at", "user", "kind", "version"]
    list_filter = ["kind"]
    search_fields = ["user__username", "version__document__title"]
    list_select_related = ["user", "version__document"]
    date_hierarchy = "at"


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ReadOnlyAdmin):
    list_display = ["user", "digest_time", "urgent_immediately", "muted_kinds"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The delivery ledger: what was sent, what waits, what failed and why. Rows are
    written by the reminder sweep only; failed ones can be queued again (the action
    calls services.reminders_retry)."""

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
class ClosingDayAdmin(ReadOnlyAdmin):
    """The secretariat changes the days off on the page "Vrije dagen"
    (``services.days_off``, which refuses past days, weekends and duplicates)."""

    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


# Admins of other apps, registered again with their kind.


def _unregister(*models) -> None:
    for model in models:
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyMixin, BaseGroupAdmin):
    """The roles are code (governance/roles.py sets each group's permissions to exactly
    the declared ones); who holds a role is set on the user."""


_unregister(TOTPDevice, StaticDevice)


class _DeviceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Second factors are enrolled by their owner and reset by a colleague through
    services.accounts (``mfa_reset``: permission, history, e-mail). Shown without keys,
    tokens or QR codes: django-otp's own admin shows them to whoever may view."""

    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__last_name", "user__email"]


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(_DeviceAdmin):
    pass


@admin.register(StaticDevice)
class StaticDeviceAdmin(_DeviceAdmin):
    pass


# Login throttling (django-axes): the logs are evidence, read-only; an attempt row may be
# deleted, which lifts its lock before the cool-off ends (axes' own "reset").
_unregister(AccessAttempt, AccessLog, AccessFailureLog)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(BaseAccessAttemptAdmin):
    admin_kind = AdminKind.OPERATIONAL


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyMixin, BaseAccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyMixin, BaseAccessFailureLogAdmin):
    pass
