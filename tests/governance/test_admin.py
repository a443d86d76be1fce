"""Every model registered in the admin: its list (with search and a filter) and, where
adding is allowed, its add form open for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    CoverNoteFactory,
    DecisionFactory,
    DocumentFactory,
    ProposalFactory,
    TrackFactory,
    UserFactory,
)

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label == "governance"
)


@pytest.fixture
def superuser(db):
    return UserFactory(username="beheerder", is_staff=True, is_superuser=True)


@pytest.fixture
def some_rows(db, ab):
    proposal = ProposalFactory()
    DocumentFactory(proposal=proposal)
    CoverNoteFactory(proposal=proposal)
    DecisionFactory(agenda_item=AgendaItemFactory())
    ActionFactory(actor_body=ab, actor="body")
    TrackFactory()


# Not registered on purpose: a member's private notes reach nobody but the member, the
# secretariat and its admin included; a round's invitations are an inline of the round.
NOT_REGISTERED = {"privatenote", "reviewinvitation"}


def test_every_governance_model_is_registered():
    from django.apps import apps

    models = {
        m._meta.model_name
        for m in apps.get_app_config("governance").get_models()
        if not m._meta.model_name.startswith("historical")
    }
    assert models - NOT_REGISTERED == {name for _app, name in REGISTERED}
    assert not NOT_REGISTERED & {name for _app, name in REGISTERED}


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_admin_pages_open(client, superuser, some_rows, app_label, model_name):
    client.force_login(superuser)
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "x"}).status_code == 200
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name)
    model_admin = admin.site._registry[model]
    request = type("R", (), {"user": superuser})()
    if model_admin.has_add_permission(request):
        assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 200
    first = model.objects.first()
    if first is not None:
        change = reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk])
        assert client.get(change).status_code == 200
        history = reverse(f"admin:{app_label}_{model_name}_history", args=[first.pk])
        assert client.get(history).status_code == 200


# A meeting's time or place changes through services.meeting_update, which raises the
# calendar SEQUENCE; the meeting admin is read-only
# (tests/governance/test_admin_write_path.py).


def test_the_admin_does_not_offer_status_or_publication_as_fields(
    client, superuser, public_ab_meeting
):
    client.force_login(superuser)
    url = reverse("admin:governance_meeting_change", args=[public_ab_meeting.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    assert 'name="agenda_published_at"' not in page
