"""Feeds that treat metadata as plain text, as the templates do.

Pelican's writer passes titles through ``Markup(...).striptags()``, which
drops anything that looks like a tag, decodes entities and collapses runs of
spaces: a title such as ``a <b> c`` would reach feed readers changed. Here
Atom titles (type text) are written as the text they are; RSS titles, which
readers decode as HTML, and the plain-text summary, which both formats carry
as HTML, are escaped once into HTML.
"""

from feedgenerator import Rss201rev2Feed, get_tag_uri
from markupsafe import escape
from pelican.utils import set_date_tzinfo
from pelican.writers import Writer


class PlainTextFeedWriter(Writer):
    def _add_item_to_the_feed(self, feed, item) -> None:
        link = self.urljoiner(self.site_url, item.url)
        summary_html = str(escape(item.metadata.get("summary", "")))
        title = item.title
        if isinstance(feed, Rss201rev2Feed):
            title = str(escape(title))
            # RSS has one element for both; the settings say which one.
            content = None
            description = (
                summary_html
                if self.settings.get("RSS_FEED_SUMMARY_ONLY")
                else item.get_content(self.site_url)
            )
        else:
            content = item.get_content(self.site_url)
            description = summary_html or None

        categories = [str(item.category)] if getattr(item, "category", None) else []
        categories += [str(tag) for tag in getattr(item, "tags", [])]
        timezone = self.settings.get("TIMEZONE")
        modified = getattr(item, "modified", None)
        feed.add_item(
            title=title,
            link=link,
            unique_id=get_tag_uri(link, item.date),
            description=description,
            content=content,
            categories=categories or None,
            pubdate=set_date_tzinfo(item.date, timezone),
            updateddate=set_date_tzinfo(modified, timezone) if modified else None,
        )
