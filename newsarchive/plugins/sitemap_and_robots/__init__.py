from .sitemap_and_robots import register

__all__ = ["register"]
