import math

from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from hecht import params
from hecht.middleware import session_passive, session_times, session_touch


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page links:
    the logo's "H" (``static/img/favicon.svg``, linked from every page)."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database readiness for the load balancer and docker compose."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
@session_passive
def session_status(request: HttpRequest) -> JsonResponse:
    """For the warning script: seconds left before the idle timeout and the absolute end
    of the session. Not activity (``session_passive``): polling must not keep a session
    alive that nobody is using."""
    return _status(request)


def _status(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False})
    idle_left, lifetime_left = session_times(request)
    return JsonResponse(
        {
            "authenticated": True,
            # Rounded up: the script must not think the session over before the server does.
            "idle_remaining": max(0, math.ceil(idle_left)),
            "absolute_remaining": max(0, math.ceil(lifetime_left)),
        }
    )


@require_POST
@never_cache
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """ "Stay logged in" (WCAG 2.2.1): restart the idle clock. The absolute lifetime stays.
    With JavaScript the dialog posts here and gets the new status; without, the form
    returns to the page it was on."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.POST.get("next") or "/")
    session_touch(request)
    if request.headers.get("Accept") == "application/json":
        return _status(request)
    return HttpResponseRedirect(params.next_path(request, "/"))
