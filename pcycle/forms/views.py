"""Forms of the councils' views: registering or correcting a council's view (with its
council decision as a PDF, inspected by the service) and the executive board's reply.
The services check the dates and the text a position needs
(``pcycle.services.views``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.forms.actions import DateInput
from pcycle.models import CouncilView

# Long enough for a council's motivated view or a reasoned reply.
MAX_TEXT = 20_000


class CouncilViewForm(forms.Form):
    """A council's view: when it was received, its position, its text and the council
    decision (a PDF)."""

    received_on = forms.DateField(
        label=_("received on"),
        widget=DateInput(),
        error_messages={"required": _("Give the date the view was received.")},
    )
    position = forms.ChoiceField(
        label=_("position of the council"),
        choices=CouncilView.Position.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the council's position.")},
    )
    text = forms.CharField(
        label=_("the view"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Required when the council agrees with remarks or disagrees."),
    )
    decision_file = forms.FileField(
        label=_("council decision"),
        required=False,
        help_text=_("The council's decision as a PDF."),
    )

    def __init__(self, *args: Any, view: CouncilView | None = None, **kwargs: Any) -> None:
        if view is not None:
            kwargs.setdefault(
                "initial",
                {"received_on": view.received_on, "position": view.position, "text": view.text},
            )
        super().__init__(*args, **kwargs)
        if view is not None and view.decision_file_name:
            self.fields["decision_file"].help_text = _(
                "The council's decision as a PDF. Leave empty to keep %(name)s."
            ) % {"name": view.decision_file_name}

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "position": data["position"],
            "text": data["text"],
            "decision_file": data.get("decision_file") or None,
        }


class CouncilViewReplyForm(forms.Form):
    """The executive board's reasoned reply; a draft until the date it was sent."""

    reply = forms.CharField(
        label=_("reply of the executive board"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What the executive board did with the view, with reasons (Wgr art. 35 lid 4)."
        ),
        error_messages={
            "required": _("Write the reply: what the executive board did with the view.")
        },
    )
    sent_on = forms.DateField(
        label=_("reply sent on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the reply is a draft."),
    )

    def __init__(self, *args: Any, view: CouncilView, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"reply": view.reply, "sent_on": view.reply_sent_on})
        super().__init__(*args, **kwargs)

    def service_kwargs(self) -> dict[str, Any]:
        return {"reply": self.cleaned_data["reply"], "sent_on": self.cleaned_data["sent_on"]}
