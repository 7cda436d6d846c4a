from .reading_time import reading_minutes


def test_counts_words_not_markup():
    assert reading_minutes("<p>" + "word " * 230 + "</p>") == 1
    assert reading_minutes('<p class="a b c">' + "word " * 231 + "</p>") == 2
    assert reading_minutes("<p>one</p><p>two</p>", words_per_minute=1) == 2
    assert reading_minutes("") == 1
