"""Prove that a change to the stylesheets changes no pixel: build the real site
twice, with the working tree's stylesheets and with those of a git revision
(HEAD unless --against says otherwise), everything else the same; render every
page in Chromium at 390 and 1280 px, light and dark, and as printed, and the
EPUB's documents at phone width; then compare the screenshots, PNG bytes
first and, where they differ, pixel by pixel.

    python -m newsarchive.devtools.stylesheet_pixels [--against REV] [--whole-theme]
        [--site-css FILE]

--whole-theme takes all of theme/ from the revision, templates included;
--site-css takes theme/site.css from FILE instead. Exits 1 when any
screenshot differs.
"""

from __future__ import annotations

import argparse
import base64
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from newsarchive.devtools.browser import chromium
from newsarchive.devtools.screenshots import A4
from newsarchive.devtools.site_builder import build, copy_project
from newsarchive.devtools.system_tools import ROOT
from newsarchive.serve import serve

STYLESHEETS = ("theme/site.css", "theme/templates/epub/style.css")
WIDTHS = {390: 844, 1280: 900}
SCHEMES = ("light", "dark")
BOOK_DOCUMENTS = ("article.xhtml", "nav.xhtml")
# Both images drawn on canvases; the number of pixels whose RGBA differ.
PIXEL_DIFFERENCE = """async ([a, b]) => {
  const load = (src) => new Promise((done) => {
    const i = new Image(); i.onload = () => done(i); i.src = src;
  });
  const [x, y] = await Promise.all([load(a), load(b)]);
  if (x.width !== y.width || x.height !== y.height)
    return {size: [[x.width, x.height], [y.width, y.height]], pixels: null};
  const data = (img) => {
    const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    return g.getImageData(0, 0, img.width, img.height).data;
  };
  const p = data(x), q = data(y);
  let pixels = 0;
  for (let i = 0; i < p.length; i += 4)
    if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2] || p[i + 3] !== q[i + 3])
      pixels++;
  return {size: [[x.width, x.height]], pixels};
}"""


def git_file(revision: str, path: str) -> bytes:
    return subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, check=True
    ).stdout


def take_from_revision(
    project: Path, revision: str, whole_theme: bool, site_css: Path | None
) -> None:
    if whole_theme:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", revision, "theme"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        for path in sorted((project / "theme").rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(project, filter="data")
        return
    for path in STYLESHEETS:
        (project / path).write_bytes(git_file(revision, path))
    if site_css:
        (project / STYLESHEETS[0]).write_bytes(site_css.read_bytes())


def shots(browser, base: str, pages: list[str]) -> dict[str, bytes]:
    """Each page's full-page screenshots by "page width scheme" and "page print"."""
    taken = {}
    for width, height in WIDTHS.items():
        for scheme in SCHEMES:
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page = context.new_page()
            for name in pages:
                page.goto(base + name, wait_until="networkidle")
                taken[f"{name} {width} {scheme}"] = page.screenshot(full_page=True)
            context.close()
    context = browser.new_context(viewport=A4)
    page = context.new_page()
    page.emulate_media(media="print")
    for name in pages:
        page.goto(base + name, wait_until="networkidle")
        taken[f"{name} print"] = page.screenshot(full_page=True)
    context.close()
    return taken


def book_shots(browser, site: Path, work: Path) -> dict[str, bytes]:
    """The XHTML documents of each EPUB book at phone width, light and dark."""
    taken = {}
    for book in sorted(site.glob("*.epub")):
        folder = work / book.stem
        with zipfile.ZipFile(book) as archive:
            archive.extractall(folder)
        for scheme in SCHEMES:
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, color_scheme=scheme
            )
            page = context.new_page()
            for name in BOOK_DOCUMENTS:
                page.goto((folder / "EPUB" / name).as_uri())
                taken[f"{book.name}/{name} 390 {scheme}"] = page.screenshot(full_page=True)
            context.close()
    return taken


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def compare(browser, old: dict[str, bytes], new: dict[str, bytes]) -> list[str]:
    """One line per screenshot that differs; bytes are compared first."""
    assert old.keys() == new.keys()
    page = browser.new_page()
    page.set_content("<!doctype html><title>compare</title>")
    differences = []
    for key in old:
        if old[key] == new[key]:
            continue
        result = page.evaluate(PIXEL_DIFFERENCE, [data_uri(old[key]), data_uri(new[key])])
        if result["pixels"] is None:
            differences.append(f"{key}: size {result['size'][0]} became {result['size'][1]}")
        elif result["pixels"]:
            differences.append(f"{key}: {result['pixels']} pixels differ")
    page.close()
    return differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", default="HEAD", help="git revision (default HEAD)")
    parser.add_argument("--whole-theme", action="store_true", help="all of theme/ from it")
    parser.add_argument("--site-css", type=Path, help="theme/site.css from this file instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        sites = {}
        for side in ("old", "new"):
            project = copy_project(work / side)
            if side == "old":
                try:
                    take_from_revision(project, args.against, args.whole_theme, args.site_css)
                except subprocess.CalledProcessError as error:
                    said = error.stderr.decode(errors="replace").strip() if error.stderr else ""
                    print(f"error: {' '.join(error.cmd)}: {said}", file=sys.stderr)
                    return 2
            result = build(project)
            if result.returncode != 0:
                print(result.log, file=sys.stderr)
                return result.returncode
            sites[side] = result.output
        pages = sorted(str(p.relative_to(sites["new"])) for p in sites["new"].rglob("*.html"))
        taken = {}
        with chromium() as browser:
            for side, site in sites.items():
                with serve(site) as base:
                    taken[side] = shots(browser, base, pages)
                taken[side] |= book_shots(browser, site, work / f"{side}-books")
            differences = compare(browser, taken["old"], taken["new"])
    what = "theme/" if args.whole_theme else " and ".join(STYLESHEETS)
    against = f"{args.site_css} and {args.against}" if args.site_css else args.against
    identical = sum(taken["old"][key] == taken["new"][key] for key in taken["old"])
    print(
        f"{len(taken['new'])} screenshots of {len(pages)} pages and the EPUB documents, "
        f"{what} of the working tree against {against}: {identical} identical in bytes, "
        f"{len(differences)} with different pixels"
    )
    for line in differences:
        print(f"  {line}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
