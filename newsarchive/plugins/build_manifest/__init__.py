from .build_manifest import register

__all__ = ["register"]
