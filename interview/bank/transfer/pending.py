"""An uploaded import waiting between its dry run and the editor's confirmation.

The uploaded bytes are kept server-side in the user's session (database-backed, so any app
process can serve the confirmation), compressed, under a random token. The confirmation only
sends the token back: the content and the options are never taken from the client a second
time. Confirming consumes the pending import.
"""

from __future__ import annotations

import base64
import secrets
import zlib
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from interview.bank.transfer.importer import ImportMode

SESSION_KEY = "bank_pending_import"


@dataclass(frozen=True)
class PendingImport:
    uploads: list[tuple[str, bytes]]  # (file name, content) as uploaded
    format: str | None
    mode: ImportMode
    create_topics: bool
    topic: str = ""
    skip_unsupported: bool = False
    language: str = ""  # the files' language ("": as they say); not English: translations


def pending_import_store(*, session: SessionBase, pending: PendingImport) -> str:
    """Keep `pending` in the session (replacing any earlier one); returns its token."""
    token = secrets.token_urlsafe(24)
    session[SESSION_KEY] = {
        "token": token,
        "uploads": [
            [name, base64.b64encode(zlib.compress(data, 6)).decode("ascii")]
            for name, data in pending.uploads
        ],
        "format": pending.format,
        "mode": pending.mode.value,
        "create_topics": pending.create_topics,
        "topic": pending.topic,
        "skip_unsupported": pending.skip_unsupported,
        "language": pending.language,
    }
    return token


def pending_import_take(*, session: SessionBase, token: str) -> PendingImport | None:
    """The pending import for `token`, removed from the session; None if there is none."""
    stored: dict[str, Any] | None = session.get(SESSION_KEY)
    if not stored or not token or not secrets.compare_digest(str(stored["token"]), token):
        return None
    del session[SESSION_KEY]
    return PendingImport(
        uploads=[
            (name, zlib.decompress(base64.b64decode(data))) for name, data in stored["uploads"]
        ],
        format=stored["format"],
        mode=ImportMode(stored["mode"]),
        create_topics=bool(stored["create_topics"]),
        topic=str(stored.get("topic", "")),
        skip_unsupported=bool(stored.get("skip_unsupported", False)),
        language=str(stored.get("language", "")),
    )
