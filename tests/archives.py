"""Archive bombs for the upload tests, written in chunks so that no test allocates what the bomb unpacks to."""

import io
import tracemalloc
import zipfile

MEGABYTE = 1024 * 1024


def archive_with_a_large_member(entries, large_member, megabytes):
    """A small ZIP one of whose members unpacks to `megabytes` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
        with archive.open(large_member, "w") as member:
            for _ in range(megabytes):
                member.write(bytes(MEGABYTE))
    return buffer.getvalue()


def with_member_replaced(archive_bytes, name, megabytes):
    """The same archive with member `name` replaced by `megabytes` of zeros."""
    source = zipfile.ZipFile(io.BytesIO(archive_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != name:
                archive.writestr(member, source.read(member))
                continue
            with archive.open(name, "w") as large:
                for _ in range(megabytes):
                    large.write(bytes(MEGABYTE))
    return buffer.getvalue()


def peak_bytes_allocated(function):
    """What `function` returns and the most memory Python held for it at any moment (tracemalloc)."""
    tracemalloc.start()
    try:
        result = function()
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return result, peak
