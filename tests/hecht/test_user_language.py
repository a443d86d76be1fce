"""A logged-in user's language preference and the language switch."""

import pytest


@pytest.mark.django_db
def test_a_users_preferred_language_applies_until_the_switch_is_used(client):
    from django.conf import settings
    from django.urls import reverse

    from tests.factories import UserFactory

    user = UserFactory(username="english-member", language="en")
    client.force_login(user)
    assert "My overview" in client.get(reverse("governance:home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    assert "Mijn overzicht" in client.get(reverse("governance:home")).content.decode()
