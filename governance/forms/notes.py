"""The form of a private note (``governance.services.notes``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    """Page, highlighted text and note. The reading page's script fills the page and the
    quote from the viewer's "Quote selection"; without JavaScript the reader types the
    page (the quote is optional)."""

    page = forms.IntegerField(label=_("on page"), min_value=1)
    quote = forms.CharField(
        label=_("highlighted text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Select text in the document and choose “Quote selection”, or leave empty."),
    )
    text = forms.CharField(
        label=_("your note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you can read your notes."),
    )

    def __init__(self, *args, prefix_id: str = "note", **kwargs):
        kwargs.setdefault("auto_id", f"{prefix_id}-%s")
        super().__init__(*args, **kwargs)
