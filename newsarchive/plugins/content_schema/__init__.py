from .content_schema import ContentError, ContentProblem, find_problems, register

__all__ = ["ContentError", "ContentProblem", "find_problems", "register"]
