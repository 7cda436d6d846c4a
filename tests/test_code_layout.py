"""The project's own code has one home, the newsarchive package, and the
tree says so: no import path is patched, product code never reaches into the
tests, no test module imports another, and no two top-level folders import
each other. What runs after the build learns its facts from the build's
manifest, never by reading pages, the sitemap or content headers back."""

from __future__ import annotations

import ast
from pathlib import Path

from newsarchive.devtools.system_tools import ROOT

SKIPPED = {".venv", "node_modules", ".git", "output", "dist", ".bench"}
# Run on a built site, after the build: they must read the manifest.
AFTER_THE_BUILD = ("books.py", "offline_zip.py", "archive")


def python_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED & set(path.relative_to(ROOT).parts) and not path.name.startswith(".")
    )


def package_of(path: Path, root: Path) -> list[str]:
    """The dotted parts of the package a file belongs to (its folder)."""
    return list(path.relative_to(root).parent.parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[str]:
    """Absolute names of every module the file imports: relative imports
    resolved against its package, and modules named by a string constant to
    importlib.import_module or __import__."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            package = package_of(path, root)
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            names += [module] + [f"{module}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("importlib.import_module", "import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append(node.args[0].value)
    return names


def test_the_import_scan_sees_relative_and_dynamic_imports(tmp_path):
    module = tmp_path / "tests" / "test_something.py"
    module.parent.mkdir()
    module.write_text(
        "import os\n"
        "from .test_citations import zotero_item\n"
        "from . import test_archive\n"
        "from ..newsarchive import manifest\n"
        "import importlib\n"
        "importlib.import_module('tests.test_epub')\n"
        "__import__('tests.test_feeds')\n",
        encoding="utf-8",
    )
    found = set(imported_modules(module, tmp_path))
    assert {"os", "tests.test_citations", "tests.test_archive", "newsarchive.manifest"} <= found
    assert {"tests.test_epub", "tests.test_feeds"} <= found


def is_test_module(path: Path) -> bool:
    return path.name.startswith("test_") or path.name == "conftest.py"


def test_no_file_edits_the_import_path():
    edits = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "path"
                and isinstance(node.value, ast.Name)
                and node.value.id == "sys"
            ):
                edits.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert edits == []


def test_product_code_never_imports_the_tests():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files()
        if not is_test_module(path) and "tests" not in path.relative_to(ROOT).parts
        for name in imported_modules(path)
        if name == "tests" or name.startswith("tests.")
    ]
    assert found == []


def test_no_test_module_imports_another():
    test_modules = {path.stem for path in python_files() if is_test_module(path)}
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files()
        for name in imported_modules(path)
        if name.startswith("tests") or set(name.split(".")) & test_modules
    ]
    assert found == []


def top_level(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else "."


def test_no_two_top_level_folders_import_each_other():
    folders = {top_level(path) for path in python_files()}
    edges = set()
    for path in python_files():
        for name in imported_modules(path):
            target = name.split(".")[0]
            if target in folders and target != top_level(path):
                edges.add((top_level(path), target))
    assert {(a, b) for a, b in edges if (b, a) in edges} == set()
    assert folders >= {"newsarchive", "tests"}
    assert ("newsarchive", "tests") not in edges


def test_what_runs_after_the_build_reads_the_manifest_not_the_pages():
    package = ROOT / "newsarchive"
    checked = [
        path
        for name in AFTER_THE_BUILD
        for path in ([package / name] if name.endswith(".py") else (package / name).rglob("*.py"))
    ]
    assert len(checked) > 5
    scraping = {"html.parser", "bs4", "xml.etree.ElementTree", "newsarchive.header"}
    for path in checked:
        text = path.read_text(encoding="utf-8")
        assert not scraping & set(imported_modules(path)), path
        assert "sitemap.xml" not in text and "<meta" not in text, path
    readers = [path for path in checked if "newsarchive.manifest" in imported_modules(path)]
    assert {path.name for path in readers} >= {"books.py", "offline_zip.py", "make_archive.py"}


PLUGIN_LINES = 700


def test_the_plugin_layer_stays_lean():
    """Pelican's glue stays small: logic that needs no signal lives in the
    package's own modules, named for what they do."""
    plugins = [
        path
        for path in (ROOT / "newsarchive" / "plugins").rglob("*.py")
        if not is_test_module(path)
    ]
    lines = sum(
        1
        for path in plugins
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )
    print(f"\n[plugins] {lines} non-blank lines in {len(plugins)} files")
    assert 0 < lines <= PLUGIN_LINES
