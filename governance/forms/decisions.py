"""Forms of decisions (with the vote table) and written-procedure responses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from governance import tally
from governance.models import Decision, User, WrittenResponse
from governance.queries.decisions import Roster, Seat
from hecht.fields import field_of

ABSENT = "absent"
VOTE_CHOICES = (
    (tally.FOR, _("For")),
    (tally.AGAINST, _("Against")),
    (tally.ABSTAIN, _("Abstain")),
    (ABSENT, _("Absent / did not vote")),
)


class DecisionForm(forms.ModelForm):
    """The outcome, the decision text and, optionally, one vote per voting seat.

    Leaving every seat on "absent" records the decision without votes (for example
    a decision by acclamation)."""

    class Meta:
        model = Decision
        fields = ["outcome", "text"]
        widgets = {
            "outcome": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, seats: Roster, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "outcome", forms.ChoiceField).choices = Decision.Outcome.choices
        self.seats = seats.seats
        current = {}
        if self.instance.pk is not None:
            current = {v.voter_id: v.choice for v in self.instance.votes.all()}
        for seat in self.seats:
            self.fields[self.vote_field(seat)] = forms.ChoiceField(
                label=str(seat.user),
                choices=VOTE_CHOICES,
                widget=forms.RadioSelect,
                initial=current.get(seat.membership.user_id, ABSENT),
                # Not sent (a page without the vote table) means absent.
                required=False,
            )

    @staticmethod
    def vote_field(seat: Seat) -> str:
        return f"vote_{seat.membership.pk}"

    def vote_rows(self) -> list[tuple[Seat, forms.BoundField]]:
        return [(seat, self[self.vote_field(seat)]) for seat in self.seats]

    def votes(self) -> list[tuple[User, str]] | None:
        """(member, choice) for every seat that voted; None when nobody did."""
        cast = [
            (seat.user, self.cleaned_data[self.vote_field(seat)])
            for seat in self.seats
            if self.cleaned_data.get(self.vote_field(seat)) not in ("", None, ABSENT)
        ]
        return cast or None


class WrittenResponseForm(forms.ModelForm):
    class Meta:
        model = WrittenResponse
        fields = ["answer", "remarks"]
        widgets = {
            "answer": forms.RadioSelect,
            "remarks": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"remarks": _("Required when you agree with remarks.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field_of(self, "answer", forms.ChoiceField).choices = WrittenResponse.Answer.choices

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("answer") == WrittenResponse.Answer.REMARKS and not data.get("remarks", ""):
            self.add_error("remarks", _("Write down your remarks."))
        return data

    def _post_clean(self):
        # The service validates and saves (member and item are set there); the model's
        # full_clean would complain about the fields this form does not carry.
        pass
