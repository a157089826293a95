"""What a benchmark needs beyond `make test`'s install: the `bench` extra (Datasette, gunicorn).

    from _needs import need
    need(modules=["datasette"], programs=["gunicorn"])

A missing piece stops the benchmark at once with the command that installs it, instead of a
ModuleNotFoundError or FileNotFoundError half-way through.
"""

import importlib.util
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
INSTALL = ".venv/bin/pip install -e '.[bench]'"


def need(*, modules=(), programs=()) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    missing += [p for p in programs if not (BIN / p).exists()]
    missing = list(dict.fromkeys(missing))
    if missing:
        sys.exit(f"this benchmark needs {', '.join(missing)}: install them with  {INSTALL}")
