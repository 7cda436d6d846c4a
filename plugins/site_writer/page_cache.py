"""Skip rendering pages whose inputs have not changed since the last build.

Pelican's content cache (``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``) spares
reading unchanged files, but every page is still rendered and written. With
the same settings on, this writer also records, for each page it writes, a
fingerprint of what the page is made from, and skips the page next time when
the fingerprint and the files on disk are what it recorded.

What a page is made from:

- the site: Python and package versions, the settings, every file of the
  theme and of the plugin folders;
- the call: the output name, the template, relative URLs, pagination;
- the source of the template and of every template it extends, includes or
  imports, wherever the loader finds them (``templates.py``);
- each variable those templates name (found in their syntax trees), taken
  from the page's context; an article there stands for all of its
  attributes.

A template that picks another by an expression or includes one that may be
missing, or a value of a type the fingerprint does not know, makes its pages
render every time. The record is deleted when it is read and written again
only by a build that completes. The ``content_written`` signal is sent only
for pages actually written.
"""

from __future__ import annotations

import json
import logging
import os
import platform
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import Template
from pelican.writers import FileOverwriteFailedError

from .feeds import PlainTextFeedWriter
from .fingerprint import MISSING, Fingerprints, Uncacheable, files_digest
from .templates import TemplateAnalysis

logger = logging.getLogger(__name__)

MANIFEST_NAME = "page_cache.json"
FORMAT = 2
PACKAGES = ("pelican", "jinja2", "markdown", "markupsafe", "feedgenerator")
PAGINATED_SUFFIXES = ("_paginator", "_page", "_previous_page", "_next_page")
# Set by the writer for each page from its output name and relative URLs.
PER_PAGE_NAMES = frozenset({"SITEURL", "localsiteurl", "output_file"})


def manifest_path(settings: dict) -> Path:
    return Path(settings["CACHE_PATH"]) / MANIFEST_NAME


def site_fingerprint(settings: dict, fingerprints: Fingerprints) -> str:
    folders = [Path(settings["THEME"])]
    folders += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    versions = [platform.python_version()] + [version(name) for name in PACKAGES]
    return fingerprints.of(FORMAT, versions, settings, files_digest(folders))


