import pytest
from django.utils import timezone

from interview.practice.packs import services
from tests.practice.packs.test_generator import LECTURE


@pytest.fixture
def alice_draft(alice):
    return services.draft_create(
        user=alice,
        title="Linear models",
        text=LECTURE,
        source_name="lecture.md",
        now=timezone.now(),
    )


@pytest.fixture
def alice_pack(alice_draft):
    return services.draft_save(draft=alice_draft, now=timezone.now())
