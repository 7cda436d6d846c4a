from .inline_stylesheet import register

__all__ = ["register"]
