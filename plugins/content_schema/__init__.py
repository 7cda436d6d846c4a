from .content_schema import ContentProblem, find_problems, register, term_slug

__all__ = ["ContentProblem", "find_problems", "register", "term_slug"]
