"""pelicanconf.py holds this site's choices only, not Pelican's defaults."""

import runpy

from pelican.settings import DEFAULT_CONFIG

from newsarchive.devtools.site_builder import ROOT


def test_no_setting_restates_pelicans_default():
    settings = runpy.run_path(str(ROOT / "pelicanconf.py"))
    missing = object()
    restated = [
        name
        for name, value in settings.items()
        if name.isupper() and DEFAULT_CONFIG.get(name, missing) == value
    ]
    assert restated == []
