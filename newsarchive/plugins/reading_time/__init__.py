from .reading_time import reading_minutes, register

__all__ = ["reading_minutes", "register"]
