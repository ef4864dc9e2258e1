"""Build-time core of the reading companion to Trotsky's *The Revolution Betrayed*.

The domain modules (chapters, glossary, citations, source checking) are plain Python
and know nothing of MkDocs; :mod:`companion.plugin` adapts them to MkDocs events.
"""

__version__ = "0.1.0"