class PageCacheWriter(PlainTextFeedWriter):
    """The site's writer: plain-text feeds, and only pages whose fingerprint
    changed rendered."""

    def __init__(self, output_path: str, settings: dict | None = None) -> None:
        super().__init__(output_path, settings=settings)
        settings = self.settings
        self._loading = bool(settings.get("LOAD_CONTENT_CACHE"))
        self._saving = bool(settings.get("CACHE_CONTENT"))
        self._fingerprints = Fingerprints(self._site_structure)
        self._structure: str | None = None
        self._context: dict = {}
        self._previous: dict[str, dict] = {}
        self._pages: dict[str, dict] = {}
        # Files opened by the write in progress.
        self._opened: list[str] | None = None
        self.skipped = 0
        self.site: str | None = None
        if self._loading or self._saving:
            try:
                self.site = site_fingerprint(settings, self._fingerprints)
            except Uncacheable as reason:
                logger.info("page cache off: a setting of type %s", reason)
        templates: dict[str, dict] = {}
        if self.site and self._loading:
            path = manifest_path(settings)
            self._previous, templates = load_manifest(path, self.site)
            # Only a build that completes leaves a record: one that fails
            # after rewriting some pages must not vouch for them.
            path.unlink(missing_ok=True)
        self._templates = TemplateAnalysis(templates)
        ACTIVE[:] = [self]

    def _site_structure(self) -> str:
        if self._structure is None:
            generated = self._context.get("generated_content", {})
            static = self._context.get("static_content", {})
            addresses = sorted(
                (str(path), getattr(item, "url", ""), getattr(item, "save_as", ""))
                for path, item in [*generated.items(), *static.items()]
            )
            self._structure = self._fingerprints.of(addresses)
        return self._structure

    def page_key(
        self,
        name: str,
        template: Template,
        context: dict,
        call: dict,
        paginated: dict | None,
        kwargs: dict,
    ) -> str | None:
        used = self._templates.use(template.environment, template.name)
        if used is None:
            return None
        names = used.names
        self._context = context
        if paginated is None:
            # As Pelican's writer does: these lists are paginated by default.
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        if call["template_name"] not in self.settings["PAGINATED_TEMPLATES"]:
            paginated = {}
        values: list[Any] = [self.site, name, template.name, used.digest]
        values.append(sorted(call.items(), key=str))
        for variable in sorted(names - PER_PAGE_NAMES):
            values.append(variable)
            values.append(self._value(variable, context, kwargs, paginated, template))
        try:
            return self._fingerprints.of(*values)
        except Uncacheable as reason:
            logger.debug("page cache: %s renders every time (%s)", name, reason)
            return None

    @staticmethod
    def _value(variable: str, context: dict, kwargs: dict, paginated: dict, template: Template):
        for key in paginated:
            if variable.startswith(key) and variable[len(key) :] in PAGINATED_SUFFIXES:
                # Pages, paginators and neighbours are cut from this list.
                return paginated[key]
        for scope in (kwargs, context, template.environment.globals):
            if variable in scope:
                return scope[variable]
        return MISSING

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if not name or self.site is None:
            return super().write_file(
                name, template, context, relative_urls, paginated, template_name,
                override_output, url, **kwargs,
            )  # fmt: skip
        call = {
            "relative_urls": relative_urls,
            "paginated": sorted(paginated) if paginated else None,
            "template_name": template_name,
            "override_output": override_output,
            "url": url,
        }
        key = self.page_key(name, template, context, call, paginated, kwargs)
        if key is not None and self._unchanged(name, key, override_output):
            self.skipped += 1
            return None
        self._opened = []
        try:
            result = super().write_file(
                name, template, context, relative_urls, paginated, template_name,
                override_output, url, **kwargs,
            )  # fmt: skip
            written = self._opened
        finally:
            self._opened = None
        if key is not None:
            self._pages[name] = {"key": key, "files": self._stamps(written)}
        return result

    def _open_w(self, filename, encoding, override=False):
        # Pelican's writer sends a file it will not overwrite to os.devnull.
        kept = filename in self._overridden_files and not override
        if self._opened is not None and not kept:
            self._opened.append(filename)
        return super()._open_w(filename, encoding, override=override)

    def _stamps(self, paths: list[str]) -> dict[str, list[int]]:
        stamps = {}
        for path in paths:
            status = os.stat(path)
            stamps[os.path.relpath(path, self.output_path)] = [status.st_size, status.st_mtime_ns]
        return stamps

    def _unchanged(self, name: str, key: str, override: bool) -> bool:
        entry = self._previous.get(name)
        if not entry or entry.get("key") != key or not entry.get("files"):
            return False
        files = entry["files"].items()
        paths = {os.path.join(self.output_path, rel): stamp for rel, stamp in files}
        for path, (size, mtime_ns) in paths.items():
            try:
                status = os.stat(path)
            except OSError:
                return False
            if status.st_size != size or status.st_mtime_ns != mtime_ns:
                return False
        for path in paths:
            self._claim(path, override)
        self._pages[name] = entry
        logger.debug('page cache: "%s" unchanged', name)
        return True

    def _claim(self, path: str, override: bool) -> None:
        """The bookkeeping Pelican's writer does when it opens a file, so a
        second page with the same name fails exactly as it would."""
        if path in self._written_files and not override and path not in self._overridden_files:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{path}" as Pelican has already written to it '
                "previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)

    def save(self) -> None:
        if not (self._saving and self.site):
            return
        path = manifest_path(self.settings)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        manifest = {
            "format": FORMAT,
            "site": self.site,
            "pages": self._pages,
            "templates": self._templates.records,
        }
        temporary.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
        logger.info(
            "page cache: %d page(s) unchanged and not rendered, %d recorded",
            self.skipped,
            len(self._pages),
        )


def load_manifest(path: Path, site: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """The pages and template records of the last build of the same site;
    nothing if it was another site, or there is no record."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(manifest, dict):
        return {}, {}
    if manifest.get("format") != FORMAT or manifest.get("site") != site:
        return {}, {}
    pages, templates = manifest.get("pages"), manifest.get("templates")
    if not isinstance(pages, dict) or not isinstance(templates, dict):
        return {}, {}
    return pages, templates


# Writers of the running build; Pelican gives plugins no handle on its writer.
ACTIVE: list[PageCacheWriter] = []


def save_manifests(pelican_object) -> None:
    while ACTIVE:
        ACTIVE.pop().save()
