from .content_schema import ContentProblem, find_problems, register

__all__ = ["ContentProblem", "find_problems", "register"]
