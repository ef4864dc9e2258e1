#!/usr/bin/env python3
"""Benchmark the companion site and print the figures against its budgets (a benchmark, not a test).

Prints medians of several runs of:
  * the full strict build, against a plain Material build of the same Markdown without our plugin;
  * an incremental rebuild after editing one chapter (``mkdocs serve``, full and ``--dirty``);
  * what a reader downloads for a first and a repeat visit to a chapter guide (gzip, as a static
    host serves it, with a 10-minute cache like GitHub Pages), and how many requests that takes;
  * the size of the search index;
and the four Lighthouse 12 category scores (mobile) for a chapter guide and a glossary entry, beside
two controls that show what Material itself scores: the same guide built by plain Material, and a
one-paragraph page of bare Material. With ``--instructions`` it also counts the instructions of one
build of each kind under valgrind, a figure that machine load does not move.

Everything runs on a copy of the content in a temporary folder, so editing a chapter to time the
rebuild never touches the working tree. Needs Debian's chromium and, for Lighthouse, the pinned
npm package in bench/ (``cd bench && npm ci``; it never downloads a browser). Usage:

    .venv/bin/python scripts/bench_site.py [--runs 3] [--no-lighthouse] [--instructions]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "bench" / "node_modules" / "lighthouse" / "cli" / "index.js"
CONTENT = ["mkdocs.yml", "citations.yaml", "chapters", "glossary", "docs", "overrides", "companion"]
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
GUIDE = "chapters/05-soviet-thermidor/"
ENTRY = "glossary/thermidor/"
BUDGET = {"overhead": 1.25, "first_kb": 150, "first_requests": 12, "index_kb": 500, "lighthouse": 100}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time", "CLS": "cumulative-layout-shift"}


def env(site_url: str | None = None) -> dict[str, str]:
    """The environment of a reader's or author's machine: Python caches bytecode (pip already did
    for the installed packages, so without it only our own modules would be compiled on every run)."""
    extra = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if site_url:
        extra["SITE_URL"] = site_url
    return {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, **extra}


@dataclass(frozen=True)
class BuildTime:
    """Wall-clock and CPU seconds (user + system) of one build, start-up included."""

    wall: float
    cpu: float


def timed_build(workdir: Path, dest: Path, *, config: str = "mkdocs.yml", strict: bool = True, site_url: str | None = None) -> BuildTime:
    """Times one ``mkdocs build``, failing loudly."""
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(dest), *(["--strict"] if strict else [])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=workdir, env=env(site_url), capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"bench: `mkdocs build -f {config}` failed in {workdir}")
    return BuildTime(took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def counted_build(workdir: Path, dest: Path, *, strict: bool = True) -> int:
    """Instructions one ``mkdocs build`` executes, counted by valgrind's callgrind: the same count,
    to a fraction of a per cent, however busy the machine is (wall-clock times here vary by 20%)."""
    out = dest.parent / f"{dest.name}.callgrind"
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-m", "mkdocs", "build", "-q",
               "-d", str(dest), *(["--strict"] if strict else [])]
    result = subprocess.run(command, cwd=workdir, env=env(), capture_output=True, text=True, check=False)
    counts = [line.split()[-1] for line in result.stderr.splitlines() if "I   refs:" in line or "I refs:" in line]
    if result.returncode != 0 or not counts:
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"bench: `mkdocs build` under callgrind failed in {workdir}")
    return int(counts[-1].replace(",", ""))


# -- workspaces --------------------------------------------------------------------------------


class _Tags(yaml.SafeLoader):
    """Reads mkdocs.yml's custom tags (!ENV, !!python/name) as None: only the plugin list is needed."""


