"""Forms of document uploads and cover notes."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from governance.models import CoverNote, Document, ReviewRound
from governance.services.cover_notes import COVER_NOTE_FIELDS, FINANCIAL_FIELDS
from hecht import fields as hecht_fields
from hecht.fields import field_of


def _file_help() -> str:
    return str(
        _("PDF; annexes may also be docx, xlsx, pptx, odt, ods or odp. At most %(limit)s MB.")
        % {"limit": settings.HECHT_MAX_UPLOAD_MB}
    )


class DocumentUploadForm(forms.ModelForm):
    """A new document with its first file. The file itself is checked by the service
    (``inspect_upload``), which reports its errors on the ``file`` field."""

    file = forms.FileField(label=_("file"))
    note = forms.CharField(
        label=_("note"),
        max_length=250,
        required=False,
        help_text=_("Optional: anything the readers should know about this file."),
    )

    class Meta:
        model = Document
        fields = ["kind", "title", "is_confidential"]

    def __init__(self, *args, confidential_forced: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
        if confidential_forced:
            self.fields["is_confidential"].help_text = _(
                "Always confidential: it belongs to confidential work."
            )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "is_confidential": data["is_confidential"],
            "file": data["file"],
            "note": data["note"],
        }


class _RoundChoice(hecht_fields.ModelChoiceField):
    def label_from_instance(self, obj: ReviewRound) -> str:
        return str(_("Review round %(number)s") % {"number": obj.number})


class DocumentVersionForm(forms.Form):
    file = forms.FileField(label=_("file"))
    note = forms.CharField(
        label=_("what changed"),
        max_length=250,
        required=False,
        help_text=_("For example: the financial paragraph was corrected."),
    )
    answers_round = _RoundChoice(
        label=_("in answer to the comments of"),
        queryset=ReviewRound.objects.none(),
        required=False,
        empty_label=_("No review round"),
        help_text=_("The version that processes the comments of a review round."),
    )

    def __init__(self, *args, document: Document | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help()
        # The rounds of the document's proposal; without any, the choice is left out.
        rounds = ReviewRound.objects.none()
        if document is not None and document.proposal_id is not None:
            rounds = ReviewRound.objects.filter(proposal_id=document.proposal_id).order_by("number")
        if rounds.exists():
            field_of(self, "answers_round", forms.ModelChoiceField).queryset = rounds
        else:
            del self.fields["answers_round"]


class CoverNoteForm(forms.ModelForm):
    class Meta:
        model = CoverNote
        fields = list(COVER_NOTE_FIELDS)
        widgets = {
            "financial": forms.RadioSelect,
            "nature": forms.RadioSelect,
            "distribution": forms.RadioSelect,
            "decision_points": forms.Textarea(attrs={"rows": 4}),
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "no_financial_reason": forms.Textarea(attrs={"rows": 2}),
            "reserve_effect": forms.Textarea(attrs={"rows": 2}),
            "financial_explanation": forms.Textarea(attrs={"rows": 3}),
            "risks": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "communication": forms.Textarea(attrs={"rows": 2}),
            "consultation": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "financial": _("Required before the cover note can be marked complete."),
            "no_financial_reason": _('Required when you choose "No financial consequences".'),
            "nature": _("A structural amount recurs every year."),
            "budget_line": _("The programme or line of the budget that bears the amount."),
            "distribution": _("How the amount is shared by the municipalities."),
            "distribution_key": _('Only for "Distribution key".'),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's "" choice reads "Not filled in yet"; as a radio button it would
        # be an answer, so it is not offered (leaving all radios empty keeps it).
        field_of(self, "financial", forms.ChoiceField).choices = [
            choice for choice in CoverNote.Financial.choices if choice[0]
        ]
        self.fields["financial"].required = False
        field_of(self, "nature", forms.ChoiceField).choices = list(CoverNote.Nature.choices)
        self.fields["nature"].required = False
        field_of(self, "distribution", forms.ChoiceField).choices = list(
            CoverNote.Distribution.choices
        )

    @property
    def financial_fields(self):
        return [self[name] for name in FINANCIAL_FIELDS]

    @property
    def text_fields_before(self):
        return [self[name] for name in ("decision_points", "introduction")]

    @property
    def text_fields_after(self):
        return [self[name] for name in ("risks", "legal_basis", "communication", "consultation")]

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in COVER_NOTE_FIELDS}
