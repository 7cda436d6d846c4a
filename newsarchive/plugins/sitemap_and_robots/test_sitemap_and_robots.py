import xml.etree.ElementTree as ElementTree

from .sitemap_and_robots import robots_txt, sitemap_xml

LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_every_address_escaped_with_its_date():
    entries = [("index.html", None), ("tag/a-b.html?x=1&y=2", None), ("a.html", "2014-07-08")]
    root = ElementTree.fromstring(sitemap_xml("https://example.org/repo", entries))
    urls = [(u.findtext(f"{LOC}loc"), u.findtext(f"{LOC}lastmod")) for u in root]
    assert urls == [
        ("https://example.org/repo/index.html", None),
        ("https://example.org/repo/tag/a-b.html?x=1&y=2", None),
        ("https://example.org/repo/a.html", "2014-07-08"),
    ]


def test_robots_names_the_sitemap():
    lines = robots_txt("https://example.org", "sitemap.xml").splitlines()
    assert lines == ["User-agent: *", "Allow: /", "", "Sitemap: https://example.org/sitemap.xml"]