_Tags.add_multi_constructor("!", lambda loader, suffix, node: None)
_Tags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def copy_content(dest: Path) -> Path:
    """A copy of the site's sources (config, content, docs, overrides) to build and edit freely."""
    dest.mkdir(parents=True)
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, dest / name)
    # Anything else mkdocs.yml watches must exist (an empty folder is enough).
    watched = yaml.load((dest / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tags).get("watch") or []
    for path in watched:
        if isinstance(path, str) and not (dest / path).exists():
            (dest / path).mkdir(parents=True)
    return dest


def plain_workspace(content: Path, dest: Path) -> Path:
    """The same Markdown as a plain Material site: chapters/ and glossary/ moved into docs/, no companion plugin."""
    shutil.copytree(content / "docs", dest / "docs")
    for folder in ("chapters", "glossary"):
        shutil.copytree(content / folder, dest / "docs" / folder)
    shutil.copytree(content / "overrides", dest / "overrides")
    plugins = yaml.load((content / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tags)["plugins"]
    plugins = [p for p in plugins if (p if isinstance(p, str) else next(iter(p))) != "companion"]
    config = {"INHERIT": str(content / "mkdocs.yml"), "docs_dir": "docs", "plugins": plugins, "nav": None, "watch": [], "strict": False}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return dest


# -- incremental rebuild -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_rebuilds(workdir: Path, runs: int, *, dirty: bool) -> list[float]:
    """Seconds from saving an edit to one chapter until ``mkdocs serve`` has rebuilt and reloads the browser."""
    chapter = sorted(p for p in (workdir / "chapters").glob("*.md") if not p.name.startswith("_"))[0]
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}", *(["--dirty", "--no-strict"] if dirty else [])]  # --dirty warns, which strict would refuse
    log_path = workdir.parent / f"serve{'-dirty' if dirty else ''}.log"
    reloaded = "Reloading browsers"  # logged once each rebuild is written (the "built in" line is not always)
    times: list[float] = []
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=workdir, env=env(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

    def wait_for(marker: str, count: int, deadline: float = 180) -> None:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if log_path.read_text(encoding="utf-8").count(marker) >= count:
                return
            if process.poll() is not None:
                break
            time.sleep(0.05)
        tail = [line for line in log_path.read_text(encoding="utf-8").splitlines() if "never cited" not in line][-20:]
        raise SystemExit(f"bench: mkdocs serve (exit {process.poll()}) did not log {marker!r} {count} time(s):\n" + "\n".join(tail))

    try:
        wait_for("Serving on", 1)  # the initial full build is done
        for run in range(runs):
            time.sleep(1.5)  # let the watcher settle before the next edit
            start = time.perf_counter()
            with chapter.open("a", encoding="utf-8") as handle:
                handle.write(f"\nAn extra sentence for benchmark run {run}.\n")
            wait_for(reloaded, run + 1)
            times.append(time.perf_counter() - start)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return times


# -- what a reader downloads -------------------------------------------------------------------


class StaticHost(SimpleHTTPRequestHandler):
    """Serves the site as a static host does: gzip for text, ETag/Last-Modified, a 10-minute max-age."""

    protocol_version = "HTTP/1.1"
    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map")

    def log_message(self, format, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSIBLE:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        etag = f'"{path.stat().st_mtime_ns:x}-{len(body):x}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.end_headers()
        import io

        return io.BytesIO(body)


def start_host(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticHost, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def visit(context, url: str) -> dict:
    """Load ``url`` in a tab of ``context`` until the network is idle; requests and bytes on the wire."""
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    sent: dict[str, str] = {}
    wire: dict[str, int] = {}
    cached: set[str] = set()
    client.on("Network.requestWillBeSent", lambda e: sent.setdefault(e["requestId"], e["request"]["url"]))
    client.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    client.on("Network.responseReceived", lambda e: e["response"].get("fromDiskCache") and cached.add(e["requestId"]))
    client.on("Network.loadingFinished", lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))  # includes the search worker's own fetches
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    page.close()
    network = [rid for rid in sent if rid not in cached]
    worker_only = [u for u in seen if u not in sent.values()]
    return {
        "requests": len(network) + len(worker_only),
        "cached": len(cached),
        "bytes": sum(wire.get(rid, 0) for rid in network),
        "worker_only": worker_only,
        "largest": sorted(((wire.get(rid, 0), urlsplit(sent[rid]).path) for rid in network), reverse=True)[:4],
    }


def reader_downloads(site: Path, url: str, runs: int) -> dict:
    """First visit (empty cache) and repeat visit (same browser, cache on) to the chapter guide."""
    from playwright.sync_api import sync_playwright

    firsts, repeats = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROME_FLAGS[1:])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 375, "height": 812})
            firsts.append(visit(context, url + GUIDE))
            repeats.append(visit(context, url + GUIDE))
            context.close()
        browser.close()
    return {"first": firsts, "repeat": repeats}


