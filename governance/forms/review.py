"""Forms of co-reading.

The reader's side: a comment on a section of the cover note (with an optional
suggested text), on a page of a document (with the quoted text), or general; changing
a draft; finishing the round. The anchor travels in hidden fields; the services check
it against the round (``governance.services.review``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.models import (
    CoverNoteSection,
    DocumentVersion,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
)
from hecht.fields import field_of

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

    version = forms.ModelChoiceField(
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
