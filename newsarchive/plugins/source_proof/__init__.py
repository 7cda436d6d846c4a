from .source_proof import register

__all__ = ["register"]
