from .feed_archives import register

__all__ = ["register"]
