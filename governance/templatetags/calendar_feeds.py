"""``{% calendar_feed_links as feeds %}``: the addresses shown in
``governance/calendar_feeds.html``, so any page can include that snippet with one line."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from governance.models import Body
from governance.services.calendar import personal_feed_url

register = template.Library()


@dataclass(frozen=True)
class Feed:
    label: str
    url: str

    @property
    def webcal(self) -> str:
        """The same address with the ``webcal:`` scheme, which opens the calendar app."""
        return "webcal://" + self.url.split("://", 1)[-1]


@register.simple_tag(takes_context=True)
def calendar_feed_links(context) -> dict:
    """For a logged-in user: the personal feed (``None`` until they create its key — a
    page view never writes). For the public: the public feed and one feed per body
    (one query)."""
    request = context["request"]
    user = request.user
    if user.is_authenticated:
        url = personal_feed_url(user, request, create=False)
        return {"personal": Feed(str(user), url) if url else None}
    public = request.build_absolute_uri(reverse("governance:calendar-feed-public"))
    return {
        "public": Feed("", public),
        "bodies": [
            Feed(
                body.name,
                request.build_absolute_uri(
                    reverse("governance:calendar-feed-body", kwargs={"code": body.code})
                ),
            )
            for body in Body.objects.order_by("order", "code").only("code", "name")
        ],
    }
