"""A throw-away redis-server for a test (Debian's, started as deploy/serve.py starts one)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy"))
import serve  # noqa: E402  (deploy/serve.py)


@contextlib.contextmanager
def redis_url(folder: Path):
    """``redis://127.0.0.1:<free port>/0`` of a redis-server kept in ``folder`` (no files
    written), stopped on exit; skipped without redis-server, unless CI is set."""
    if not (shutil.which("redis-server") or os.access("/usr/bin/redis-server", os.X_OK)):
        msg = "redis-server is not installed (Debian: apt-get install redis-server); .ci/run does"
        if os.environ.get("CI"):
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = serve.start_redis(folder, port, install=False, persist=False)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
