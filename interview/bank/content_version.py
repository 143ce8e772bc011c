"""The bank's content stamp (`ContentVersion`): read once per request by the pages that cache
rendered parts, changed by every change to the bank's content.

`content_version()` is the stamp to put in a cache key; `content_version_bump()` gives the
bank a new stamp, inside the caller's transaction, so the new stamp becomes visible to other
processes exactly when the change does. A request that read the old stamp meanwhile may cache
under it, which nobody reads again."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser, User

from interview.bank.models import ContentVersion

_ROW = 1


def _new_stamp() -> str:
    return uuid.uuid4().hex


def content_version() -> str:
    """The current stamp: one query (two the first time after the table was emptied)."""
    stamp = ContentVersion.objects.filter(pk=_ROW).values_list("stamp", flat=True).first()
    if stamp is None:
        row, _ = ContentVersion.objects.get_or_create(pk=_ROW, defaults={"stamp": _new_stamp()})
        stamp = row.stamp
    return stamp


def content_version_bump() -> None:
    """A new stamp: whatever was cached under the old one is not used again."""
    if not ContentVersion.objects.filter(pk=_ROW).update(stamp=_new_stamp()):
        ContentVersion.objects.get_or_create(pk=_ROW, defaults={"stamp": _new_stamp()})


def viewer_key(user: User | AnonymousUser) -> str:
    """Who a cached part is for, when the viewer changes what it lists: editors see the bank's
    drafts and a user sees their own study packs, so anonymous readers share one copy and
    each signed-in user has theirs (a new one when they become or stop being an editor)."""
    if not user.is_authenticated:
        return "anonymous"
    return f"{user.pk}-{'editor' if user.is_staff else 'reader'}"
