"""Give templates the theme's one stylesheet, ready to inline, its CSP hash,
and a ``csp_sha256`` filter for other inline elements (the JSON-LD block).
Inlining saves the only extra request a page makes, keeps every page whole
from disk, and lets the Content Security Policy allow exactly this stylesheet.
"""

import base64
import functools
import hashlib
import re
from pathlib import Path

from markupsafe import Markup
from pelican import signals

# Outside static/: every page carries it inline, so output/ needs no copy.
STYLESHEET = Path("site.css")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# Whitespace next to these never matters in our stylesheet (it has no strings
# containing them next to spaces); whitespace around + and - in calc() does.
_PUNCTUATION_SPACE = re.compile(r"\s*([{}:;,>])\s*")
_WHITESPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=8)
def compact_css(css: str) -> str:
    """Drop comments and the whitespace that carries no meaning. Each of
    Pelican's generators asks for it; the same text compacts once."""
    css = _WHITESPACE.sub(" ", _COMMENT.sub("", css))
    css = _PUNCTUATION_SPACE.sub(r"\1", css).replace(";}", "}")
    return css.strip()


def csp_hash(text: str) -> Markup:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return Markup("'sha256-{}'").format(base64.b64encode(digest).decode("ascii"))


def add_stylesheet_globals(generator) -> None:
    css = compact_css((Path(generator.theme) / STYLESHEET).read_text(encoding="utf-8"))
    generator.env.globals["stylesheet_css"] = Markup(css)
    generator.env.globals["stylesheet_csp_hash"] = csp_hash(css)
    generator.env.filters["csp_sha256"] = lambda text: csp_hash(str(text))


def register() -> None:
    signals.generator_init.connect(add_stylesheet_globals)
