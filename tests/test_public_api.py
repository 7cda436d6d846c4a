"""The project builds on other packages' public names only: a private name
(one leading underscore) of Pelican, Markdown, Jinja2 or any other package
can change in a patch release without a word.

The check reads the code's syntax tree. The project keeps no private
attributes of its own, so every attribute, method, import or getattr()-style
string whose name starts with one underscore is someone else's private name:
reading it, overriding it or importing it is reported.
"""

from __future__ import annotations

import ast

from newsarchive.devtools.system_tools import ROOT

CHECKED = ("newsarchive", "tests")
SETTINGS = ("pelicanconf.py", "publishconf.py")
NAME_LOOKUPS = {"getattr", "setattr", "hasattr", "delattr"}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str, where: str) -> list[str]:
    uses = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Attribute):
            names = [node.attr]
        elif isinstance(node, ast.ClassDef):
            methods = (ast.FunctionDef, ast.AsyncFunctionDef)
            names = [item.name for item in node.body if isinstance(item, methods)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [alias.name for alias in node.names] + (node.module or "").split(".")
        elif isinstance(node, ast.Import):
            names = [part for alias in node.names for part in alias.name.split(".")]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in NAME_LOOKUPS
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            names = [node.args[1].value]
        uses += [f"{where}:{node.lineno}: {name}" for name in names if is_private(name)]
    return uses


def project_sources() -> dict[str, str]:
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for folder in CHECKED
        for path in sorted((ROOT / folder).rglob("*.py"))
    } | {name: (ROOT / name).read_text(encoding="utf-8") for name in SETTINGS}


def test_no_private_name_of_another_package_is_used():
    sources = project_sources()
    assert any(name.startswith("newsarchive/plugins/") for name in sources)
    uses = [use for where, source in sources.items() for use in private_uses(source, where)]
    assert uses == []


def test_the_check_finds_private_names():
    source = (
        "from pelican.writers import Writer\n"
        "from markdown.util import _get_stash\n"
        "import jinja2._identifier\n"
        "class Mine(Writer):\n"
        "    def _add_item_to_the_feed(self, feed, item):\n"
        "        return self._written_files, getattr(self, '_overridden_files')\n"
        "def _helper():\n"
        "    return __name__\n"
    )
    assert sorted(private_uses(source, "example.py")) == [
        "example.py:2: _get_stash",
        "example.py:3: _identifier",
        "example.py:4: _add_item_to_the_feed",
        "example.py:6: _overridden_files",
        "example.py:6: _written_files",
    ]
