"""deploy/serve.py killed outright (SIGKILL, the OOM killer): nginx, Redis and the replicas go too.

Without a parent-death signal they kept running and held the class's port, so the next
``serve.py`` could not start. A real nginx and one real replica, on free loopback ports.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(url: str) -> str:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as r:
            return r.read().decode()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def test_sigkilled_serve_takes_nginx_redis_and_replicas_with_it(tmp_path):
    for name in ("nginx", "redis-server"):
        if not (shutil.which(name) or os.access(f"/usr/sbin/{name}", os.X_OK)
                or os.access(f"/usr/bin/{name}", os.X_OK)):
            msg = f"{name} is not installed (Debian: apt-get install {name}); .ci/run installs it"
            if os.environ.get("CI"):
                pytest.fail(msg, pytrace=False)
            pytest.skip(msg)
    port, state_file = _free_port(), tmp_path / "state.json"
    out = open(tmp_path / "serve.out", "wb")
    proc = subprocess.Popen(
        [sys.executable, "deploy/serve.py", "--replicas", "1", "--port", str(port),
         "--state-file", str(state_file), "--run-dir", str(tmp_path / "run"), "--no-install",
         "--store", "redis", "--data", str(tmp_path / "data")],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    pids: list[int] = []
    try:
        deadline = time.monotonic() + 180
        while not (state_file.exists() and _health(f"http://127.0.0.1:{port}") == "ok"):
            assert proc.poll() is None and time.monotonic() < deadline, \
                (tmp_path / "serve.out").read_text()
            time.sleep(0.25)
        st = json.loads(state_file.read_text())
        pids = [st["nginx_pid"], st["redis_pid"], *(r["pid"] for r in st["replicas"])]
        assert all(_alive(p) for p in pids), pids
        proc.kill()  # no handler runs: only the kernel can tell the children
        proc.wait()
        deadline = time.monotonic() + 30  # generous: a replica's shutdown on a busy box
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [p for p in pids if _alive(p)]
        assert not left, f"still running after serve.py was SIGKILLed: {left}"
        assert _health(f"http://127.0.0.1:{port}") == "", "the class's port still answers"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for p in pids:
            if _alive(p):
                os.kill(p, signal.SIGKILL)
        out.close()
