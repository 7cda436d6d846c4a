"""Every page carries a Content Security Policy and a referrer policy, and
loading it in Chromium triggers no violation."""

from bs4 import BeautifulSoup

from newsarchive.serve import serve

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def violations_per_page(browser, base: str, names: list[str]) -> dict[str, list[str]]:
    found = {}
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    for name in names:
        console.clear()
        page.goto(base + name, wait_until="load")
        seen = page.evaluate("window.__violations")
        seen += [text for text in console if "Content Security Policy" in text]
        if seen:
            found[name] = seen
    context.close()
    return found


def test_every_page_declares_the_policies(site):
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["default-src"] == "'none'", page
        assert directives["style-src"].startswith("'sha256-"), page
        assert directives["img-src"] == "'self' data:", page
        # No <base> elsewhere than the site, and no form to send anywhere.
        assert directives["base-uri"] == "'self'", page
        assert directives["form-action"] == "'none'", page
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert all(h.startswith("'sha256-") for h in directives.get("script-src", "").split())
        # Referrer Policy (W3C): the full address only to the same origin,
        # the origin alone to others over HTTPS, nothing on a downgrade.
        referrer = soup.find_all("meta", attrs={"name": "referrer"})
        assert [meta["content"] for meta in referrer] == ["strict-origin-when-cross-origin"], page


def test_no_page_violates_its_policy(served_site, browser):
    # Built for the address it is served at, as on GitHub Pages: the 404
    # page's <base> then points at the same origin.
    site = served_site.output
    names = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    names.append("deep/missing/path.html")
    assert violations_per_page(browser, served_site.url, names) == {}


def test_a_violation_would_be_seen(site, tmp_path, browser):
    page = next(site.glob("*-support.html")).read_text(encoding="utf-8")
    tampered = page.replace("</head>", "<style>body{color:red}</style></head>")
    (tmp_path / "tampered.html").write_text(tampered, encoding="utf-8")
    with serve(tmp_path) as base:
        found = violations_per_page(browser, base, ["tampered.html"])
    assert found and "style-src" in " ".join(found["tampered.html"])
