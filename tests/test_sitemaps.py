"""The sitemap lists every address within the protocol's limits: past
50,000 addresses or 50 MB (SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES) it is a
sitemap index of sitemaps, each within both."""

import xml.etree.ElementTree as ElementTree

from newsarchive.devtools.site_builder import TEST_SITEURL, build
from newsarchive.devtools.synthetic_site import synthetic_project
from newsarchive.manifest import read_manifest
from newsarchive.sitemaps import robots_txt, sitemap_files

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def loc(xml: str) -> list[str]:
    root = ElementTree.fromstring(xml)
    assert root.tag == f"{LOC}urlset"
    return [url.findtext(f"{LOC}loc") for url in root]


def test_sitemap_lists_every_address_escaped_with_its_date():
    entries = [("index.html", None), ("tag/a-b.html?x=1&y=2", None), ("a.html", "2014-07-08")]
    files = sitemap_files("https://example.org/repo", entries, "sitemap.xml")
    assert list(files) == ["sitemap.xml"]
    root = ElementTree.fromstring(files["sitemap.xml"])
    urls = [(u.findtext(f"{LOC}loc"), u.findtext(f"{LOC}lastmod")) for u in root]
    assert urls == [
        ("https://example.org/repo/index.html", None),
        ("https://example.org/repo/tag/a-b.html?x=1&y=2", None),
        ("https://example.org/repo/a.html", "2014-07-08"),
    ]


def test_robots_names_the_sitemap():
    lines = robots_txt("https://example.org", "sitemap.xml").splitlines()
    assert lines == ["User-agent: *", "Allow: /", "", "Sitemap: https://example.org/sitemap.xml"]


def test_past_a_limit_the_sitemap_is_an_index_of_sitemaps_each_within_it():
    entries = [
        (f"a{number}.html", f"2014-07-{number:02d}T10:00:00+00:00") for number in range(1, 8)
    ]
    files = sitemap_files("https://example.org", entries, "sitemap.xml", max_urls=3)
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = ElementTree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{LOC}sitemapindex"
    assert [(s.findtext(f"{LOC}loc"), s.findtext(f"{LOC}lastmod")) for s in index] == [
        ("https://example.org/sitemap-1.xml", "2014-07-03T10:00:00+00:00"),
        ("https://example.org/sitemap-2.xml", "2014-07-06T10:00:00+00:00"),
        ("https://example.org/sitemap-3.xml", "2014-07-07T10:00:00+00:00"),
    ]
    listed = [loc(files[f"sitemap-{n}.xml"]) for n in (1, 2, 3)]
    assert [len(urls) for urls in listed] == [3, 3, 1]
    assert sum(listed, []) == [f"https://example.org/a{n}.html" for n in range(1, 8)]


def test_the_byte_limit_splits_too_and_one_sitemap_stays_one():
    entries = [(f"page-{number}.html", None) for number in range(40)]
    one = sitemap_files("https://example.org", entries, "maps/sitemap.xml")
    assert list(one) == ["maps/sitemap.xml"]
    limit = 1_000
    files = sitemap_files("https://example.org", entries, "maps/sitemap.xml", max_bytes=limit)
    parts = [name for name in files if name != "maps/sitemap.xml"]
    assert len(parts) > 2 and all(name.startswith("maps/sitemap-") for name in parts)
    assert all(len(files[name].encode("utf-8")) <= limit for name in parts)
    assert sum((loc(files[name]) for name in parts), []) == loc(one["maps/sitemap.xml"])


def test_a_site_past_a_low_limit_writes_a_valid_sitemap_index(tmp_path):
    project = synthetic_project(tmp_path / "project", 30, seed=5)
    with (project / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write("\nSITEMAP_MAX_URLS = 10\n")
    result = build(project)
    assert result.returncode == 0, result.log
    site = result.output
    sitemaps = read_manifest(site).sitemaps
    assert sitemaps[0] == "sitemap.xml" and len(sitemaps) > 4
    index = ElementTree.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{LOC}sitemapindex"
    assert [s.findtext(f"{LOC}loc") for s in index] == [f"{TEST_SITEURL}/{n}" for n in sitemaps[1:]]
    listed = []
    for name in sitemaps[1:]:
        urls = loc((site / name).read_text(encoding="utf-8"))
        assert 0 < len(urls) <= 10
        listed += urls
    pages = {f"{TEST_SITEURL}/{article.url}" for article in read_manifest(site).articles}
    assert len(listed) == len(set(listed)) and pages <= set(listed)
