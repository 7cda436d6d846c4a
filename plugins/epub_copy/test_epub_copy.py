import uuid

from .epub_copy import book_identifier


def test_the_identifier_is_the_uuid5_of_the_source_digest():
    for digest in ("f8f7e92c0e7482db8c33b38b7c73ce9441a5528110dda6450a08290b57a5558b", "0" * 64):
        expected = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:sha256:{digest}")
        assert book_identifier(digest) == f"urn:uuid:{expected}"
