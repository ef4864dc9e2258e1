#!/usr/bin/env python3
"""Build the offline copy of the companion and zip it into the site as download/companion-offline.zip.

The offline copy is mkdocs.offline.yml: the same site with Material's offline plugin (pages open from
file://, search index inlined) and a vendored iframe-worker shim, so nothing is fetched from the web.

Usage (from anywhere; paths are relative to the repository root):

    scripts/build_offline.py                # adds site/download/companion-offline.zip to a built site/
    scripts/build_offline.py --build-site   # builds site/ (strict) first, then adds the zip
    scripts/build_offline.py --site-dir DIR --keep DIR2   # zip into DIR/download/, keep the unzipped copy in DIR2

Run it after `mkdocs build`: a later build replaces site/ and with it the zip.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ZIP_NAME = "companion-offline.zip"
FOLDER = "companion-offline"  # the one top-level folder in the zip, so unpacking makes no mess
FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same input gives the same zip
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)


def mkdocs_build(config: str, dest: Path) -> None:
    """``mkdocs build --strict`` with ``config`` into ``dest``; exit with mkdocs' log if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(dest)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (dest / "index.html").is_file():
        sys.stderr.write(result.stderr)
        raise SystemExit(f"build_offline: `mkdocs build --strict -f {config}` failed (exit {result.returncode}).")


def check_self_contained(root: Path) -> None:
    """Refuse a copy whose pages load scripts, images, frames or stylesheets from the web."""
    from bs4 import BeautifulSoup

    remote = []
    for page in sorted(root.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        urls = [tag.get("src", "") for tag in soup.find_all(["script", "img", "iframe", "source", "video", "audio", "embed"])]
        urls += [tag.get("href", "") for tag in soup.find_all("link") if {"stylesheet", "icon", "preload", "modulepreload"} & set(tag.get("rel") or [])]
        remote += [f"{page.relative_to(root).as_posix()}: {url}" for url in urls if REMOTE.match(url)]
    if remote:
        raise SystemExit(f"build_offline: these pages of the offline copy load assets from the web: {remote[:10]}")
    if not (root / "search" / "search_index.js").is_file():
        raise SystemExit("build_offline: no search/search_index.js: is the offline plugin listed in mkdocs.offline.yml?")


def write_zip(root: Path, target: Path) -> None:
    """Zip ``root`` into ``target`` under one folder, in a stable order with fixed timestamps."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(root).as_posix()}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    os.replace(partial, target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", default="site", help="the built site to add download/companion-offline.zip to (default: site)")
    parser.add_argument("--build-site", action="store_true", help="build the normal site into --site-dir first (mkdocs build --strict)")
    parser.add_argument("--keep", metavar="DIR", help="also keep the unzipped offline copy in DIR (replaced if it exists)")
    args = parser.parse_args(argv)
    site_dir = (REPO / args.site_dir).resolve()
    if args.build_site:
        mkdocs_build("mkdocs.yml", site_dir)
    with tempfile.TemporaryDirectory(prefix="companion-offline-") as tmp:
        offline = Path(tmp) / FOLDER
        mkdocs_build("mkdocs.offline.yml", offline)
        check_self_contained(offline)
        target = site_dir / "download" / ZIP_NAME
        write_zip(offline, target)
        if args.keep:
            keep = (REPO / args.keep).resolve()
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(offline, keep)
    print(f"build_offline: wrote {target} ({target.stat().st_size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
