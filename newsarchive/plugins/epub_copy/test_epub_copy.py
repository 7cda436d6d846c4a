import uuid

from .epub_copy import book_identifier

DIGEST = "f8f7e92c0e7482db8c33b38b7c73ce9441a5528110dda6450a08290b57a5558b"


def test_the_identifier_is_a_name_based_uuid_urn_fixed_by_the_source_digest():
    identifier = book_identifier(DIGEST)
    assert identifier.startswith("urn:uuid:")
    parsed = uuid.UUID(identifier.removeprefix("urn:uuid:"))
    assert parsed.version == 5
    assert parsed.variant == uuid.RFC_4122
    assert book_identifier(DIGEST) == identifier
    assert book_identifier("0" * 64) != identifier
