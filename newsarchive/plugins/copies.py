"""Which articles get a one-file copy and an EPUB book, and the absolute
address those copies, the sitemap and the manifest use. Shared by the
plugins, so each rule is written once."""

from __future__ import annotations

from pelican.contents import Article

NO_SOURCE = "it records no Source_sha256, so a copy could not say what it was made from"
# A draft's page is shown by `make html` only; its copies would go unwritten.
DRAFT = "it is a draft"


def absolute_site_url(settings: dict) -> str:
    """SITEURL stays absolute in SITE_ABSOLUTE_URL: Pelican rewrites SITEURL
    per page when RELATIVE_URLS is on."""
    return settings.get("SITE_ABSOLUTE_URL") or settings["SITEURL"]


def archived_url(content) -> str:
    """The content's own absolute address in this archive."""
    return f"{absolute_site_url(content.settings)}/{content.url}"


def no_copy_reason(content) -> str | None:
    """Why this content gets no copies, or None when it does."""
    if not isinstance(content, Article):
        return "it is not an article"
    if content.status == "draft":
        return DRAFT
    if not content.metadata.get("source_sha256"):
        return NO_SOURCE
    return None


def copy_name(content, save_as_setting: str) -> str | None:
    """The file name of a copy (STANDALONE_SAVE_AS, EPUB_SAVE_AS), or None."""
    save_as = content.settings.get(save_as_setting)
    if not save_as or no_copy_reason(content):
        return None
    return save_as.format(slug=content.slug)
