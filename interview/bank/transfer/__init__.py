"""Import and export of the question bank: JSON (full fidelity), CSV/TSV (Anki) and Markdown.

Entry points: `bank_import` (all or nothing, idempotent, bulk) and `bank_export`. The formats
are documented in the README ("Import and export") and in each format's module.
"""

from interview.bank.transfer.exporter import ExportError, ExportFile, bank_export, export_archive
from interview.bank.transfer.importer import ImportMode, bank_import
from interview.bank.transfer.reading import (
    FORMATS,
    ImportFile,
    import_files_from_paths,
    import_files_from_upload,
    max_file_bytes,
)
from interview.bank.transfer.records import ImportReport, Problem

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFile",
    "ImportFile",
    "ImportMode",
    "ImportReport",
    "Problem",
    "bank_export",
    "bank_import",
    "export_archive",
    "import_files_from_paths",
    "import_files_from_upload",
    "max_file_bytes",
]
