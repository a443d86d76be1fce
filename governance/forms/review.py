"""Forms of co-reading.

The reader's side: a comment on a section of the cover note (with an optional
suggested text), on a page of a document (with the quoted text), or general; changing
a draft; finishing the round. The anchor travels in hidden fields; the services check
it against the round (``governance.services.review``).

The author's side: opening a round on a proposal, answering a submitted comment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from governance.models import (
    CoverNoteSection,
    DocumentVersion,
    Municipality,
    Proposal,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    RouteStep,
)
from governance.services.review import review_deadline
from hecht import fields as hecht_fields
from hecht.fields import field_of
from hecht.params import parse_int

# Long enough for a rewritten section, short enough to keep a page of comments readable.
MAX_TEXT = 10_000


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- The reader's side


class CommentForm(forms.Form):
    """A general comment: about the proposal as a whole."""

    anchor = forms.CharField(widget=forms.HiddenInput, initial=ReviewComment.Anchor.GENERAL)
    text = forms.CharField(
        label=_("comment"),
        max_length=MAX_TEXT,
        widget=_textarea(4),
        error_messages={"required": _("Write your comment.")},
    )

    ANCHOR = ReviewComment.Anchor.GENERAL

    def __init__(self, *args: Any, key: str = "general", **kwargs: Any) -> None:
        # Several comment forms share a page: ``key`` keeps their ids apart while the
        # field names stay the same for the one view that receives them all.
        kwargs.setdefault("auto_id", f"id_{key}_%s")
        kwargs.setdefault("initial", {}).setdefault("anchor", self.ANCHOR)
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return {"anchor": self.ANCHOR, "text": self.cleaned_data["text"]}


class SectionCommentForm(CommentForm):
    """A comment on one section of the cover note, with an optional suggested text."""

    section = forms.ChoiceField(choices=CoverNoteSection.choices, widget=forms.HiddenInput)
    # A suggested text alone is a comment too (the service wants one of the two).
    text = forms.CharField(
        label=_("comment"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(4),
        help_text=_("A comment, a suggested text, or both."),
    )
    suggestion = forms.CharField(
        label=_("suggested text"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(4),
        help_text=_(
            "Optional: the text you propose instead of this section. When the authors "
            "adopt it, it replaces the section of the cover note."
        ),
    )

    ANCHOR = ReviewComment.Anchor.SECTION

    def service_kwargs(self) -> dict[str, Any]:
        return {
            **super().service_kwargs(),
            "section": self.cleaned_data["section"],
            "suggestion": self.cleaned_data["suggestion"],
        }


class PageCommentForm(CommentForm):
    """A comment on a page of a document read in the round, with the quoted text."""

    version = hecht_fields.ModelChoiceField(
        queryset=DocumentVersion.objects.none(), widget=forms.HiddenInput
    )
    page = forms.IntegerField(
        label=_("page"),
        min_value=1,
        error_messages={"required": _("Give the page number.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    quote = forms.CharField(
        label=_("quoted text"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(3),
        help_text=_(
            "Optional: the passage your comment is about. Select it in the document and "
            "choose “Quote selection”, or copy it here."
        ),
    )

    ANCHOR = ReviewComment.Anchor.PAGE
    field_order = ["anchor", "version", "page", "quote", "text"]

    def __init__(self, *args: Any, review_round: ReviewRound, **kwargs: Any) -> None:
        kwargs.setdefault("key", "page")
        super().__init__(*args, **kwargs)
        field_of(self, "version", forms.ModelChoiceField).queryset = review_round.versions.all()

    def service_kwargs(self) -> dict[str, Any]:
        return {
            **super().service_kwargs(),
            "version": self.cleaned_data["version"],
            "page": self.cleaned_data["page"],
            "quote": self.cleaned_data["quote"],
        }


def comment_form_class(anchor: str) -> type[CommentForm]:
    """The form for a posted ``anchor`` (an unknown one is a general comment: the hidden
    field is the reader's own browser, not a choice)."""
    forms_by_anchor: dict[str, type[CommentForm]] = {
        ReviewComment.Anchor.SECTION: SectionCommentForm,
        ReviewComment.Anchor.PAGE: PageCommentForm,
    }
    return forms_by_anchor.get(anchor, CommentForm)


class CommentEditForm(forms.Form):
    """Change a draft comment; the suggested text only on a cover-note section."""

    text = forms.CharField(
        label=_("comment"), required=False, max_length=MAX_TEXT, widget=_textarea(5)
    )
    suggestion = forms.CharField(
        label=_("suggested text"),
        required=False,
        max_length=MAX_TEXT,
        widget=_textarea(5),
        help_text=_("Optional: the text you propose instead of this section."),
    )

    def __init__(self, *args: Any, comment: ReviewComment, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"text": comment.text, "suggestion": comment.suggestion})
        super().__init__(*args, **kwargs)
        if comment.anchor != ReviewComment.Anchor.SECTION:
            del self.fields["suggestion"]

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "text": self.cleaned_data["text"],
            "suggestion": self.cleaned_data.get("suggestion", ""),
        }


class FinishForm(forms.Form):
    """How the municipality finishes the round."""

    outcome = forms.ChoiceField(
        label=_("how your municipality finishes the round"),
        choices=[
            (ReviewInvitation.Outcome.REMARKS, _("Submit the comments")),
            (ReviewInvitation.Outcome.NO_REMARKS, _("No remarks")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how your municipality finishes the round.")},
    )


# --- The author's side ------------------------------------------------------------------

DEFAULT_WORKING_DAYS = 10


class _VersionChoice(hecht_fields.ModelMultipleChoiceField):
    def label_from_instance(self, obj: DocumentVersion) -> str:
        return str(
            _("%(title)s (version %(number)s)")
            % {"title": obj.document.title, "number": obj.number}
        )


class _StepChoice(hecht_fields.ModelChoiceField):
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
    municipalities = hecht_fields.ModelMultipleChoiceField(
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
        max_value=ReviewRound.MAX_WORKING_DAYS,
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
        posted = (
            parse_int(self.data.get("working_days"), maximum=ReviewRound.MAX_WORKING_DAYS)
            if self.is_bound
            else None
        )
        if posted is not None:
            days = posted
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
