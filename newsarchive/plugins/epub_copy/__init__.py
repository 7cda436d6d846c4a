from .epub_copy import book_identifier, register
from .xhtml import to_xhtml

__all__ = ["book_identifier", "register", "to_xhtml"]