# -- Lighthouse --------------------------------------------------------------------------------


def lighthouse(url: str, out: Path) -> dict[str, float]:
    """Lighthouse 12 (mobile, default throttling) category scores for ``url``, as 0–100."""
    command = [
        "node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    result = subprocess.run(command, env={**os.environ, "CHROME_PATH": shutil.which("chromium") or ""}, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed ({result.returncode}): {result.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    scores |= {metric: report["audits"][audit]["numericValue"] for metric, audit in METRICS.items()}
    failing = [
        f"{audit['id']} ({audit['score']})"
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") in {"binary", "numeric", "metricSavings"}
    ]
    scores["_failing"] = failing  # type: ignore[assignment]
    return scores


def bare_material(dest: Path) -> Path:
    """Material's floor: one paragraph, Material's defaults (system fonts), no plugin, no features, no palette."""
    (dest / "docs").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# A page\n\nOne paragraph of text, and nothing else on the page.\n", encoding="utf-8")
    config = {"site_name": "Floor", "site_description": "A one-paragraph Material page.", "site_url": "http://127.0.0.1/",
              "theme": {"name": "material", "font": False, "language": "en"}}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return dest


def lighthouse_rows(targets: list[tuple[str, str]], runs: int, out_dir: Path) -> None:
    """Lighthouse ``runs`` times on each (label, URL), interleaved; medians and the range of performance."""
    results: dict[str, list[dict]] = {label: [] for label, _ in targets}
    for run in range(runs):
        for index, (label, url) in enumerate(targets):
            try:
                results[label].append(lighthouse(url, out_dir / f"lh-{index}-{run}.json"))
            except RuntimeError as error:
                print(f"  {label}: {error}")
    for label, rows in results.items():
        if not rows:
            continue
        med = {key: statistics.median(row[key] for row in rows) for key in [*CATEGORIES, *METRICS]}
        performance = [row["performance"] for row in rows]
        line = "  ".join(f"{name} {med[name]:.0f}" for name in CATEGORIES)
        metrics = "  ".join(f"{name} {med[name]:.0f}" + ("" if name == "CLS" else " ms") for name in METRICS if name != "CLS")
        print(f"  {label:<44} {line}   — {verdict(all(med[name] >= BUDGET['lighthouse'] for name in CATEGORIES))}")
        print(f"    performance runs: {', '.join(map(str, performance))};  medians: {metrics}, CLS {med['CLS']:.3f}")
        failing = sorted({audit for row in rows for audit in row["_failing"]})
        if failing:
            print(f"    audits below 0.9 in some run: {', '.join(failing)}")


# -- report ------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "within budget" if ok else "OVER BUDGET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are printed (default 3)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of each build with valgrind (a few minutes; not disturbed by machine load)")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    median = statistics.median

    with tempfile.TemporaryDirectory(prefix="companion-bench-") as tmp:
        tmp_path = Path(tmp)
        content = copy_content(tmp_path / "content")
        plain = plain_workspace(content, tmp_path / "plain")

        print(f"Benchmark of {REPO} ({runs} runs each, medians)\n")
        timed_build(content, tmp_path / "warm-full")  # first builds write bytecode and warm the disk cache
        timed_build(plain, tmp_path / "warm-plain", strict=False)
        full, bare = [], []
        for i in range(runs):  # interleaved, so a change in the machine's load hits both alike
            full.append(timed_build(content, tmp_path / f"full{i}"))
            bare.append(timed_build(plain, tmp_path / f"plain{i}", strict=False))
        ratio = median(t.wall for t in full) / median(t.wall for t in bare)
        cpu_ratio = median(t.cpu for t in full) / median(t.cpu for t in bare)
        print("Build (wall clock; CPU seconds, user + system, in brackets: steadier on a busy machine)")
        for label, times in (("full strict build (companion plugin)", full), ("plain Material build, same Markdown", bare)):
            print(f"  {label:<40}{median(t.wall for t in times):6.2f} s ({median(t.cpu for t in times):.2f} s CPU)   "
                  f"runs: {', '.join(f'{t.wall:.2f}' for t in times)}")
        print(f"  plugin overhead                         {ratio:6.2f}× ({cpu_ratio:.2f}× CPU)   budget ≤ {BUDGET['overhead']}× — "
              f"{verdict(ratio <= BUDGET['overhead'])}")
        if args.instructions:
            if shutil.which("valgrind") is None:
                print("  instructions: valgrind is not installed (apt-get install valgrind)")
            else:
                ours, theirs = counted_build(content, tmp_path / "counted-full"), counted_build(plain, tmp_path / "counted-plain", strict=False)
                print(f"  instructions (callgrind, one build each)  {ours / 1e9:.3f} G vs {theirs / 1e9:.3f} G: {ours / theirs:.3f}×   "
                      f"budget ≤ {BUDGET['overhead']}× — {verdict(ours / theirs <= BUDGET['overhead'])}")

        rebuild = serve_rebuilds(content, runs, dirty=False)
        dirty = serve_rebuilds(content, runs, dirty=True)
        print("Incremental rebuild after editing one chapter (save → serve reloads the browser; includes the watcher's delay)")
        print(f"  mkdocs serve                              {median(rebuild):6.2f} s   runs: {', '.join(f'{t:.2f}' for t in rebuild)}")
        print(f"  mkdocs serve --dirty                      {median(dirty):6.2f} s   runs: {', '.join(f'{t:.2f}' for t in dirty)}")

        server, url = start_host(tmp_path / "served")
        timed_build(content, tmp_path / "served", site_url=url)
        index = tmp_path / "served" / "search" / "search_index.json"
        index_bytes = index.read_bytes()
        downloads = reader_downloads(tmp_path / "served", url, runs)
        first_kb = median(v["bytes"] for v in downloads["first"]) / 1024
        first_requests = median(v["requests"] for v in downloads["first"])
        repeat_kb = median(v["bytes"] for v in downloads["repeat"]) / 1024
        repeat_requests = median(v["requests"] for v in downloads["repeat"])
        print(f"Reader downloads for {GUIDE} (phone viewport; gzip; cache max-age=600 as on GitHub Pages)")
        print(f"  first visit                               {first_kb:6.1f} KB in {first_requests:.0f} requests   "
              f"budget ≤ {BUDGET['first_kb']} KB, ≤ {BUDGET['first_requests']} requests — "
              f"{verdict(first_kb <= BUDGET['first_kb'] and first_requests <= BUDGET['first_requests'])}")
        print(f"    largest: {', '.join(f'{name} {size / 1024:.1f} KB' for size, name in downloads['first'][0]['largest'])}")
        print(f"  repeat visit (cache on)                   {repeat_kb:6.1f} KB in {repeat_requests:.0f} requests "
              f"({median(v['cached'] for v in downloads['repeat']):.0f} answered from cache)")
        index_kb = len(index_bytes) / 1024
        print("Search index")
        print(f"  search/search_index.json                  {index_kb:6.1f} KB ({len(gzip.compress(index_bytes)) / 1024:.1f} KB gzip), "
              f"{len(json.loads(index_bytes)['docs'])} entries   budget ≤ {BUDGET['index_kb']} KB — {verdict(index_kb <= BUDGET['index_kb'])}")

        if not args.no_lighthouse:
            print(f"Lighthouse 12.2.3 (mobile, simulated throttling; medians of {runs} runs)   budget 100 in every category")
            if not LIGHTHOUSE.is_file():
                print("  not installed: cd bench && npm ci   (pinned lighthouse@12.2.3; never downloads a browser)")
            # Two controls show how much of the score is Material's own: the same guide built by plain
            # Material (our theme settings, no plugin), and a one-paragraph page of bare Material.
            plain_server, plain_url = start_host(tmp_path / "plain-served")
            timed_build(plain, tmp_path / "plain-served", strict=False, site_url=plain_url)
            floor_server, floor_url = start_host(tmp_path / "floor-served")
            timed_build(bare_material(tmp_path / "floor"), tmp_path / "floor-served", strict=False)
            lighthouse_rows([
                (GUIDE, url + GUIDE),
                (ENTRY, url + ENTRY),
                (f"{GUIDE} by plain Material (control)", plain_url + GUIDE),
                ("one-paragraph bare Material page (control)", floor_url),
            ], runs, tmp_path)
            for control in (plain_server, floor_server):
                control.shutdown()
                control.server_close()
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
