"""Shared fixtures: one real strict build of the real site per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built with ``mkdocs build --strict`` into a temporary folder."""
    out = tmp_path_factory.mktemp("real-site") / "site"
    result = build(REPO, site_dir=str(out))
    assert result.returncode == 0, f"the real site does not build:\n{result.stderr[-6000:]}"
    return out
