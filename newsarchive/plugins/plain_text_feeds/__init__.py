from .plain_text_feeds import correct_feed, register

__all__ = ["correct_feed", "register"]
