from .plain_text_metadata import register

__all__ = ["register"]
