"""Accounts: log in (password, then the second factor), set up the authenticator app,
recovery codes, the lock-out page, and the secretariat's reset of a second factor."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance import mfa
from governance.access import access_account, account_scope, require
from governance.forms.accounts import CodeForm
from governance.services import accounts as services
from governance.views._http import AuthenticatedRequest
from hecht import params

NEW_CODES = "mfa_new_recovery_codes"  # session key: shown once, then removed


def _next(request: HttpRequest) -> str:
    return params.next_path(request, resolve_url(settings.LOGIN_REDIRECT_URL))


class LoginView(auth_views.LoginView):
    """Django's login (it passes the request to ``authenticate``, which django-axes
    needs); a first login starts the enrolment period for the second factor. The
    second-factor step follows through ``SecondFactorMiddleware``."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.mfa_grace_start(user=form.get_user())
        return response


login = LoginView.as_view()


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lock-out response (``AXES_LOCKOUT_CALLABLE``): the same page for every
    user name, existing or not, so that it discloses nothing."""
    context = {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return render(request, "registration/locked_out.html", context, status=429)


def _finish_second_factor(request: HttpRequest, device) -> None:
    otp_login(request, device)
    # A new session id once the session is fully trusted: an id seen before (say on a
    # shared computer's screen) must not inherit the verified state.
    request.session.cycle_key()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of the login: a code from the app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        result = services.mfa_verify(user=request.user, code=form.cleaned_data["code"])
        if result.device is not None:
            _finish_second_factor(request, result.device)
            if not isinstance(result.device, TOTPDevice):
                left = services.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You logged in with a recovery code; %(count)d code is left.",
                        "You logged in with a recovery code; %(count)d codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(_next(request))
        if result.wait_until is not None:
            when = timezone.localtime(result.wait_until).strftime("%H:%M:%S")
            form.add_error(
                "code",
                _("Too many wrong codes. Try again after %(time)s.") % {"time": when},
            )
        else:
            form.add_error("code", _("This code is not correct. Check the code and try again."))
    return render(request, "registration/mfa_verify.html", {"form": form, "next": _next(request)})


def _qr_svg(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app"), svgclass="hecht-qr__code"
    )
    # role=img with the <title> gives the image its accessible name.
    return svg.replace("<svg ", '<svg role="img" ', 1)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_enrol(request: AuthenticatedRequest) -> HttpResponse:
    """Set up the authenticator app: scan the QR code (or type the key), confirm with a
    first code; the recovery codes are shown next."""
    if services.has_confirmed_device(request.user):
        messages.info(request, _("You have already set up an authenticator app."))
        return redirect("governance:mfa-overview")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        confirmed = services.mfa_enrol_confirm(user=request.user, code=form.cleaned_data["code"])
        if confirmed is not None:
            device, codes = confirmed
            _finish_second_factor(request, device)
            request.session[NEW_CODES] = codes
            messages.success(request, _("Your authenticator app has been set up."))
            return redirect(f"{resolve_url('governance:mfa-recovery-codes')}?next={_next(request)}")
        form.add_error("code", _("This code is not correct. Check the code and try again."))
    device = services.totp_enrolment_device(user=request.user)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next(request),
        # segno draws the SVG from our own otpauth:// URL; the only text in it is our title.
        "qr_svg": mark_safe(_qr_svg(device)),  # noqa: S308
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "required": mfa.requirement_for(request.user, now=timezone.now()).required,
    }
    return render(request, "registration/mfa_enrol.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mfa_recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """GET: the new recovery codes, once (then they leave the session). POST: replace
    all recovery codes by a new set."""
    if request.method == "POST":
        try:
            request.session[NEW_CODES] = services.recovery_codes_regenerate(user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("governance:mfa-overview")
        return redirect("governance:mfa-recovery-codes")
    codes = request.session.pop(NEW_CODES, None)
    if not codes:
        return redirect("governance:mfa-overview")
    return render(
        request,
        "registration/mfa_recovery_codes.html",
        {"codes": codes, "next": _next(request)},
    )


@never_cache
@login_required
@require_GET
def mfa_overview(request: AuthenticatedRequest) -> HttpResponse:
    """Your second factor: set up or not, recovery codes left, since when it is required."""
    user = request.user
    context = {
        "device": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "codes_left": services.recovery_codes_left(user),
        "requirement": mfa.requirement_for(user, now=timezone.now()),
    }
    return render(request, "registration/mfa_overview.html", context)


# --- the secretariat: accounts and resetting a second factor -----------------------------


@login_required
@require_GET
def account_list(request: AuthenticatedRequest) -> HttpResponse:
    """Accounts with whether their second factor is set up (the secretariat)."""
    require(request.user, "governance.view_user")
    accounts = account_scope(request.user).annotate(
        has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    return render(request, "governance/account_list.html", {"accounts": accounts})


@login_required
@require_http_methods(["GET", "POST"])
def account_mfa_reset(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Reset someone's second factor (a lost phone): confirm, then the service."""
    account = access_account(request.user, pk, reset_second_factor=True)
    if request.method == "POST":
        try:
            services.mfa_reset(actor=request.user, user=account)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("governance:account-mfa-reset", pk=account.pk)
        messages.success(
            request,
            _("The second factor of %(name)s has been reset; they have been told by e-mail.")
            % {"name": account},
        )
        return redirect("governance:account-list")
    context = {"account": account, "has_app": services.has_confirmed_device(account)}
    return render(request, "governance/account_mfa_reset.html", context)
