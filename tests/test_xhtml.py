import pytest

from newsarchive.xhtml import to_xhtml


def test_html_becomes_well_formed_xhtml():
    html = (
        '<p>A&nbsp;line<br>break &amp; <a href="https://e.org/?a=1&amp;b=2">link</a></p>\n'
        '<p><img alt="x" src="a.png"><input disabled><!-- note --></p>'
    )
    assert to_xhtml(html) == (
        '<p>A\xa0line<br />break &amp; <a href="https://e.org/?a=1&amp;b=2">link</a></p>\n'
        '<p><img alt="x" src="a.png" /><input disabled="disabled" /></p>'
    )


def test_text_is_kept_exactly():
    text = "“Quoted,” he said -- it’s … done < 5 > 3"
    assert to_xhtml(f"<p>{text.replace('<', '&lt;').replace('>', '&gt;')}</p>") == (
        "<p>“Quoted,” he said -- it’s … done &lt; 5 &gt; 3</p>"
    )


def test_mismatched_tags_are_refused():
    with pytest.raises(ValueError, match="well-formed"):
        to_xhtml("<p><em>unclosed</p>")
