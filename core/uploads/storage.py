"""Storing uploads under random names, after the transaction commits, and sweeping the files
nothing points to."""

import logging
import secrets
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

# Named after the package, as before the split: log filters (and a test) use "core.uploads".
logger = logging.getLogger("core.uploads")
# A stored file no row names is an orphan once it is older than this: younger ones may belong
# to a transaction still running.
ORPHAN_MIN_AGE = timedelta(days=1)
SWEEP_BATCH = 500


def random_upload_path(prefix: str, extension: str) -> str:
    """ "<prefix>/2026/11/<32 hex chars>.<ext>": a storage name nobody can guess or choose."""
    prefix = prefix.strip("/")
    extension = extension.lower().lstrip(".")
    if not prefix or "\\" in prefix or {"", ".", ".."} & set(prefix.split("/")):
        raise ValueError(f"Unsafe upload prefix {prefix!r}")
    if not (extension.isascii() and extension.isalnum()):
        raise ValueError(f"Unsafe upload extension {extension!r}")
    return f"{prefix}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


def save_file_on_commit(field_file, filename: str, content) -> str:
    """Give the model's file field its (random) storage name now; write the bytes only when
    the current transaction commits.

    The caller saves the row with that name inside its transaction. A rollback, of this
    transaction or of any outer one, then leaves no file behind: nothing was written. The
    bytes are copied to a temporary file first, because the upload itself is closed when the
    request ends, which may be before an outer transaction commits. Returns the storage name.
    """
    field = field_file.field
    name = field.generate_filename(field_file.instance, filename)
    field_file.name = name
    storage = field_file.storage
    # Closed by write(), or collected (and so deleted) with the callback on a rollback.
    copy = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
    content.seek(0)
    for chunk in File(content).chunks():
        copy.write(chunk)
    content.seek(0)
    copy.seek(0)

    def write() -> None:
        with copy:
            saved = storage.save(name, File(copy), max_length=field.max_length)
        if saved != name:  # the storage chose another name (it never should: names are random)
            type(field_file.instance)._default_manager.filter(pk=field_file.instance.pk).update(
                **{field.attname: saved}
            )

    transaction.on_commit(write)
    return name


def stored_files(storage: Storage, prefix: str) -> Iterator[str]:
    """Every file name under `prefix` in `storage`, at any depth."""
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for file_name in files:
        yield f"{prefix}/{file_name}"
    for directory in directories:
        yield from stored_files(storage, f"{prefix}/{directory}")


def delete_orphan_files(
    *,
    prefix: str,
    referenced,
    now: datetime,
    storage: Storage,
    min_age: timedelta = ORPHAN_MIN_AGE,
) -> int:
    """Delete the files under `prefix` that no row names and that are older than `min_age`.

    `referenced(names)` returns the subset of `names` some row points to (asked in batches).
    Returns how many files were deleted, and logs it with the prefix (no names: they are
    personal data's paths).
    """
    prefix = prefix.strip("/")
    deleted = 0

    def sweep(batch: list[str]) -> int:
        kept = referenced(set(batch))
        count = 0
        for name in batch:
            if name in kept or now - storage.get_modified_time(name) < min_age:
                continue
            storage.delete(name)
            count += 1
        return count

    batch: list[str] = []
    for name in stored_files(storage, prefix):
        batch.append(name)
        if len(batch) >= SWEEP_BATCH:
            deleted += sweep(batch)
            batch = []
    if batch:
        deleted += sweep(batch)
    logger.info("Deleted %d orphan upload(s) under %s/", deleted, prefix)
    return deleted
