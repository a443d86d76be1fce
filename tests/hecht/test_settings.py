"""Settings parse environment variables strictly: bad values fail at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hecht.env import (
    database_config,
    email_config,
    env_bool,
    env_int,
    env_json,
    env_list,
    env_str,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw", ["1", "true", "YES", "on", " True "])
def test_env_bool_accepts_true_spellings(raw):
    assert env_bool("X", False, environ={"X": raw}) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_accepts_false_spellings(raw):
    assert env_bool("X", True, environ={"X": raw}) is False


def test_env_bool_rejects_garbage_with_the_variable_name():
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", False, environ={"DEBUG": "maybe"})


def test_env_int_parses_and_checks_bounds():
    assert env_int("N", 5, environ={}) == 5
    assert env_int("N", 5, environ={"N": " 42 "}) == 42
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 5, environ={"N": "4.2"})
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("N", 5, minimum=0, environ={"N": "-1"})
    with pytest.raises(ImproperlyConfigured, match="at most 10"):
        env_int("N", 5, maximum=10, environ={"N": "11"})


def test_env_str_required_without_default():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        env_str("SECRET_KEY", None, environ={})
    assert env_str("A", "d", environ={}) == "d"


def test_env_json_parses_or_names_the_variable():
    assert env_json("P", {}, environ={}) == {}
    assert env_json("P", {}, environ={"P": "  "}) == {}
    assert env_json("P", {}, environ={"P": '{"action": [[-2], [0, "urgent"]]}'}) == {
        "action": [[-2], [0, "urgent"]]
    }
    with pytest.raises(ImproperlyConfigured, match="P must be valid JSON"):
        env_json("P", {}, environ={"P": "{'action': []}"})


def test_env_list_splits_and_trims():
    assert env_list("H", ["x"], environ={"H": "a.example, b.example,,"}) == [
        "a.example",
        "b.example",
    ]
    assert env_list("H", ["x"], environ={}) == ["x"]


def test_database_url_postgres_gets_persistent_connections_with_health_checks():
    config = database_config("postgres://u:p@db.example:5433/hecht", conn_max_age=60)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "hecht")
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_database_url_sqlite_does_not_keep_connections():
    config = database_config("sqlite:////tmp/x.sqlite3", conn_max_age=60)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["CONN_MAX_AGE"] == 0


def test_database_url_sqlite_is_set_up_for_a_web_server():
    options = database_config("sqlite:////tmp/x.sqlite3", conn_max_age=60)["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]


def test_database_url_postgres_gets_no_sqlite_options():
    options = database_config("postgres://u:p@db.example/hecht", conn_max_age=60).get("OPTIONS", {})
    assert "transaction_mode" not in options and "init_command" not in options


@pytest.mark.parametrize("url", ["mysql://u@h/db", "nonsense", "redis://localhost"])
def test_database_url_other_schemes_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config(url, conn_max_age=0)


def test_email_url_forms():
    assert email_config("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = email_config("smtp://mailer:s%40cret@mail.example:587?tls=1")
    assert smtp["EMAIL_HOST"] == "mail.example"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_PASSWORD"] == "s@cret"
    assert smtp["EMAIL_USE_TLS"] is True and smtp["EMAIL_USE_SSL"] is False
    smtps = email_config("smtps://mail.example")
    assert smtps["EMAIL_PORT"] == 465 and smtps["EMAIL_USE_SSL"] is True
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_config("pigeon://coop")
    with pytest.raises(ImproperlyConfigured, match="host"):
        email_config("smtp://")


def _settings_in_subprocess(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env)
    code = f"import django; from django.conf import settings; django.setup(); print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "hecht.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_embedded_default_is_debug_sqlite_eager_console():
    env = {"DATABASE_URL": f"sqlite:///{ROOT / 'db.sqlite3'}"}
    result = _settings_in_subprocess(
        {**env, "CELERY_BROKER_URL": ""},
        "settings.DEBUG, settings.CELERY_TASK_ALWAYS_EAGER, settings.EMAIL_BACKEND, "
        "settings.TIME_ZONE, settings.LANGUAGE_CODE",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True True django.core.mail.backends.console.EmailBackend Europe/Amsterdam nl"
    )


def test_production_refuses_to_start_without_secret_key():
    result = _settings_in_subprocess({"DEBUG": "0", "ALLOWED_HOSTS": "h.example"}, "1")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _settings_in_subprocess(
        {"DEBUG": "0", "SECRET_KEY": "short", "ALLOWED_HOSTS": "h.example"}, "1"
    )
    assert result.returncode != 0
    assert "50+ characters" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts():
    result = _settings_in_subprocess(
        {"DEBUG": "0", "SECRET_KEY": "k" * 64, "ALLOWED_HOSTS": "h.example"},
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS, settings.ALLOWED_HOSTS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True True 31536000 ['h.example']"


def test_a_bad_value_is_reported_at_start_up():
    result = _settings_in_subprocess({"CONN_MAX_AGE": "soon"}, "1")
    assert result.returncode != 0
    assert "CONN_MAX_AGE must be a whole number" in result.stderr


def test_a_broker_url_switches_eager_mode_off():
    result = _settings_in_subprocess(
        {"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"}, "settings.CELERY_TASK_ALWAYS_EAGER"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_reminder_policy_comes_from_the_environment():
    result = _settings_in_subprocess(
        {"HECHT_REMINDER_POLICY": '{"action": [[-2], [0, "urgent"]]}'},
        "settings.HECHT_REMINDER_POLICY, settings.HECHT_REMINDER_MAX_ATTEMPTS",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'action': [[-2], [0, 'urgent']]} 8"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"HECHT_REMINDER_POLICY": "[[-2]]"}, "must be a JSON object"),
        ({"HECHT_REMINDER_POLICY": "{action: 1}"}, "must be valid JSON"),
        ({"HECHT_REMINDER_RECLAIM_SECONDS": "60"}, "at least 120"),
        ({"HECHT_REMINDER_MAX_ATTEMPTS": "0"}, "at least 1"),
    ],
)
def test_a_bad_reminder_setting_is_reported_at_start_up(env, message):
    result = _settings_in_subprocess(env, "1")
    assert result.returncode != 0
    assert message in result.stderr
