"""Images that imported questions show, kept in the database so every app process serves them.

- Only images: PNG, JPEG, GIF and WebP, recognised by their first bytes (the name's extension
  is not trusted; SVG, which can carry scripts, is refused).
- At most `BANK_MEDIA_MAX_BYTES` (setting, default 2 MiB) per image.
- A stored name is `<first 12 hex digits of the SHA-256>-<sanitized name>`: the original name
  without folders, only letters, digits, `.`, `_` and `-`, at most 80 characters, and the
  extension of the real type. The same bytes get the same name, so an import that repeats
  adds nothing.
- Served at `/media/bank/<name>` with the stored type, `nosniff`, and a year of caching (the
  name changes with the content).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.urls import reverse

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)


def media_max_bytes() -> int:
    return int(getattr(settings, "BANK_MEDIA_MAX_BYTES", DEFAULT_MAX_BYTES))


def image_type(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an image this bank accepts, else None."""
    for signature, content_type, extension in _SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


@dataclass(frozen=True)
class MediaFile:
    name: str  # the stored name
    content_type: str
    data: bytes

    @property
    def url(self) -> str:
        return reverse("bank:media", kwargs={"name": self.name})


def media_prepare(*, original: str, data: bytes) -> MediaFile | str:
    """The image as it will be stored, or why it is refused."""
    if len(data) > media_max_bytes():
        return f"{len(data):,} bytes; the limit is {media_max_bytes():,} bytes per image"
    found = image_type(data)
    if found is None:
        return "not a PNG, JPEG, GIF or WebP image"
    content_type, extension = found
    stem = PurePosixPath(original.replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:80] or "image"
    digest = hashlib.sha256(data).hexdigest()[:12]
    stem = stem.removeprefix(f"{digest}-") or "image"  # a stored name coming back keeps it
    return MediaFile(f"{digest}-{stem}.{extension}", content_type, data)


def media_store(*, files: list[MediaFile]) -> int:
    """Store the images not stored yet; returns how many were added."""
    from interview.bank.models import BankMedia

    wanted = {file.name: file for file in files}
    existing = set(BankMedia.objects.filter(name__in=wanted).values_list("name", flat=True))
    BankMedia.objects.bulk_create(
        [
            BankMedia(name=f.name, content_type=f.content_type, data=f.data, size=len(f.data))
            for name, f in wanted.items()
            if name not in existing
        ],
        ignore_conflicts=True,
    )
    return len(wanted) - len(existing)
