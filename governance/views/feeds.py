"""Calendar feeds (iCalendar) for calendar apps to subscribe to, without a login.

Which meetings a feed holds is decided by ``access.meeting_scope`` only: the public
and body feeds use the scope of an anonymous visitor (public meetings), the personal
feed the scope of the user whose secret key is in the address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from governance import feeds, services
from governance.access import meeting_scope
from governance.models import Body, Meeting, User
from governance.views._http import AuthenticatedRequest
from hecht import params

# Shared caches may keep a public feed for a quarter of an hour (clients poll hourly).
PUBLIC_MAX_AGE = 15 * 60


def _max_length(name: str) -> int:
    field = User._meta.get_field(name)
    if not isinstance(field, CharField) or field.max_length is None:
        raise TypeError(f"User.{name} is no CharField with a max_length")
    return field.max_length


TOKEN_MAX_LENGTH = _max_length("calendar_token")


def _feed_response(request: HttpRequest, scope, *, name: str, filename: str) -> HttpResponse:
    def url_for(meeting: Meeting) -> str:
        return request.build_absolute_uri(
            reverse("governance:meeting-detail", kwargs={"pk": meeting.pk})
        )

    now = timezone.now()
    body = feeds.build_calendar(
        feeds.feed_meetings(scope, now=now), name=name, url_for=url_for, now=now
    )
    response = HttpResponse(body, content_type=feeds.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _public_response(request, scope, *, name: str, filename: str) -> HttpResponse:
    response = _feed_response(request, scope, name=name, filename=filename)
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@require_GET
def calendar_feed_public(request: HttpRequest) -> HttpResponse:
    """All public meetings."""
    return _public_response(
        request,
        meeting_scope(AnonymousUser()),
        name=_("%(organisation)s public meetings")
        % {"organisation": settings.HECHT_ORGANISATION_NAME},
        filename="openbaar.ics",
    )


@require_GET
def calendar_feed_body(request: HttpRequest, code: str) -> HttpResponse:
    """The public meetings of one body (``code`` as in ``AB``, any case)."""
    body = get_object_or_404(Body, code=code.upper())
    return _public_response(
        request,
        meeting_scope(AnonymousUser()).filter(body=body),
        name=_("%(organisation)s %(body)s public meetings")
        % {"organisation": settings.HECHT_ORGANISATION_NAME, "body": body.name},
        filename=f"{body.code}.ics",
    )


@require_GET
def calendar_feed_personal(request: HttpRequest, token: str) -> HttpResponse:
    """Everything the key's owner may see. No session: the key is the credential, so an
    unknown key or a deactivated user is a 404."""
    if len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    user = User.objects.filter(calendar_token=token, is_active=True).first()
    if user is None:
        raise Http404
    response = _feed_response(
        request,
        meeting_scope(user),
        name=_("%(organisation)s meetings of %(name)s")
        % {
            "organisation": settings.HECHT_ORGANISATION_NAME,
            "name": user.get_full_name() or user.username,
        },
        filename="persoonlijk.ics",
    )
    # It may hold closed meetings: no shared cache keeps it, no search engine lists it.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
@login_required
def calendar_token_reset(request: AuthenticatedRequest) -> HttpResponse:
    """Give the logged-in user a new personal feed key (or the first one)."""
    had_key = bool(request.user.calendar_token)
    services.calendar_token_reset(actor=request.user, user=request.user)
    messages.success(
        request,
        _("Your calendar feed has a new address; the old address no longer works.")
        if had_key
        else _("Your personal calendar feed address has been created."),
    )
    next_url = params.next_path(request, reverse("governance:home"))
    return HttpResponseRedirect(f"{next_url}#calendar-feeds")
