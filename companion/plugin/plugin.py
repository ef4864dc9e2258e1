"""The ``companion`` MkDocs plugin: a thin layer that hands each MkDocs event to the core."""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from ..citations.notes import SOURCES_HEADING, notes_html, render_citations
from ..citations.styles import export_bibtex, export_csl_json
from ..citations.syntax import Citation, find_citations
from ..deferred import DeferredBlocks
from ..frontmatter import MarkdownSource, blank_front_matter, page_title, source_title
from ..generate import (
    IN_THE_BOOK_HEADING,
    RELATED_HEADING,
    bibliography,
    chapters_index,
    glossary_index,
    in_the_book,
    mentions,
    tracker,
)
from ..messages import Problem
from ..page_parts import (
    chapter_facts,
    cite_this_page,
    entry_list,
    entry_summary,
    insert_after_heading,
    insert_after_title,
    key_terms,
)
from ..project import Project
from ..termlinks import TermLinker, rewrite_links
from .config import CompanionConfig
from .link_messages import LinkMessageFilter

log = get_plugin_logger(__name__)


class _WarningCounter(logging.Handler):
    """Counts warnings on the ``mkdocs`` loggers, to decide whether the staged site may replace the old one."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class CompanionPlugin(BasePlugin[CompanionConfig]):
    """Folds ``chapters/``, ``glossary/`` and ``citations.yaml`` into the site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.project: Project | None = None
        self.repo_paths: dict[str, str] = {}
        self.parsed: dict[str, MarkdownSource] = {}
        self.final_site_dir: str | None = None
        self.staging_dir: str | None = None
        self.counter = _WarningCounter()
        self.linker: TermLinker | None = None
        self.sources: dict[str, str] = {}
        self.citations: dict[str, list[Citation]] = {}  # per page, offsets in the file's text
        self.blocks: dict[str, DeferredBlocks] = {}
        self.mentions: dict = {}
        self.contained: set[str] = set()
        self.references: dict[str, str] = {}
        self.urls: dict[tuple[str, str], str] = {}
        self.late: dict[str, tuple[Callable[[str], str], Files]] = {}
        self.generated_pages: set[str] = set()
        self.previewable: dict[str, list[str]] = {}  # file name stem -> guides and entries of that name
        self.link_filter = LinkMessageFilter(self._locate)

    # -- lifecycle -----------------------------------------------------------------

    def on_startup(self, *, command, dirty) -> None:
        self.command = command

    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.root = Path(config.config_file_path).parent
        for watched in (self.config.chapters_dir, self.config.glossary_dir, self.config.citations_file):
            path = str(self.root / watched)
            if path not in config.watch:
                config.watch.append(path)
        self.project = Project.load(
            self.root, self.config.citations_file, self.config.chapters_dir, self.config.glossary_dir,
            strict_registry=self.config.citations_lint,
        )
        _extend_nav(config.nav, self.project)
        self._register_redirects(config)
        pages_logger = logging.getLogger("mkdocs.structure.pages")
        if self.link_filter not in pages_logger.filters:
            pages_logger.addFilter(self.link_filter)
        if self.config.atomic_build and self.command == "build":
            self.final_site_dir = config.site_dir
            parent = Path(config.site_dir).parent
            parent.mkdir(parents=True, exist_ok=True)
            config.site_dir = self.staging_dir = tempfile.mkdtemp(prefix=".site-staging-", dir=parent)
            logging.getLogger("mkdocs").addHandler(self.counter)
        return config

    # -- content -------------------------------------------------------------------

    @event_priority(100)  # before Material's meta and tags plugins, so they see our pages
    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled or self.project is None:
            return files
        project = self.project
        self.blocks, self.late, self.citations = {}, {}, {}  # per build: nothing left over from a failed one
        problems = list(project.problems)
        docs_rel = Path(config.docs_dir).resolve().relative_to(self.root.resolve()).as_posix()
        for file in files.documentation_pages():
            self.repo_paths[file.src_uri] = f"{docs_rel}/{file.src_uri}"
            file.edit_uri = f"{docs_rel}/{file.src_uri}"
        problems += self._add_content_files(files, config, project)
        problems += self._add_generated_files(files, config, project)
        if problems:
            for problem in sorted(set(problems)):
                log.warning(str(problem))
            raise PluginError(
                f"{len(set(problems))} problem(s) in the companion's content (listed above); nothing was built. "
                "Fix them and build again."
            )
        self.mentions = mentions(project.book)
        self.previewable = {}  # links to guides and entries show a preview on hover
        for folder, slugs in (("chapters", [c.slug for c in project.book]), ("glossary", list(project.glossary.entries))):
            for slug in slugs:
                self.previewable.setdefault(slug, []).append(f"{folder}/{slug}.md")
        self.contained = project.glossary.contained()
        self.references = {}
        self.urls = {}
        self.linker = TermLinker(
            {slug: (e.names, e.meta.summary) for slug, e in project.glossary.entries.items()}
        ) if self.config.glossary_link_terms else None
        return files

    def _register_redirects(self, config) -> None:
        """A renamed glossary entry keeps its old URL: each ``former_slugs`` item becomes a redirect."""
        moves = {
            f"glossary/{old}.md": f"glossary/{entry.slug}.md"
            for entry in self.project.glossary.entries.values() for old in entry.meta.former_slugs
        }
        if not moves:
            return
        redirects = config.plugins.get("redirects")
        if redirects is None:
            raise PluginError("glossary entries list former_slugs, but the 'redirects' plugin is not enabled in mkdocs.yml.")
        redirects.config["redirect_maps"] = {**moves, **redirects.config.get("redirect_maps", {})}

    def _locate(self, src_uri: str) -> tuple[str, str | None]:
        """Repository path and source text of a page, for messages."""
        if src_uri in self.repo_paths:
            return self.repo_paths[src_uri], self.sources.get(src_uri)
        return f"{src_uri} (generated)", None

    def _add_content_files(self, files: Files, config, project: Project) -> list[Problem]:
        problems = []
        items = [(f"chapters/{c.slug}.md", c.abs_path, c.path, c.source) for c in project.book]
        items += [(f"glossary/{e.slug}.md", e.abs_path, e.path, e.source) for e in project.glossary.entries.values()]
        self.parsed = {src_uri: source for src_uri, _, _, source in items}
        for src_uri, abs_path, repo_path, _ in items:
            if existing := files.get_file_from_path(src_uri):
                problems.append(Problem(repo_path, 1, f"{self.repo_paths.get(existing.src_uri, existing.src_uri)} has the same URL. Keep only one of the two files."))
                continue
            file = File.generated(config, src_uri, abs_src_path=str(abs_path))
            file.edit_uri = repo_path
            files.append(file)
            self.repo_paths[src_uri] = repo_path
        return problems

    def _add_generated_files(self, files: Files, config, project: Project) -> list[Problem]:
        pages = {}
        for file in files.documentation_pages():
            self.sources[file.src_uri] = file.content_string
            # Offsets in the blanked text are offsets in the file: on_page_markdown reuses these.
            pages[file.src_uri] = self.citations[file.src_uri] = find_citations(blank_front_matter(file.content_string))
        cited, problems = project.cited_keys({self.repo_paths.get(k, k): v for k, v in pages.items()})
        by_src = {src: self.repo_paths.get(src, src) for src in pages}
        back = {repo: src for src, repo in by_src.items()}
        cited_src = {key: [back[p] for p in paths] for key, paths in cited.items()}
        for problem in project.unused_entries(cited):
            log.info(f"{problem} (a warning that does not fail the build)")
        titles = {  # of the pages that cite, for the bibliography's backlinks
            src: source_title(self.parsed[src], src) if src in self.parsed else page_title(self.sources[src], src)
            for src in {src for pages in cited_src.values() for src in pages}
        }
        generated = {
            "chapters/index.md": chapters_index(project.book),
            "glossary/index.md": glossary_index(project.glossary, self.blocks.setdefault("glossary/index.md", DeferredBlocks())),
            "glossary/tracker.md": tracker(project.book, project.glossary, self.blocks.setdefault("glossary/tracker.md", DeferredBlocks())),
            "sources/index.md": bibliography(project.registry, cited_src, titles, self.blocks.setdefault("sources/index.md", DeferredBlocks())),
            "sources/citations.bib": export_bibtex(project.registry),
            "sources/citations.json": export_csl_json(project.registry),
        }
        self.generated_pages = {src for src in generated if src.endswith(".md")}
        for src_uri, content in generated.items():
            if files.get_file_from_path(src_uri):
                problems.append(Problem(f"docs/{src_uri}", 1, "this page is generated by the companion plugin. Remove the file."))
                continue
            files.append(File.generated(config, src_uri, content=content))
        return problems

    # -- pages ---------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        if not self.config.enabled or self.project is None:
            return markdown
        project = self.project
        src = page.file.src_uri
        slug = Path(src).stem
        kind = src.split("/")[0] if "/" in src else ""
        blocks = self.blocks.setdefault(src, DeferredBlocks())  # generated pages got theirs in on_files
        cited = render_citations(markdown, self.repo_paths.get(src, src), project.registry,
                                 inline=blocks.inline, citations=self._citations_in(page, markdown))
        markdown = cited.markdown
        cite_block = ""
        if kind == "chapters" and slug in project.book.by_slug():
            chapter = project.book.by_slug()[slug]
            page.meta.setdefault("description", chapter.meta.question)
            markdown = insert_after_heading(markdown, "At a glance", blocks.placeholder(chapter_facts(chapter)))
            markdown = insert_after_heading(
                markdown, "Key terms", blocks.placeholder(lambda href: key_terms(chapter, project.glossary, href)))
            cite_block = self._cite_block(page, config, chapter.meta.title + " — a reading guide", slug)
        elif kind == "glossary" and slug in project.glossary:
            entry = project.glossary[slug]
            page.meta.setdefault("description", entry.meta.summary)
            boost = self.config.glossary_search_boost + (1 if slug in self.contained else 0)
            page.meta.setdefault("search", {"boost": boost})
            markdown = insert_after_title(markdown, blocks.placeholder(
                entry_summary(entry.meta.summary, entry.meta.aliases), searchable=True))
            markdown += f"\n\n{IN_THE_BOOK_HEADING}\n" + blocks.placeholder(
                lambda href: in_the_book(self.mentions.get(entry.slug, []), href))
            related = [project.glossary[s] for s in entry.meta.related if s in project.glossary]
            if related:
                markdown += f"\n\n{RELATED_HEADING}\n" + blocks.placeholder(lambda href: entry_list(related, href, "related"))
            cite_block = self._cite_block(page, config, entry.meta.term, slug)
        if cited.notes:
            markdown = f"{markdown.rstrip()}\n\n{SOURCES_HEADING}\n" + blocks.placeholder(lambda href: notes_html(
                cited, project.registry, lambda key: href(f"sources/index.md#{key}"), self.references,
                project.book.section_place))
        if cite_block:
            markdown += blocks.placeholder(cite_block)
        return markdown

    def _citations_in(self, page, markdown: str) -> list[Citation]:
        """The citations of ``markdown``, the page's text without front matter: those found in on_files, moved."""
        raw = page.file.content_string
        found = self.citations.get(page.file.src_uri)
        if found is None or not raw.endswith(markdown):  # a page another plugin rewrote: look again
            return find_citations(markdown)
        offset = len(raw) - len(markdown)
        return [Citation(c.items, c.start - offset, c.end - offset, c.line) for c in found if c.start >= offset]

    def _cite_block(self, page, config, title: str, slug: str) -> str:
        url = (config.site_url or "") + page.url
        return cite_this_page(title, url, config.site_name, self.config.cite_author, str(dt.date.today().year), f"companion-{slug}")

    def on_page_content(self, html: str, *, page, config, files) -> str:
        if not self.config.enabled:
            return html
        src = page.file.src_uri
        def href(target: str) -> str:
            return self._href(files, target, page)

        self.late[src] = (href, files)
        blocks = self.blocks.get(src)
        return blocks.fill(html, href) if blocks else html

    def _href(self, files: Files, target: str, page) -> str:
        """The URL of ``chapters/x.md#fragment`` (a source path with an optional fragment) relative to ``page``."""
        path, _, fragment = target.partition("#")
        return self._url_of(files, path, page) + (f"#{fragment}" if fragment else "")

    def _url_of(self, files: Files, src_uri: str, page) -> str:
        """The URL of a source file relative to ``page``, whatever ``use_directory_urls`` says (cached per build)."""
        key = (src_uri, page.url)
        url = self.urls.get(key)
        if url is None:  # src_uris, not get_file_from_path: our paths are POSIX already, and PurePath costs
            url = self.urls[key] = get_relative_url(files.src_uris[src_uri].url, page.url)
        return url

    @event_priority(-100)  # after Material's search plugin has indexed the page
    def on_page_context(self, context, *, page, config, nav):
        """Link glossary terms and put in the generated blocks kept out of the search index.

        Both come after indexing: the index needs neither the links (their text is indexed anyway)
        nor the apparatus, and leaving them out keeps the indexing work to the page's own text.
        """
        src = page.file.src_uri
        pending = self.late.pop(src, None)
        blocks = self.blocks.pop(src, None)
        if pending is None:
            return context
        href, files = pending
        html = rewrite_links(  # the late blocks' links need neither linking nor tuning
            page.content, lambda url: self._previewed(files, url, page),
            linker=self.linker if src not in self.generated_pages else None,
            href=lambda slug: self._url_of(files, f"glossary/{slug}.md", page),
            skip={Path(src).stem} if src.startswith("glossary/") else set())
        page.content = blocks.fill_late(html, href) if blocks else html
        return context

    def _previewed(self, files: Files, url: str, page) -> bool:
        """Whether ``url`` (relative to ``page``) leads to a glossary entry or a chapter guide."""
        path = url.partition("#")[0]
        stem = posixpath.basename(path.rstrip("/")).removesuffix(".html")
        return any(self._url_of(files, src, page) == path for src in self.previewable.get(stem, ()))

    # -- output --------------------------------------------------------------------

    @event_priority(-100)
    def on_post_build(self, *, config) -> None:
        if self.final_site_dir is None:
            return
        staged, final = config.site_dir, self.final_site_dir
        logging.getLogger("mkdocs").removeHandler(self.counter)
        if config.strict and self.counter.count:
            shutil.rmtree(staged, ignore_errors=True)
            log.info(f"Strict build failed: {final} was left as it was.")
            return
        if os.path.isdir(final):
            shutil.rmtree(final)
        os.replace(staged, final)
        config.site_dir = final

    def on_build_error(self, *, error) -> None:
        if self.final_site_dir is not None and self.staging_dir:
            logging.getLogger("mkdocs").removeHandler(self.counter)
            shutil.rmtree(self.staging_dir, ignore_errors=True)


def _extend_nav(nav: list | None, project: Project) -> None:
    """Fill the nav section that starts with ``chapters/index.md`` with the guides in reading order."""
    for item in nav or []:
        if not isinstance(item, dict):
            continue
        for children in item.values():
            if isinstance(children, list) and children and children[0] == "chapters/index.md":
                listed = {next(iter(c.values())) if isinstance(c, dict) else c for c in children}
                for chapter in project.book:
                    src = f"chapters/{chapter.slug}.md"
                    if src not in listed:
                        children.append({f"{chapter.meta.display_label}: {chapter.meta.title}": src})
