"""Forms of co-reading (meelezen)."""

from __future__ import annotations

# --- The author's side: imports ---------------------------------------------------------
import datetime as dt

from django import forms
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from governance.models import (
    DocumentVersion,
    Municipality,
    Proposal,
    ReviewComment,
    ReviewRound,
    RouteStep,
)
from governance.services.review import MAX_WORKING_DAYS, review_deadline
from hecht.fields import field_of

# --- The author's side ------------------------------------------------------------------

DEFAULT_WORKING_DAYS = 10


class _VersionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DocumentVersion) -> str:
        return str(
            _("%(title)s (version %(number)s)")
            % {"title": obj.document.title, "number": obj.number}
        )


class _StepChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RouteStep) -> str:
        return str(
            _("Before step %(position)s: %(body)s (%(purpose)s)")
            % {
                "position": obj.position,
                "body": obj.body.name,
                "purpose": obj.get_purpose_display().lower(),
            }
        )


def deadline_help(working_days: int) -> str:
    """The help text of the period: the deadline it gives when opened today."""
    deadline: dt.date = review_deadline(timezone.localdate(), working_days)
    return str(
        _(
            "Working days from today; weekends and the organisation's days off are skipped. "
            "With %(days)s working days the deadline is %(date)s."
        )
        % {"days": working_days, "date": formats.date_format(deadline, "l j F Y")}
    )


class ReviewRoundOpenForm(forms.Form):
    """Open a review round on a proposal: the request to the readers, what is read, by
    which municipalities, who sees the comments, until when, and before which step."""

    question = forms.CharField(
        label=_("request to the readers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the readers are asked to look at in particular."),
    )
    includes_cover_note = forms.BooleanField(
        label=_("the cover note is read"), required=False, initial=True
    )
    versions = _VersionChoice(
        label=_("documents read"),
        queryset=DocumentVersion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The current version of each document you choose."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("municipalities"),
        queryset=Municipality.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their contact officials are invited to read along."),
    )
    includes_bao = forms.BooleanField(
        label=_("the members of the BAO read along"),
        required=False,
        help_text=_("The members of the officials' consultation read for their municipality."),
    )
    visibility = forms.ChoiceField(
        label=_("visibility of comments"),
        choices=ReviewRound.Visibility.choices,
        initial=ReviewRound.Visibility.CLOSED,
        widget=forms.RadioSelect,
        help_text=_(
            "The secretariat and the directie always see every submitted comment. In an "
            "open round the municipalities also see each other's submitted comments."
        ),
    )
    working_days = forms.IntegerField(
        label=_("period in working days"),
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        initial=DEFAULT_WORKING_DAYS,
    )
    before_step = _StepChoice(
        label=_("before the route step"),
        queryset=RouteStep.objects.none(),
        required=False,
        empty_label=_("Not a step of the route"),
        help_text=_("The round is a step of the route, before this body treats the proposal."),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "versions", forms.ModelMultipleChoiceField).queryset = (
            DocumentVersion.objects.filter(
                document__proposal=proposal, document__current_version=F("pk")
            )
            .select_related("document")
            .order_by("document__order", "document__title", "pk")
        )
        self.fields["municipalities"].initial = list(
            Municipality.objects.values_list("pk", flat=True)
        )
        field_of(self, "before_step", forms.ModelChoiceField).queryset = (
            RouteStep.objects.filter(proposal=proposal, outcome=RouteStep.Outcome.PENDING)
            .select_related("body")
            .order_by("position")
        )
        days = DEFAULT_WORKING_DAYS
        posted = self.data.get("working_days", "") if self.is_bound else ""
        if posted.isdigit() and 1 <= int(posted) <= MAX_WORKING_DAYS:
            days = int(posted)
        self.fields["working_days"].help_text = deadline_help(days)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "question": data["question"],
            "includes_cover_note": data["includes_cover_note"],
            "versions": list(data["versions"]),
            "municipalities": list(data["municipalities"]),
            "includes_bao": data["includes_bao"],
            "visibility": data["visibility"],
            "working_days": data["working_days"],
            "before_step": data["before_step"],
        }


ANSWER_CHOICES = [
    (ReviewComment.Answer.ADOPTED, ReviewComment.Answer.ADOPTED.label),
    (ReviewComment.Answer.PARTLY, ReviewComment.Answer.PARTLY.label),
    (ReviewComment.Answer.NOT_ADOPTED, ReviewComment.Answer.NOT_ADOPTED.label),
]


class ReviewAnswerForm(forms.Form):
    """The author's answer to a submitted comment; the reason is required for partly or
    not adopted (the service enforces it and reports it on ``answer_reason``)."""

    answer = forms.ChoiceField(label=_("answer"), choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    answer_reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the comment is partly or not adopted."),
    )
    adopt_suggestion = forms.BooleanField(
        label=_("Adopt the suggested text in the cover note"),
        required=False,
        help_text=_("The suggested text replaces the section's current text."),
    )

    def __init__(self, *args, comment: ReviewComment, **kwargs):
        kwargs.setdefault(
            "initial",
            {"answer": comment.answer or None, "answer_reason": comment.answer_reason},
        )
        super().__init__(*args, **kwargs)
        if not comment.suggestion:
            del self.fields["adopt_suggestion"]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "answer": data["answer"],
            "reason": data["answer_reason"],
            "adopt_suggestion": data.get("adopt_suggestion", False),
        }
