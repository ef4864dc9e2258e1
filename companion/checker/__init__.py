"""Source checking: prove that every source cited in ``citations.yaml`` still resolves.

Small modules, one job each; nothing here imports MkDocs:

- ``classes``: the status classes and what each means for the run;
- ``config``: the checker's settings (``CheckerConfig``);
- ``offline``: registry, schema and identifier checks, no network;
- ``safety``: refusing private and loopback addresses;
- ``hosts``: per-host concurrency, pacing and ``Retry-After`` penalties;
- ``fetch``: one URL fetched over HTTP (streamed GET, manual redirects, retries);
- ``classify``: a fetch turned into a status class;
- ``pages``: what a fetched page says (title, anchors, text shingles);
- ``soft404``: the random-sibling probe;
- ``archive``: Wayback snapshot look-ups;
- ``cache``: results with a maximum age per class, and the failure history;
- ``citedon``: which pages cite which key;
- ``run``: the whole online check of a registry;
- ``progress``: a progress bar on a terminal, plain lines in CI;
- ``report``: JSON, Markdown and JUnit reports;
- ``cli``: the command line (``scripts/check_sources.py``).
"""
