"""`make verify`: everything in dist/ checked, as far as each file allows.

- SHA256SUMS: every file it lists is there and matches, and nothing else is;
- every zip (the offline zip, the WACZ, the bag, the EPUBs) opens, passes
  its CRCs and names no entry outside its folder; one that does not is not
  looked into;
- the offline zip's own SHA256SUMS matches its folder;
- the bag passes bagit's full validation, the WACZ the checks of wacz_check;
- the same articles appear in the manifest (the bag's copy of the site's
  .build.json, else the built site's own), the offline zip, the WACZ, the
  EPUBs, the sitemap and the feeds (article_set);
- each source file the manifest records still has its digest, in the bag
  and in the project's provenance/ (sources).
"""

from __future__ import annotations

import tempfile
import zipfile
from contextlib import ExitStack
from pathlib import Path

from newsarchive.archive.bag import SITE, SOURCES, payload_path
from newsarchive.checksums import SUMS, listable, sha256_file
from newsarchive.manifest import MANIFEST_NAME, BuildManifest, ManifestError, read_manifest

from . import article_set
from .article_set import SITEMAP, SiteCopy
from .bag_check import bag_problems
from .report import CannotCheck, Report
from .sources import SourceCopies, recorded_sources, source_problems
from .sums import sums_problems
from .wacz_check import wacz_problems
from .zips import member_digest, zip_problems

ZIPPED = (".zip", ".wacz", ".epub")
BAG_SUFFIX = "-bag.zip"
OFFLINE_SUFFIX = "-offline.zip"
README = "README.txt"


def file_bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def only_folder(names: list[str]) -> str | None:
    """The one top-level folder every entry is in, or None."""
    tops = {name.split("/", 1)[0] for name in names}
    return tops.pop() if len(tops) == 1 and all("/" in name for name in names) else None


def folder_copy(folder: Path, shown: str) -> SiteCopy:
    """The site in a folder, as served: hidden files left out."""
    names = frozenset(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts)
    )
    return SiteCopy(shown, names, lambda name: (folder / name).read_bytes())


