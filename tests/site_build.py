"""Build the real site once per test session and serve it on 127.0.0.1, as readers will get it.

Shared by the browser suite (``tests/browser/``) and the checks over the built HTML
(``tests/test_built_html.py``): whichever asks first builds, the other reuses the result.
The port is bound before the build, so ``SITE_URL`` (and with it the canonical URLs, the
sitemap that instant navigation and previews read) matches the address the pages are served from.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build_env(site_url: str | None = None) -> dict[str, str]:
    """The environment for a ``mkdocs build`` subprocess: banners off, ``SITE_URL`` set when given."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    return env


def mkdocs_build(dest: Path, *, site_url: str | None = None, config: str = "mkdocs.yml") -> None:
    """Run ``mkdocs build --strict`` from the repository root into ``dest``; fail with its log if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(dest)],
        cwd=REPO, env=build_env(site_url), capture_output=True, text=True, check=False,
    )
    if result.returncode != 0 or not (dest / "index.html").is_file():
        raise RuntimeError(f"mkdocs build --strict -f {config} failed (exit {result.returncode}):\n{result.stderr[-6000:]}")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to stderr."""

    def log_message(self, format, *args) -> None:
        pass


@dataclass
class ServedSite:
    """A built site on disk and the local URL (ending in ``/``) it is served from."""

    root: Path
    url: str
    server: ThreadingHTTPServer

    def pages(self) -> list[Path]:
        """Every HTML page of the build, in a stable order."""
        return sorted(self.root.rglob("*.html"))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


_lock = threading.Lock()
_site: ServedSite | None = None


def served_site(workdir: Path) -> ServedSite:
    """The session's site: built (strict) into ``workdir/site`` and served, on first call only."""
    global _site
    with _lock:
        if _site is None:
            root = workdir / "site"
            server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            try:
                mkdocs_build(root, site_url=url)
            except BaseException:
                server.server_close()
                raise
            threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
            _site = ServedSite(root=root, url=url, server=server)
        return _site


def close_served_site() -> None:
    """Stop the server, if one was started (called once at the end of the session)."""
    global _site
    with _lock:
        if _site is not None:
            _site.close()
            _site = None
