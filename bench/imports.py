"""Hostile .xlsx files against the import reader: CPU time to refuse each.

    .venv/bin/python bench/imports.py

Reads each file of tests/hostile.py (and the same padded to just under the
upload limit) through the client importer, as an upload would, and prints its
size and the CPU seconds (time.process_time) until it is refused.
Target: under 2 s of CPU for every file under the upload limit.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402

from clients.imports import ClientImporter  # noqa: E402
from tests import hostile  # noqa: E402

HEADER = ("Type", "Nom", "Prénom")


def largest_under_limit(build, **kwargs):
    """The biggest count whose file stays under the upload limit (doubling, then bisecting)."""
    low, high = 1000, 2000
    while len(build(count=high, header=HEADER)) < settings.IMPORT_MAX_BYTES and high < 10**8:
        low, high = high, high * 2
    while high - low > max(1000, low // 50):
        middle = (low + high) // 2
        if len(build(count=middle, header=HEADER)) < settings.IMPORT_MAX_BYTES:
            low = middle
        else:
            high = middle
    return build(count=low, header=HEADER)


def main():
    files = {
        "huge declared dimension": hostile.huge_dimension(HEADER),
        "200,000 empty rows": hostile.many_empty_rows(header=HEADER),
        "empty rows up to the upload limit": largest_under_limit(hostile.many_empty_rows),
        "cells in column XFD up to the upload limit": largest_under_limit(hostile.far_cells),
        "5,000 rows × 24 cells (just within the limits)": hostile.dense(columns=24, header=HEADER),
        "entity declaration": hostile.with_doctype(HEADER),
        "malformed XML": hostile.malformed(HEADER),
    }
    worst = 0.0
    for name, content in files.items():
        start = time.process_time()
        try:
            ClientImporter().read(content)
            outcome = "read"
        except ValidationError as error:
            outcome = "refused: " + error.messages[0][:60]
        spent = time.process_time() - start
        worst = max(worst, spent)
        print(f"{name:45} {len(content) / 1024:8.0f} KB {spent:6.3f} s CPU  {outcome}")
    print(f"worst: {worst:.3f} s CPU (target < 2 s)")


if __name__ == "__main__":
    main()
