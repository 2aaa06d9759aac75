"""Documents founders upload: recognised by their content, never trusted by their name.

An upload is accepted only when its bytes are a PDF or an Office Open XML package (PPTX, DOCX,
XLSX) and its name says the same thing. Office packages are ZIP files, so they are inspected
for zip bombs and hostile entry names from the central directory alone: nothing is
decompressed and nothing is extracted to disk. A PDF is refused when it carries active
content (JavaScript, launch actions, automatic actions, embedded files or media), looked for
in its dictionaries and, within a bounded budget, inside its compressed object streams.
Hangul documents (HWP, HWPX) are recognised so the refusal can say what to do. The original
file name is kept only as metadata; files are stored under random names from
`random_upload_path`.

The package, by responsibility:
- checks: `check_upload`, the entry point (what the bytes are, whether the name agrees);
- fields: `DocumentField`, the form field that runs the check;
- names: the original name as metadata (`safe_original_name`);
- office: ZIP/Office Open XML packages and Hangul (HWP, HWPX) detection;
- pdf: active content in PDFs;
- errors: the refusal messages;
- storage: random storage names, `save_file_on_commit`, `delete_orphan_files`.

Callers import from `core.uploads`; the names below are its public interface.
"""

from core.uploads.checks import (
    ALL_KINDS,
    CONTENT_TYPES,
    DEFAULT_MAX_BYTES,
    CheckedUpload,
    check_upload,
)
from core.uploads.errors import LEGACY_OR_PROTECTED_MESSAGE, MESSAGES, lazy_filesizeformat
from core.uploads.fields import DocumentField
from core.uploads.names import (
    BIDI_CONTROLS,
    MAX_EXTENSION_LENGTH,
    MAX_NAME_LENGTH,
    safe_original_name,
)
from core.uploads.office import (
    COMPOUND_FILE_MAGIC,
    DEFAULT_MAX_UNCOMPRESSED_BYTES,
    DEFAULT_MAX_ZIP_ENTRIES,
    HWP_EXTENSIONS,
    HWP_SIGNATURE,
    HWP_SUMMARY_STREAM,
    HWPX_MIMETYPE,
    MAX_CENTRAL_DIRECTORY_BYTES_PER_ENTRY,
    MAX_COMPRESSION_RATIO,
    OFFICE_FOLDERS,
    RATIO_CHECKED_FROM_BYTES,
    ZIP_MAGIC,
    ZIP_STORED_OR_DEFLATED,
)
from core.uploads.pdf import (
    DEFAULT_MAX_PDF_INFLATED_BYTES,
    PDF_ACTIVE_NAMES,
    PDF_MAGIC,
    PDF_NAME,
    PDF_NAME_ESCAPE,
    PDF_OBJECT_HEADER,
    PDF_STREAM,
)
from core.uploads.storage import (
    ORPHAN_MIN_AGE,
    SWEEP_BATCH,
    delete_orphan_files,
    random_upload_path,
    save_file_on_commit,
    stored_files,
)

__all__ = [
    "ALL_KINDS",
    "BIDI_CONTROLS",
    "COMPOUND_FILE_MAGIC",
    "CONTENT_TYPES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PDF_INFLATED_BYTES",
    "DEFAULT_MAX_UNCOMPRESSED_BYTES",
    "DEFAULT_MAX_ZIP_ENTRIES",
    "HWPX_MIMETYPE",
    "HWP_EXTENSIONS",
    "HWP_SIGNATURE",
    "HWP_SUMMARY_STREAM",
    "LEGACY_OR_PROTECTED_MESSAGE",
    "MAX_CENTRAL_DIRECTORY_BYTES_PER_ENTRY",
    "MAX_COMPRESSION_RATIO",
    "MAX_EXTENSION_LENGTH",
    "MAX_NAME_LENGTH",
    "MESSAGES",
    "OFFICE_FOLDERS",
    "ORPHAN_MIN_AGE",
    "PDF_ACTIVE_NAMES",
    "PDF_MAGIC",
    "PDF_NAME",
    "PDF_NAME_ESCAPE",
    "PDF_OBJECT_HEADER",
    "PDF_STREAM",
    "RATIO_CHECKED_FROM_BYTES",
    "SWEEP_BATCH",
    "ZIP_MAGIC",
    "ZIP_STORED_OR_DEFLATED",
    "CheckedUpload",
    "DocumentField",
    "check_upload",
    "delete_orphan_files",
    "lazy_filesizeformat",
    "random_upload_path",
    "safe_original_name",
    "save_file_on_commit",
    "stored_files",
]
