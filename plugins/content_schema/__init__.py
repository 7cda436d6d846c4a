from .content_schema import ContentError, ContentProblem, find_problems, register
from .header import read_header

__all__ = ["ContentError", "ContentProblem", "find_problems", "read_header", "register"]
