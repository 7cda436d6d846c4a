from .citations import citation_of, register

__all__ = ["citation_of", "register"]
