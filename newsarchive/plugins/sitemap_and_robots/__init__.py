from .sitemap_and_robots import register, robots_txt, sitemap_xml

__all__ = ["register", "robots_txt", "sitemap_xml"]
