from .content_schema import (
    ContentError,
    ContentProblem,
    article_files,
    find_problems,
    register,
    shown_path,
)

__all__ = [
    "ContentError",
    "ContentProblem",
    "article_files",
    "find_problems",
    "register",
    "shown_path",
]
