"""The offline build variant stays the normal site plus Material's offline plugin and the vendored shim."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
# sha256 of shim/index.js in the npm package iframe-worker@1.0.4 (vendored below its licence header).
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml's tags (!ENV, !relative, !!python/name) as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load(name: str) -> dict:
    return yaml.load((REPO / name).read_text(encoding="utf-8"), Loader=_Loader)


def test_offline_config_repeats_the_site_plugins_and_adds_offline():
    """INHERIT replaces lists, so mkdocs.offline.yml lists the site's plugins unchanged, then offline."""
    site, offline = load("mkdocs.yml"), load("mkdocs.offline.yml")
    assert offline["INHERIT"] == "mkdocs.yml"
    assert offline["plugins"] == [*site["plugins"], "offline"]


def test_offline_config_uses_the_vendored_shim_not_a_cdn():
    """The only polyfill is the vendored iframe-worker shim, byte for byte the npm 1.0.4 file, with its MIT notice."""
    assert load("mkdocs.offline.yml")["extra"]["polyfills"] == ["assets/javascripts/iframe-worker-shim.js"]
    text = (REPO / "docs/assets/javascripts/iframe-worker-shim.js").read_text(encoding="utf-8")
    header, _, code = text.partition(" */\n")
    assert "Copyright (c) 2020-2022 Martin Donath" in header and "Permission is hereby granted" in header
    assert hashlib.sha256(code.encode()).hexdigest() == SHIM_SHA256
