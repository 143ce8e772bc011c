"""The countdown's first figure, written on the server as the script writes it."""

import pytest

from interview.practice.templatetags.practice import clock


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, ""), (0, "0:00"), (-3, "0:00"), (59, "0:59"), (125, "2:05"), (3725, "1:02:05")],
)
def test_clock(seconds, shown):
    assert clock(seconds) == shown
