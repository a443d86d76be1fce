from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawPublicationForm(forms.Form):
    """Why a publication is withdrawn; the reason is kept in the meeting's history."""

    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Kept in the change history, e.g. “wrong version of the annex published”."),
    )
