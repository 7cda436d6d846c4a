"""Print Lighthouse scores, mobile and desktop, for the home page and the
article, served on localhost from a build made for that address.

    python -m newsarchive.devtools.lighthouse_report
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from newsarchive.devtools.lighthouse import CATEGORIES, lighthouse_report, scores
from newsarchive.devtools.site_builder import ARTICLE_SLUG, build, copy_project
from newsarchive.serve import serve

PAGES = ("index.html", f"{ARTICLE_SLUG}.html")


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        project = copy_project(Path(work) / "site")
        output = project / "output"
        output.mkdir()
        with serve(output) as base_url:
            result = build(project, siteurl=base_url.rstrip("/"))
            if result.returncode != 0:
                print(result.log, file=sys.stderr)
                return result.returncode
            header = f"{'page':<16} {'preset':<8} " + " ".join(f"{c:>14}" for c in CATEGORIES)
            print(header)
            for page in PAGES:
                for preset in ("mobile", "desktop"):
                    print(f"  running Lighthouse ({preset}) on {page} ...", file=sys.stderr)
                    result_scores = scores(lighthouse_report(base_url + page, preset))
                    name = "article" if page != "index.html" else "home"
                    cells = " ".join(f"{result_scores[c]:>14}" for c in CATEGORIES)
                    print(f"{name:<16} {preset:<8} {cells}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
