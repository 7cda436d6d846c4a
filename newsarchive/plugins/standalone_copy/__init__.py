from .standalone_copy import register

__all__ = ["register"]
