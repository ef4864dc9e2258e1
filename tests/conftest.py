"""Shared fixtures: one real strict build of the real site per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, build


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser suite last.

    Playwright's sync API keeps an asyncio event loop running in the main thread for the rest of
    the session once the shared browser has started; tests that call ``asyncio.run`` (the source
    checker's) must therefore run before it.
    """
    items.sort(key=lambda item: "/tests/browser/" in str(item.path).replace("\\", "/"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site, built with ``mkdocs build --strict`` into a temporary folder."""
    out = tmp_path_factory.mktemp("real-site") / "site"
    result = build(REPO, site_dir=str(out))
    assert result.returncode == 0, f"the real site does not build:\n{result.stderr[-6000:]}"
    return out
