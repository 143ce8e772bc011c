"""An upload handler that drops a study-pack file beyond the size limit while it arrives.

Middleware reads the request body before any view (see interview.lib.unstorable), so the
view's own check would come after Django had stored the whole file in a temporary file. This
handler, first in FILE_UPLOAD_HANDLERS, counts the bytes of a file sent to the pack upload URL
and skips the file (nothing more of it is kept) once it passes MAX_UPLOAD_BYTES; the view then
answers that the file is too large. Other URLs (the admin's imports) pass through untouched.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.urls import reverse

from interview.practice.packs.reading import MAX_UPLOAD_BYTES

TOO_LARGE = "pack_upload_too_large"


class PackUploadLimitHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.limited = self.request is not None and self.request.path == reverse(
            "practice:pack_upload"
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.limited:
            self.received += len(raw_data)
            if self.received > MAX_UPLOAD_BYTES:
                setattr(self.request, TOO_LARGE, True)
                raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
