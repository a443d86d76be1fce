from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A code from the authenticator app (6 digits) or, at login, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "class": "utrecht-textbox utrecht-textbox--html-input hecht-code-input",
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )
