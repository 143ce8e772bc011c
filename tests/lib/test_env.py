import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from interview.lib.env import env_bool, env_int, env_list, env_str, require_production_secret

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "aZ9-_x" * 10


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("false", False), ("TRUE", True), (" False ", False), ("", True)],
)
def test_env_bool_accepts_true_and_false_only(raw, expected):
    assert env_bool("FLAG", True, environ={"FLAG": raw}) is expected


@pytest.mark.parametrize("raw", ["yes", "no", "1", "0", "on", "tru"])
def test_env_bool_rejects_anything_else(raw):
    with pytest.raises(ImproperlyConfigured, match="FLAG must be 'true' or 'false'"):
        env_bool("FLAG", False, environ={"FLAG": raw})


def test_env_bool_default_when_unset():
    assert env_bool("FLAG", False, environ={}) is False


def test_env_int_parses_and_checks_minimum():
    assert env_int("N", 3, environ={"N": " 42 "}) == 42
    assert env_int("N", 3, environ={}) == 3
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("N", 3, environ={"N": "many"})
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("N", 3, minimum=1, environ={"N": "0"})


def test_env_list_splits_commas_and_drops_blanks():
    assert env_list("HOSTS", ["x"], environ={"HOSTS": " a.com, ,b.org ,"}) == ["a.com", "b.org"]
    assert env_list("HOSTS", ["x"], environ={}) == ["x"]
    assert env_list("HOSTS", ["x"], environ={"HOSTS": ""}) == []


def test_env_str():
    assert env_str("TZ", "UTC", environ={"TZ": "Europe/Paris"}) == "Europe/Paris"
    assert env_str("TZ", "UTC", environ={}) == "UTC"


@pytest.mark.parametrize(
    "key", ["", "dev-default", "short", "django-insecure-" + "x" * 60, "a" * 60]
)
def test_production_secret_rejects_missing_default_or_weak_keys(key):
    with pytest.raises(ImproperlyConfigured):
        require_production_secret(key, insecure_default="dev-default")


def test_production_secret_accepts_a_strong_key():
    require_production_secret(STRONG_KEY, insecure_default="dev-default")


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in _SETTINGS_VARS}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


_SETTINGS_VARS = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "ALLOW_SIGNUP", "TIME_ZONE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests; never in a deployment
}  # fmt: skip


def test_runs_with_no_environment_at_all():
    result = _manage("check", env={})
    assert result.returncode == 0, result.stderr


def test_debug_false_refuses_to_start_without_a_secret_key():
    result = _manage("check", env={"DEBUG": "false", "ALLOWED_HOSTS": "example.com"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_false_refuses_to_start_without_allowed_hosts():
    result = _manage("check", env={"DEBUG": "false", "SECRET_KEY": STRONG_KEY})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_bool_that_is_not_true_or_false_stops_start_up():
    result = _manage("check", env={"DEBUG": "yes"})
    assert result.returncode != 0
    assert "DEBUG must be 'true' or 'false'" in result.stderr


def test_production_settings_pass_the_deploy_check():
    env = {"DEBUG": "false", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "practice.example.com"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