class DistCheck:
    """One run over dist/; stack keeps what it opens (zips, unpacked bags)
    until the run is over."""

    def __init__(self, dist: Path, site: Path | None, project: Path | None, stack: ExitStack):
        self.dist = dist
        self.site = site
        self.stack = stack
        self.report = Report(f"{dist.as_posix()}/")
        self.manifest: BuildManifest | None = None
        self.copy: SiteCopy | None = None  # the site as a reader gets it
        self.project = project
        self.sources: list[SourceCopies] = []  # where the source files are: the bag

    def shown(self, name: str) -> str:
        return f"{self.dist.as_posix()}/{name}"

    def run(self) -> Report:
        names = listable(self.dist)
        self.check_sums(names)
        sound = self.check_zips(names)
        for name in sound:
            if name.endswith(BAG_SUFFIX):
                self.check_bag(name)
            elif name.endswith(OFFLINE_SUFFIX):
                self.check_offline_zip(name)
        self.read_built_manifest()
        for name in sound:
            if name.endswith(".wacz"):
                self.check_wacz(name)
        self.check_articles(names)
        self.check_sources()
        return self.report

    def check_sums(self, names: list[str]) -> None:
        files = {name: (lambda path=self.dist / name: sha256_file(path)) for name in names}
        self.report.extend(sums_problems(file_bytes(self.dist / SUMS), files, self.shown))
        self.report.checked += len(names)
        for path in sorted(self.dist.iterdir()):
            if path.is_dir() and not path.name.startswith("."):
                self.report.differ(self.shown(path.name), f"a folder, not listed in {SUMS}")

    def check_zips(self, names: list[str]) -> list[str]:
        """The names of the zips sound enough to look into."""
        sound = []
        for name in names:
            if not name.endswith(ZIPPED):
                continue
            problems = zip_problems(self.dist / name, self.shown(name))
            self.report.extend(problems)
            if problems:
                self.report.notes.append(f"{name} is damaged: what is inside was not checked")
            else:
                sound.append(name)
        return sound

    def check_bag(self, name: str) -> None:
        scratch = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="verify-")))
        with zipfile.ZipFile(self.dist / name) as archive:
            archive.extractall(scratch)  # its names are checked: none leaves scratch
        tops = list(scratch.iterdir())
        if len(tops) != 1 or not tops[0].is_dir():
            self.report.differ(self.shown(name), "does not hold one folder, the bag")
            return
        bag_dir = tops[0]
        self.report.extend(bag_problems(bag_dir, self.shown(name)))
        self.report.checked += sum(1 for path in bag_dir.rglob("*") if path.is_file())

        def in_bag(path: str) -> str:
            return payload_path(SOURCES, Path(path).name)

        self.sources.insert(
            0,
            SourceCopies(
                lambda path: file_bytes(bag_dir / in_bag(path)),
                lambda path: f"{self.shown(name)}: {in_bag(path)}",
            ),
        )
        site = bag_dir / "data" / SITE
        try:
            self.manifest = read_manifest(site)
        except ManifestError as error:
            self.report.differ(self.shown(name), f"bag: {error}")
            return
        self.report.notes.append(f"articles as the manifest in {name} records them")
        self.copy = self.copy or folder_copy(site, f"{self.shown(name)}: data/{SITE}")

    def check_offline_zip(self, name: str) -> None:
        shown = self.shown(name)
        archive = self.stack.enter_context(zipfile.ZipFile(self.dist / name))
        entries = [info.filename for info in archive.infolist() if not info.is_dir()]
        folder = only_folder(entries)
        if folder is None:
            self.report.differ(shown, "does not hold one folder, the offline copy")
            return
        inside = {entry.removeprefix(f"{folder}/"): entry for entry in entries}
        sums = archive.read(inside.pop(SUMS)) if SUMS in inside else None
        files = {
            name: (lambda entry=entry: member_digest(archive, entry))
            for name, entry in inside.items()
        }
        self.report.extend(sums_problems(sums, files, lambda n: f"{shown}: {folder}/{n}"))
        self.report.checked += len(files)
        site_names = frozenset(inside) - {README}
        self.copy = SiteCopy(shown, site_names, lambda n: archive.read(f"{folder}/{n}"))

    def read_built_manifest(self) -> None:
        """Without a bag, the manifest of the built site, if dist/ was made from it."""
        if self.manifest is not None or self.site is None:
            return
        if not (self.site / MANIFEST_NAME).is_file():
            return
        shown = f"{self.site.as_posix()}/{MANIFEST_NAME}"
        try:
            manifest = read_manifest(self.site)
        except ManifestError as error:
            self.report.notes.append(f"no sound bag, and {error}")
            return
        if not self.made_from(self.site, manifest):
            self.report.notes.append(
                f"no sound bag, and {self.site.as_posix()}/ was built again since "
                f"{self.dist.as_posix()}/ was made from it"
            )
            return
        self.manifest = manifest
        self.report.notes.append(f"no sound bag: articles as {shown} records them")

    def made_from(self, site: Path, manifest: BuildManifest) -> bool:
        """Whether dist/ was made from this built site: its copy of the site
        has the same sitemap (every article, at the same address), or, with
        no copy, its books are the site's."""
        if self.copy is not None:
            probe = SITEMAP if SITEMAP in self.copy.names else "index.html"
            return probe in self.copy.names and file_bytes(site / probe) == self.copy.read(probe)
        books = [article.epub for article in manifest.articles if article.epub]
        return all(
            file_bytes(site / book) == file_bytes(self.dist / Path(book).name) for book in books
        )

    def check_wacz(self, name: str) -> None:
        problems, contents = wacz_problems(self.dist / name, self.shown(name))
        self.report.extend(problems)
        if self.manifest is not None:
            self.report.extend(
                article_set.wacz_page_problems(
                    self.manifest, contents.pages, contents.indexed, self.shown(name)
                )
            )

    def check_articles(self, names: list[str]) -> None:
        manifest = self.manifest
        if manifest is None:
            self.report.cannot_check(
                f"{self.dist.as_posix()}/",
                "articles not compared: no manifest of the build it was made from "
                "(the bag's, or the built site's)",
            )
            return
        epubs = {name for name in names if name.endswith(".epub")}
        self.report.extend(article_set.epub_problems(manifest, epubs, self.dist.as_posix()))
        copy = self.copy
        if copy is None:
            return
        self.report.extend(article_set.copy_problems(manifest, copy))
        self.report.extend(article_set.sitemap_problems(manifest, copy))
        self.report.extend(article_set.feed_problems(manifest, copy.read, copy.shown))

    def in_project(self, manifest: BuildManifest) -> bool:
        """Whether the project the sources were recorded in is here: the
        folders of its source files (provenance/) are; else only the bag's
        copies are checked (dist/ checked away from the project)."""
        if self.project is None:
            return False
        recorded = [path for article in manifest.articles for path, _ in recorded_sources(article)]
        folders = {(self.project / path).parent for path in recorded}
        here = all(folder.is_dir() for folder in folders)
        if not here:
            self.report.notes.append(
                f"no {', '.join(sorted(f.name + '/' for f in folders))} in "
                f"{self.project.as_posix()}/: source texts checked in the bag only"
            )
        return here

    def check_sources(self) -> None:
        if self.manifest is None:
            return
        if self.in_project(self.manifest):
            project = self.project
            self.sources.append(
                SourceCopies(
                    lambda path: file_bytes(project / path),
                    lambda path: (project / path).as_posix(),
                )
            )
        for copies in self.sources:
            problems, checked = source_problems(self.manifest, copies)
            self.report.extend(problems)
            self.report.checked += checked


def check_dist(dist: Path, site: Path | None = None, project: Path | None = None) -> Report:
    if not dist.is_dir():
        raise CannotCheck(f"{dist.as_posix()}/ does not exist: run make dist archive first")
    with ExitStack() as stack:
        return DistCheck(dist, site, project, stack).run()
