#!/usr/bin/env python3
"""Check the citations registry: offline by default, every URL with --online.

Thin wrapper over companion.checker.cli; see ``--help``. Exit codes: 0 clean, 1 hard failures,
2 warnings only (with --strict), 3 usage or configuration error.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from companion.checker.cli import main

if __name__ == "__main__":
    sys.exit(main())
