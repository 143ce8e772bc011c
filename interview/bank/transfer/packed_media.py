"""Images packed in an archive (Anki packages, QTI content packages): loaded under the size cap,
and what became of them said once per file."""

from __future__ import annotations

from collections.abc import Callable

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
        parsed.notes.append(f"{len(stored)} image(s) stored")
    refused = sorted((source, why) for source, why in images.items() if isinstance(why, str))
    for source, why in refused[:10]:
        parsed.notes.append(f"image {source!r} not stored ({why}): shown as [image: name]")
    if len(refused) > 10:
        parsed.notes.append(f"{len(refused) - 10} more image(s) not stored")
