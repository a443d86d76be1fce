"""Forms of the "Vrije dagen" page: a closing day to add, a national day to work on."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms.actions import DateInput


class ClosingDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Shown to everyone, such as “Good Friday” or “Day after Ascension Day”."),
    )


class WaiveForm(forms.Form):
    """The national day off to work on (a hidden field of the button on its row)."""

    date = forms.DateField(widget=forms.HiddenInput())
