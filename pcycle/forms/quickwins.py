"""Forms of the quick wins: the status and a progress note."""

from __future__ import annotations

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.forms.actions import DateInput
from hecht.fields import field_of

from ..models import QuickWin, QuickWinNote

# Long enough for a paragraph of progress, short enough for a report page.
MAX_NOTE = 4_000


class QuickWinStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("status"), choices=QuickWin.Status.choices, widget=forms.RadioSelect
    )


class QuickWinNoteForm(forms.ModelForm):
    """A dated progress note (the author is whoever writes it)."""

    text = forms.CharField(
        label=_("progress"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = QuickWinNote
        fields = ["written_on", "text"]
        widgets = {"written_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"written_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field_of(self, "written_on", BaseTemporalField).input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
