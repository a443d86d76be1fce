"""Form errors the accessible way: after a rejected submit the page title starts with
"Fout:", an error summary (focusable, first in the form) links to every field in error,
the errors of a radio or checkbox group are tied to its fieldset, and a failed login marks
its fields invalid."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from governance.forms.decisions import DecisionForm
from governance.queries.decisions import roster
from tests.factories import PASSWORD, AgendaItemFactory, UserFactory
from tests.governance.route_helpers import meeting


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the page title."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _parse(response) -> _Elements:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser


def _find(page: _Elements, tag: str, **attrs: str) -> list[dict[str, str]]:
    return [
        found
        for name, found in page.elements
        if name == tag and all(found.get(key.replace("_", "-")) == v for key, v in attrs.items())
    ]


def _summary_links(page: _Elements) -> list[str]:
    html_links = []
    inside = False
    for tag, attrs in page.elements:
        if attrs.get("data-error-summary") is not None and "data-error-summary" in attrs:
            inside = True
        elif inside and tag == "a":
            html_links.append(attrs["href"])
        elif inside and tag in ("label", "input", "fieldset"):
            break
    return html_links


@pytest.fixture
def builder_url(secretary, ab):
    ab_meeting = meeting(ab, 2030, 7, 9, 14)
    return reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk})


def test_a_page_without_errors_has_a_plain_title(client, secretary, builder_url):
    client.force_login(secretary)
    page = _parse(client.get(builder_url))
    assert page.title.startswith("Agenda van")
    assert not _find(page, "div", id="form-errors")


def test_a_rejected_submit_says_so_in_the_title_and_summarises_the_errors(
    client, secretary, builder_url
):
    client.force_login(secretary)
    response = client.post(builder_url, {"title": "", "kind": "nonsense"})
    assert response.status_code == 200
    page = _parse(response)
    assert page.title.startswith("Fout: Agenda van")
    (summary,) = _find(page, "div", id="form-errors")
    assert summary["role"] == "alert"
    assert summary["tabindex"] == "-1"
    assert "data-error-summary" in summary
    assert (
        '<h2 class="utrecht-heading-2 hecht-error-summary__title" id="form-errors-title">'
        "Er is een probleem</h2>" in response.content.decode()
    )
    # A link to each field in error, and each target exists on the page.
    assert _summary_links(page) == ["#id_title", "#id_kind", "#id_confidentiality"]
    for target in _summary_links(page):
        assert _find(page, "input", id=target[1:]) or _find(page, "select", id=target[1:])
    # The field points at its own message.
    (title_input,) = _find(page, "input", id="id_title")
    assert title_input["aria-invalid"] == "true"
    assert "id_title_error" in title_input["aria-describedby"]
    assert _find(page, "div", id="id_title_error")
    # The script that moves focus to the summary is on the page.
    assert _find(page, "script", src="/static/js/hecht.js")


def test_errors_of_a_radio_group_are_tied_to_its_fieldset(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("governance:reminder-preferences"),
        {"digest_time": "08:00", "urgent_immediately": "1", "language": "xx"},
    )
    page = _parse(response)
    assert page.title.startswith("Fout: ")
    fieldsets = [
        attrs
        for attrs in (f for t, f in page.elements if t == "fieldset")
        if "id_language_error" in attrs.get("aria-describedby", "")
    ]
    assert len(fieldsets) == 1
    assert fieldsets[0]["aria-describedby"].split() == ["id_language_error", "id_language_helptext"]
    assert _find(page, "div", id="id_language_error")
    # The summary links to the first option of the group (a fieldset takes no focus).
    assert _summary_links(page) == ["#id_language_0"]
    assert _find(page, "input", id="id_language_0")
    # The group without errors points at its help text only.
    (urgent,) = [
        attrs
        for t, attrs in page.elements
        if t == "fieldset" and "id_urgent_immediately" in attrs.get("aria-describedby", "")
    ]
    assert urgent["aria-describedby"] == "id_urgent_immediately_helptext"


def test_a_failed_login_marks_both_fields_invalid(client, db):
    user = UserFactory()
    page = _parse(client.get(reverse("login")))
    (username,) = _find(page, "input", id="id_username")
    assert "aria-invalid" not in username
    assert not page.title.startswith("Fout:")

    response = client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    page = _parse(response)
    assert page.title.startswith("Fout: ")
    for field in ("id_username", "id_password"):
        (control,) = _find(page, "input", id=field)
        assert control["aria-invalid"] == "true"
        assert control["aria-describedby"] == "login-error"
    (message,) = _find(page, "a", id="login-error")
    assert message["href"] == "#id_username"
    (summary,) = _find(page, "div", id="form-errors")
    assert "data-error-summary" in summary and summary["tabindex"] == "-1"
    # The right password still works (nothing above changed the form itself).
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_decision_forms_radio_groups_tie_their_errors_to_their_fieldsets(
    client, secretary, ab, ab_member
):
    """The outcome and each member's vote are radio groups; a rejected submit points each
    fieldset at its own error message."""
    item = AgendaItemFactory(meeting=meeting(ab, 2025, 3, 5, 14), title="Begroting")
    client.force_login(secretary)
    url = reverse("governance:decision-record", args=[item.pk])
    seat = roster(item.meeting).seats[0]
    response = client.post(url, {"text": "Conform.", DecisionForm.vote_field(seat): "maybe"})
    assert response.status_code == 200
    page = _parse(response)
    assert page.title.startswith("Fout: ")
    described = {attrs.get("aria-describedby", "") for t, attrs in page.elements if t == "fieldset"}
    vote_id = f"id_{DecisionForm.vote_field(seat)}_error"
    assert "id_outcome_error" in described and vote_id in described, described
    assert _find(page, "div", id="id_outcome_error") and _find(page, "div", id=vote_id)
    assert _summary_links(page)[0] == "#id_outcome_0"
