"""Pelican plugins of this site, named in PLUGINS by their dotted names."""
