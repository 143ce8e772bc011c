"""Images packed in an archive (Anki packages, QTI content packages): loaded under the size cap,
and what became of them said once per file."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext

from interview.bank.media import MediaFile, media_max_bytes, media_prepare
from interview.bank.transfer.records import ParsedFile


def packed_image(source: str, read: Callable[[int], bytes]) -> MediaFile | str:
    """The image `source` as it will be stored, or why not. `read(limit)` gives the member's
    bytes and raises ValueError when it unpacks past `limit`."""
    try:
        data = read(media_max_bytes())
    except ValueError:
        return f"more than {media_max_bytes():,} bytes (the limit per image)"
    return media_prepare(original=source, data=data)


def packed_media_notes(parsed: ParsedFile, images: dict[str, MediaFile | str]) -> None:
    """Keep the stored images with the file and note them, and name (up to ten) refused ones."""
    stored = {image.name: image for image in images.values() if isinstance(image, MediaFile)}
    parsed.media.extend(stored.values())
    if stored:
        parsed.notes.append(gettext("%(count)s image(s) stored") % {"count": len(stored)})
    refused = sorted((source, why) for source, why in images.items() if isinstance(why, str))
    for source, why in refused[:10]:
        parsed.notes.append(
            gettext("image %(image)s not stored (%(reason)s): shown as [image: name]")
            % {"image": repr(source), "reason": why}
        )
    if len(refused) > 10:
        parsed.notes.append(
            gettext("%(count)s more image(s) not stored") % {"count": len(refused) - 10}
        )
