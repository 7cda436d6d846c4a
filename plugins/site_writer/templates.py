"""What a page's templates are made of: the variables they name and a digest
of their sources.

A template counts with everything it extends, includes or imports, wherever
the loader finds it (the theme, ``THEME_TEMPLATES_OVERRIDES``, a
``TEMPLATE_PAGES`` file). Parsing is the slow part, so each template's own
record (source digest, the templates it names, the variables it names) is
kept between builds and reused while its source digest is unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from jinja2 import Environment, TemplateNotFound, meta

# {template name: {"source": digest, "refs": [names] or None, "names": [names]}};
# refs is None when the template picks another by an expression at render time.
Records = dict[str, dict]


@dataclass(frozen=True)
class TemplateUse:
    names: frozenset[str]
    digest: str


class TemplateAnalysis:
    def __init__(self, known: Records) -> None:
        self._known = known
        self.records: Records = {}
        self._uses: dict[tuple[int, str], TemplateUse | None] = {}

    def use(self, environment: Environment, name: str) -> TemplateUse | None:
        """None when a template cannot be followed: picked at render time,
        missing (an ``ignore missing`` include), or part of a cycle."""
        key = (id(environment), name)
        if key in self._uses:
            return self._uses[key]
        self._uses[key] = None  # a cycle stays None
        result = self._follow(environment, name)
        self._uses[key] = result
        return result

    def _follow(self, environment: Environment, name: str) -> TemplateUse | None:
        try:
            source = environment.loader.get_source(environment, name)[0]
        except TemplateNotFound:
            return None
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        record = self._known.get(name)
        if not record or record.get("source") != digest:
            tree = environment.parse(source)
            references = list(meta.find_referenced_templates(tree))
            record = {
                "source": digest,
                "refs": None if None in references else sorted(set(references)),
                "names": sorted(meta.find_undeclared_variables(tree)),
            }
        self.records[name] = record
        if record["refs"] is None:
            return None
        names = set(record["names"])
        parts = [name, digest]
        for reference in record["refs"]:
            used = self.use(environment, reference)
            if used is None:
                return None
            names |= used.names
            parts += [reference, used.digest]
        combined = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        return TemplateUse(frozenset(names), combined)
