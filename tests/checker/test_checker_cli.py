"""``scripts/check_sources.py`` run as a subprocess: modes, reports and exit codes (0, 1, 2, 3)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.helpers import REPO

SCRIPT = REPO / "scripts" / "check_sources.py"
PAGE = "<html><head><title>Chapter</title></head><body><h2 id='s1'>One</h2>" + "text " * 40 + "</body></html>"


def _site(tmp_path: Path, registry: str, page: str = "") -> Path:
    (tmp_path / "citations.yaml").write_text(textwrap.dedent(registry), encoding="utf-8")
    (tmp_path / "chapters").mkdir(exist_ok=True)
    (tmp_path / "chapters" / "05-soviet-thermidor.md").write_text(
        "---\ntitle: Chapter 5\n---\n\n" + (page or "Nothing cited.\n"), encoding="utf-8")
    return tmp_path / "citations.yaml"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "CI": "true"})


def _online(registry: Path, wayback: HTTPServer, *extra: str) -> subprocess.CompletedProcess[str]:
    return _run("--online", "--registry", str(registry), "--allow-private", "--timeout", "2", "--retries", "1",
                "--retry-wait", "0.05", "--retry-after-cap", "1", "--host-interval", "0", "--cache-dir", str(registry.parent / "cache"),
                "--wayback-url", wayback.url_for("/").rstrip("/"), *extra, cwd=registry.parent)


def test_offline_clean_registry_exits_0(tmp_path: Path):
    """A valid registry whose entries are all cited passes the offline check with exit code 0."""
    registry = _site(tmp_path, """\
        trotsky1937:
          title: The Revolution Betrayed
          url: https://www.marxists.org/archive/trotsky/1936/revbet/
          isbn: "978-0-486-43398-1"
        """, "See [@trotsky1937].\n")
    result = _run("--registry", str(registry), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert result.stderr == "offline check of 1 entries: 0 problems, 0 warnings. Exit code 0.\n"


def test_offline_bad_isbn_exits_1_with_located_message(tmp_path: Path):
    """A bad ISBN checksum is reported as citations.yaml:LINE: ... and exits 1, without any network."""
    registry = _site(tmp_path, """\
        # the book
        trotsky2004:
          title: The Revolution Betrayed
          url: https://docslib.org/doc/13225234/
          isbn: "978-0-486-43398-2"
        """, "[@trotsky2004]\n")
    result = _run("--registry", str(registry), "--json", "report.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "citations.yaml:5: entry 'trotsky2004': isbn: '978-0-486-43398-2' has a bad ISBN-13 checksum. "
        "Copy it again from the book's copyright page.",
    ]
    record = json.loads((tmp_path / "report.json").read_text())["results"][0]
    assert (record["key"], record["class"], record["cited_on"]) == ("trotsky2004", "identifier-invalid", ["chapters/05-soviet-thermidor.md"])


def test_offline_unknown_key_in_a_page_exits_1(tmp_path: Path):
    """A page citing a key the registry lacks is a hard problem, with a did-you-mean."""
    registry = _site(tmp_path, """\
        trotsky1937:
          title: The Revolution Betrayed
          url: https://www.marxists.org/archive/trotsky/1936/revbet/
        """, "As argued [@trotsky1973].\n")
    result = _run("--registry", str(registry), cwd=tmp_path)
    assert result.returncode == 1
    assert "chapters/05-soviet-thermidor.md:5: unknown citation key 'trotsky1973'. Did you mean 'trotsky1937'?" in result.stdout


def test_offline_warnings_exit_2_only_under_strict(tmp_path: Path):
    """An entry no page cites is a warning: exit 0, or 2 with --strict."""
    registry = _site(tmp_path, """\
        lonely2020:
          title: Never cited
          url: https://example.org/lonely
        """)
    assert _run("--registry", str(registry), cwd=tmp_path).returncode == 0
    strict = _run("--registry", str(registry), "--strict", cwd=tmp_path)
    assert strict.returncode == 2
    assert strict.stdout == ("citations.yaml:1: entry 'lonely2020' is never cited on a page in docs/, chapters/ or glossary/. "
                             "Cite it or remove it.\n")


def test_usage_errors_exit_3(tmp_path: Path):
    """Bad options, impossible settings and a missing registry are usage errors: exit 3."""
    assert _run("--no-such-option", cwd=tmp_path).returncode == 3
    bad = _run("--concurrency", "0", cwd=tmp_path)
    assert (bad.returncode, bad.stderr) == (3, "check_sources.py: error: --concurrency must be at least 1, not 0.\n")
    missing = _run("--registry", "nowhere.yaml", cwd=tmp_path)
    assert missing.returncode == 3
    assert missing.stderr == "check_sources.py: error: nowhere.yaml: the citations registry does not exist. Pass --registry FILE.\n"


def test_online_clean_run_exits_0_and_writes_reports(tmp_path: Path, server: HTTPServer, wayback: HTTPServer):
    """All sources fine: exit 0, and the JSON, Markdown and JUnit reports describe each entry."""
    server.expect_request("/ch05.htm").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/archive/ch05.htm").respond_with_data(PAGE, content_type="text/html")
    url, archive = server.url_for("/ch05.htm") + "#s1", server.url_for("/archive/ch05.htm")
    registry = _site(tmp_path, f"""\
        trotsky1937-ch05:
          title: Chapter 5
          url: {url}
          archive_url: {archive}
        """, "Thermidor [@trotsky1937-ch05, sec. 1].\n")
    result = _online(registry, wayback, "--json", "out/report.json", "--markdown", "out/report.md", "--junit", "out/junit.xml")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["summary"] == {"ok": 1}
    record = data["results"][0]
    assert {k: record[k] for k in ("key", "url", "class", "http_status", "final_url", "redirects", "error", "cited_on", "from_cache")} == {
        "key": "trotsky1937-ch05", "url": url, "class": "ok", "http_status": 200, "final_url": url, "redirects": [],
        "error": "", "cited_on": ["chapters/05-soviet-thermidor.md"], "from_cache": False,
    }
    assert record["archive"]["class"] == "ok"
    assert set(record) >= {"attempts", "elapsed_ms", "suggestion", "checked_at"}
    assert "## ok (1, fine)" in (tmp_path / "out" / "report.md").read_text()
    suite = ET.parse(tmp_path / "out" / "junit.xml").getroot().find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures")) == ("1", "0")


def test_online_dead_source_exits_1(tmp_path: Path, server: HTTPServer, wayback: HTTPServer):
    """A 404 fails the run, with a compiler-style line and a JUnit failure."""
    url = server.url_for("/gone-missing")
    registry = _site(tmp_path, f"""\
        dawsey2018:
          title: Missing
          url: {url}
        """, "[@dawsey2018]\n")
    result = _online(registry, wayback, "--junit", "junit.xml", "--markdown", "report.md")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"citations.yaml:1: error: entry 'dawsey2018': url {url} is dead: HTTP 404 (HEAD and GET agree). "
        "The source no longer resolves: find its new address or cite an archived copy (archive_url). "
        "No Wayback snapshot was found. This is its first failing run.")
    assert "## dead (1, fails the run)" in (tmp_path / "report.md").read_text()
    suite = ET.parse(tmp_path / "junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1"


def test_online_dead_source_waits_for_confirm_runs(tmp_path: Path, server: HTTPServer, wayback: HTTPServer):
    """With --confirm-runs 2 the first failing run only warns; the second one fails."""
    url = server.url_for("/flaky-night")
    registry = _site(tmp_path, f"""\
        dawsey2018:
          title: Missing
          url: {url}
        """, "[@dawsey2018]\n")
    first = _online(registry, wayback, "--confirm-runs", "2", "--json", "first.json")
    assert first.returncode == 0, first.stdout
    assert json.loads((tmp_path / "first.json").read_text())["results"][0]["consecutive_failures"] == 1
    second = _online(registry, wayback, "--confirm-runs", "2", "--json", "second.json")
    assert second.returncode == 1
    assert json.loads((tmp_path / "second.json").read_text())["results"][0]["consecutive_failures"] == 2


def test_online_warnings_exit_2_only_under_strict(tmp_path: Path, server: HTTPServer, wayback: HTTPServer):
    """A bot wall is a warning: exit 0 normally, 2 under --strict."""
    server.expect_request("/walled").respond_with_data("<title>Just a moment...</title>", status=403, content_type="text/html",
                                                       headers={"cf-mitigated": "challenge"})
    registry = _site(tmp_path, f"""\
        walled2020:
          title: Behind a wall
          url: {server.url_for("/walled")}
        """, "[@walled2020]\n")
    assert _online(registry, wayback).returncode == 0
    assert _online(registry, wayback, "--strict").returncode == 2
