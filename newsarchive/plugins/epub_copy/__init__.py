from .epub_copy import book_identifier, register

__all__ = ["book_identifier", "register"]
