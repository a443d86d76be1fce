"""``{% reads_along as reads %}`` in the main menu: whether the user reads along in any
review round, so "Te lezen" is offered only to the readers.

Asked on every page, so it is cheap: no query for a visitor or an account without a
municipality, otherwise one EXISTS. Contact officials read for the municipality of their
account; a BAO member whose account names no municipality finds the rounds through
"Mijn taken" (the review deadline source) instead of the menu.
"""

from __future__ import annotations

from django import template

from governance.access import my_invitations

register = template.Library()


@register.simple_tag(takes_context=True)
def reads_along(context: template.Context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.municipality_id is None:
        return False
    return my_invitations(user).exists()
