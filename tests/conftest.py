from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from interview.bank.markdown import render_inline, render_markdown
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery-staple"


def pytest_configure(config) -> None:
    """Tests see the translations as `make run` does: compile the catalogues that changed."""
    from django.conf import settings

    from interview.lib.catalogues import catalogues_compile

    catalogues_compile(locale_dirs=[Path(path) for path in settings.LOCALE_PATHS])


@pytest.fixture(autouse=True)
def _activity_stamps_at_once(request, monkeypatch):
    """A test case's transaction never commits, so the activity stamps written on commit
    (interview.practice.engine.activity_stamp) would never change: tests write them at the
    write, as a committed request would have. Tests marked `stamps_at_commit` keep the real
    timing and run the on-commit hooks themselves."""
    if request.node.get_closest_marker("stamps_at_commit") is None:
        from interview.practice.engine import activity_stamp

        monkeypatch.setattr(activity_stamp, "_schedule", activity_stamp._write)


@pytest.fixture(autouse=True)
def _fresh_caches():
    cache.clear()
    yield
    # A request in another language leaves that language active in the thread (LocaleMiddleware
    # activates and never resets): code called directly by the next test would speak it.
    translation.activate(settings.LANGUAGE_CODE)
    render_markdown.cache_clear()
    render_inline.cache_clear()


@pytest.fixture
def frozen_clock(request) -> Iterator[time_machine.Traveller]:
    """The server's clock, frozen at the test module's T0: every request arrives then, until
    the test moves it (`frozen_clock.move_to(...)`, or a nested time_machine.travel)."""
    with time_machine.travel(request.module.T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def editor(db):
    return UserFactory(username="erin", is_staff=True, is_superuser=True)


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
