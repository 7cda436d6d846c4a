from .content_schema import ContentError, ContentProblem, find_problems, register, shown_path

__all__ = ["ContentError", "ContentProblem", "find_problems", "register", "shown_path"]
