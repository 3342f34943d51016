"""Root of the test run: kernels started by the report tests inherit this process's environment,
so the real data is found through ``UNVOTES_DATA_DIR``; point it at ../shared/data beside the
repository when it is unset and that folder exists.

``UNVOTES_DATA_DIR`` names the folder with one subfolder per source (``unvotes-2021/``,
``unxml-ga/``, ``unxml-sc/``, ``reference/``). The older form, one source's files directly in the
folder, still loads that source. Tests that need the real data skip, saying why, without it.
"""

from __future__ import annotations

import os
from pathlib import Path

_SHARED = Path(__file__).resolve().parent.parent / "shared" / "data"


def pytest_configure(config):
    if not os.environ.get("UNVOTES_DATA_DIR") and (_SHARED / "unvotes-2021" / "unvotes.csv.gz").exists():
        os.environ["UNVOTES_DATA_DIR"] = str(_SHARED)
