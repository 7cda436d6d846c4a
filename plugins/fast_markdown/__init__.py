from .fast_markdown import ReusingMarkdownReader, register

__all__ = ["ReusingMarkdownReader", "register"]
