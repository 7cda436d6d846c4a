from .text_direction import register

__all__ = ["register"]
