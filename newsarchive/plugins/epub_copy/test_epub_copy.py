import os
import subprocess
import sys
import uuid

from newsarchive.devtools.site_builder import SOURCE_SHA256

from .epub_copy import book_identifier

IN_A_FRESH_PROCESS = (
    "import sys; from newsarchive.plugins.epub_copy.epub_copy import book_identifier; "
    "print(book_identifier(sys.argv[1]))"
)


def test_the_identifier_is_a_name_based_uuid_urn_fixed_by_the_source_digest(tmp_path):
    identifier = book_identifier(SOURCE_SHA256)
    assert identifier.startswith("urn:uuid:")
    parsed = uuid.UUID(identifier.removeprefix("urn:uuid:"))
    # Version 5: a SHA-1 of a namespace and a name, the same in every process,
    # unlike Python's hash() of a string, salted per process.
    assert parsed.version == 5
    assert parsed.variant == uuid.RFC_4122
    for seed in ("1", "2"):  # one of them is not this process's
        fresh = subprocess.run(
            [sys.executable, "-c", IN_A_FRESH_PROCESS, SOURCE_SHA256],
            cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        )
        assert fresh.returncode == 0, fresh.stderr
        assert fresh.stdout.strip() == identifier, seed
    assert book_identifier("0" * 64) != identifier
