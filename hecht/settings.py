"""Settings for Hecht Bestuur.

Configuration comes only from environment variables (see README). With nothing set
the app runs on the embedded default: SQLite file, Celery tasks eager in-process,
e-mail to the console, ``DEBUG`` on.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from hecht.env import (
    database_config,
    email_config,
    env_bool,
    env_int,
    env_json,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
# With DEBUG on, the friendly 403/404/500 pages rather than Django's technical ones (set
# to 0 to see those while debugging); without DEBUG the friendly pages are always shown.
HECHT_FRIENDLY_ERROR_PAGES = env_bool("HECHT_FRIENDLY_ERROR_PAGES", True)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and (SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of 50+ characters when DEBUG is off."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "hecht",
    "governance",
    "pcycle",
    "reserves",
    "dialogue",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "hecht.middleware.UserLanguageMiddleware",
    # After the language and the user are known: the login page for an anonymous 404 on
    # an internal page, and the friendly error pages under DEBUG.
    "hecht.middleware.ErrorPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime first: an expired session is logged out before
    # the second-factor gate would send it anywhere.
    "hecht.middleware.SessionTimeoutMiddleware",
    "governance.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "hecht.middleware.NoStoreForAuthenticatedMiddleware",
    # Last, so that it sees the login view's response and can replace it with the
    # lock-out page (django-axes sets request.axes_locked_out during authenticate).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hecht.urls"
WSGI_APPLICATION = "hecht.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hecht.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": database_config(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "governance.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "governance:home"
LOGOUT_REDIRECT_URL = "governance:home"
# django-axes first: it refuses a locked-out account or address before a password is
# checked (the login view passes the request to authenticate(), as axes needs).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hecht.validators.DifferentFromCurrentPasswordValidator"},
]

# --- Login throttling (django-axes) ----------------------------------------------------
# Failures are counted per user name and, separately, per address: either reaching the
# limit locks that account or address for the cool-off time. An unknown user name is
# counted and locked the same way, so the lock-out page tells nothing about which
# accounts exist. A try during the lock-out does not extend it (the page names a time).
AXES_FAILURE_LIMIT = env_int("HECHT_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env_int("HECHT_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "governance.views.accounts.locked_out"
# Behind N reverse proxies the client address is the N-th from the right in
# X-Forwarded-For (what the proxies appended, never what the client sent).
HECHT_TRUSTED_PROXIES = env_int("HECHT_TRUSTED_PROXIES", 0, minimum=0, maximum=5)
AXES_CLIENT_IP_CALLABLE = "hecht.throttling.client_ip"
AXES_VERBOSE = False

# --- Second factor (django-otp) ---------------------------------------------------------
# Required at once for the secretariat, the directie and staff (/beheer/); offered to
# everyone else and required after this many days, counted from their first login with
# this release (User.mfa_grace_from). governance/mfa.py holds the rule.
HECHT_MFA_GRACE_DAYS = env_int("HECHT_MFA_GRACE_DAYS", 30, minimum=0, maximum=365)
HECHT_MFA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Hecht Bestuur"
# A wrong code doubles the wait before the next try: 1 s, 2 s, 4 s, … (django-otp).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Sessions -------------------------------------------------------------------------
# Idle timeout (server-side, hecht.middleware.SessionTimeoutMiddleware) with a warning
# dialog this many seconds before (WCAG 2.2.1 asks for at least 20); the absolute
# lifetime is SESSION_COOKIE_AGE from the login, whatever the activity.
HECHT_SESSION_IDLE_SECONDS = env_int("HECHT_SESSION_IDLE_MINUTES", 30, minimum=2) * 60
HECHT_SESSION_WARNING_SECONDS = env_int("HECHT_SESSION_WARNING_SECONDS", 120, minimum=20)
if HECHT_SESSION_WARNING_SECONDS >= HECHT_SESSION_IDLE_SECONDS:
    raise ImproperlyConfigured(
        "HECHT_SESSION_WARNING_SECONDS must be shorter than the idle timeout."
    )

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# pdf.js ships ES modules (.mjs); a module script needs a JavaScript MIME type, also on
# hosts without /etc/mime.types (Django's static serving guesses from ``mimetypes``).
mimetypes.add_type("text/javascript", ".mjs")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail ---------------------------------------------------------------------------
globals().update(email_config(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Hecht Bestuur <bestuurssecretariaat@hecht.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------
# Without a broker, tasks run eagerly in-process (embedded default, tests).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Deployments sharing one Redis give each installation a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# A web request must not hang when the broker is down: publishing gives up quickly and
# the caller logs it (hecht.tasks.enqueue_on_commit); the reminder sweep catches up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Plan, claim and send due reminders; an unrun sweep expires instead of piling up.
    "reminders-sweep": {
        "task": "governance.sweep_reminders",
        "schedule": env_int("HECHT_REMINDER_SWEEP_SECONDS", 300, minimum=30),
        "options": {"expires": 240},
    },
}

# --- Security -------------------------------------------------------------------------
# A strict policy from day one: no inline script or style, no plug-ins, no framing.
# htmx is loaded with the per-request nonce (``{% htmx_script %}``).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The document viewer's pdf.js worker: a static file, never a blob: or data: URL.
        "worker-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The container health check probes plain HTTP from inside; everything else redirects.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = [
    # W021 (HSTS preload) is an organisational decision: submitting the domain to the
    # browsers' preload list is irreversible for months, so it is opt-in via SECURE_HSTS_PRELOAD.
    "security.W021",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; its warnings (a refused URL) stay.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "ERROR"},  # font subsetting chatter
        # Every login and logout at INFO; lock-outs stay (WARNING). The attempts are
        # also kept in the database (axes' AccessAttempt and AccessLog, in /beheer/).
        "axes": {"level": "WARNING"},
    },
}

# --- Application ----------------------------------------------------------------------
HECHT_ORGANISATION_NAME = env_str("HECHT_ORGANISATION_NAME", "GR Hecht")
# Documents for a meeting are due at this local time on the deadline day
# (Body.document_lead_days working days before the meeting).
HECHT_DOCUMENT_DEADLINE_TIME = dt.time(12, 0)
# Upload limit for one document version, in megabytes.
HECHT_MAX_UPLOAD_MB = env_int("HECHT_MAX_UPLOAD_MB", 25, minimum=1)
# Where the application is reached, for links in e-mails (no trailing slash needed).
HECHT_SITE_URL = env_str("HECHT_SITE_URL", "http://127.0.0.1:8000")
# Reminders (governance/reminders): stages per kind of deadline override the defaults
# registered with each source, as JSON in the environment, e.g.
# HECHT_REMINDER_POLICY='{"action": [[-5], [0, "urgent"], [3, "escalate"]]}' (working days
# relative to the due day). The system check governance.E002/E003 refuses unknown kinds
# and malformed stages at start-up (migrate and check run it).
HECHT_REMINDER_POLICY: dict[str, list] = env_json("HECHT_REMINDER_POLICY", {})
if not isinstance(HECHT_REMINDER_POLICY, dict):
    raise ImproperlyConfigured(
        "HECHT_REMINDER_POLICY must be a JSON object mapping kinds to lists of stages."
    )
# A failed send is retried after 5 min, 10, 20, … (at most 6 h) up to this many attempts.
HECHT_REMINDER_RETRY_SECONDS = env_int("HECHT_REMINDER_RETRY_SECONDS", 300, minimum=30)
HECHT_REMINDER_MAX_ATTEMPTS = env_int("HECHT_REMINDER_MAX_ATTEMPTS", 8, minimum=1, maximum=50)
# A row "sending" for longer than this is taken back (its worker died). Longer than the
# delivery task's hard time limit (90 s), so a live worker's claim is never taken from it.
HECHT_REMINDER_RECLAIM_SECONDS = env_int("HECHT_REMINDER_RECLAIM_SECONDS", 900, minimum=120)
