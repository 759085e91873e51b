"""Run gradviz for a class: N Streamlit replicas on loopback ports behind nginx, supervised.

    python deploy/serve.py --replicas 2 --port 8080

starts ``streamlit run streamlit_app.py`` N times on free 127.0.0.1 ports (the repository's
``.streamlit/config.toml`` applies to each), then nginx on ``--host:--port`` with
``deploy/nginx.conf`` rendered for those replicas (cookie affinity, websocket upgrade, long
timeouts, ``/_stcore/health``). It stays in the foreground: a replica that exits is started
again on the same port (after 1, 2, 4 … s if it keeps dying), and SIGTERM or Ctrl-C stops
nginx and every replica; if serve.py itself is killed (SIGKILL, OOM), the kernel sends them
SIGTERM (``PR_SET_PDEATHSIG``), so nothing is left holding the port. nginx comes from Debian's packages; when it is missing, it is
installed with apt-get (as root, or through sudo), as ``.ci/run`` installs Chromium.

The class's answers (gradviz/classroom.py) outlive any replica: with several replicas
it starts Debian's redis-server on a free loopback port (its append-only file in
``--data``/redis, default ``$GRADVIZ_DATA`` or ./data; restarted if it dies) and gives every
replica ``GRADVIZ_STORE=redis://…``; with one, the SQLite file in that folder. ``--store``
chooses (``redis``, ``sqlite``, or ``redis://host:port/db`` for a Redis of your own).

``--state-file PATH`` writes a JSON description (nginx's pid, each replica's name, port and
pid, the store), rewritten whenever a replica is restarted: for monitoring and for the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(__file__).resolve().parent / "nginx.conf"
STARTUP_TIMEOUT = 120.0  # s for a replica (or nginx) to answer /_stcore/health


def log(msg: str) -> None:
    print(f"[serve {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def health(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as r:
            return r.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


# -- Debian's nginx and redis-server -------------------------------------------------------------
def debian_binary(name: str, package: str, install: bool = True) -> str:
    """The executable ``name`` (in PATH or /usr/sbin, /usr/bin); installs Debian's ``package``
    with apt-get (as root, or through sudo) when there is none."""
    for cand in (shutil.which(name), f"/usr/sbin/{name}", f"/usr/bin/{name}"):
        if cand and os.access(cand, os.X_OK):
            return cand
    if not install:
        raise SystemExit(f"{name} is not installed (Debian: apt-get install {package})")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = ["env", "DEBIAN_FRONTEND=noninteractive"]
    log(f"installing Debian's {package}")
    subprocess.run([*sudo, *env, "apt-get", "update", "-qq"], check=True, stdin=subprocess.DEVNULL)
    subprocess.run([*sudo, *env, "apt-get", "install", "-y", "-qq", package], check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    # Debian starts the packaged service where it can; this command runs its own
    return debian_binary(name, package, install=False)


def nginx_binary(install: bool = True) -> str:
    """The nginx executable; installs Debian's ``nginx`` package when there is none."""
    return debian_binary("nginx", "nginx", install)


def start_redis(folder: Path, port: int, install: bool = True, persist: bool = True,
                timeout: float = 20.0) -> subprocess.Popen:
    """Debian's redis-server on 127.0.0.1:``port``, its files in ``folder``; returns once it
    answers PING. ``persist``: an append-only file written every second, so a restarted
    Redis (or this command started again on the same folder) has every class's answers."""
    folder.mkdir(parents=True, exist_ok=True)
    keep = ["--appendonly", "yes", "--appendfsync", "everysec"] if persist else \
        ["--appendonly", "no"]
    proc = subprocess.Popen(
        [debian_binary("redis-server", "redis-server", install), "--bind", "127.0.0.1",
         "--port", str(port), "--dir", str(folder), "--save", "", *keep,
         "--daemonize", "no", "--protected-mode", "yes", "--maxmemory", "256mb",
         "--maxmemory-policy", "noeviction", "--logfile", str(folder / "redis.log")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=_die_with_parent)
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1) as s:
            s.sendall(b"PING\r\n")
            if s.recv(16).startswith(b"+PONG"):
                return proc
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"redis-server did not start on port {port}; its log:\n"
                             + (folder / "redis.log").read_text(errors="replace")[-2000:])
        time.sleep(0.1)


def render_site(ports: list[int], host: str, port: int, access_log: str) -> str:
    """deploy/nginx.conf with its replicas block and listen line for these replicas."""
    text = SITE.read_text()
    names = [f"r{i + 1}" for i in range(len(ports))]
    out = ["upstream gradviz_any {"]
    out += [f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports]
    out.append("}")
    for name, p in zip(names, ports, strict=True):
        out += [f"upstream gradviz_{name} {{", f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;"]
        out += [f"    server 127.0.0.1:{q} backup;" for q in ports if q != p]
        out.append("}")
    out.append("map $cookie_gvreplica $gradviz_pool {")
    out += [f"    {name} gradviz_{name};" for name in names]
    out += ["    default gradviz_any;", "}", "map $upstream_addr $gradviz_served_by {"]
    out += [f'    "~127\\.0\\.0\\.1:{p}$" {name};' for name, p in zip(names, ports, strict=True)]
    out += ['    default "";', "}"]
    block = "# BEGIN replicas\n" + "\n".join(out) + "\n# END replicas"
    text, n = re.subn(r"# BEGIN replicas\n.*?# END replicas", lambda _m: block, text, flags=re.S)
    assert n == 1, "deploy/nginx.conf lost its BEGIN/END replicas markers"
    text, n = re.subn(r"^(\s*)listen [^;]*;\s*# LISTEN$", rf"\g<1>listen {host}:{port};", text,
                      flags=re.M)
    assert n == 1, "deploy/nginx.conf lost its '# LISTEN' line"
    text, n = re.subn(r"^(\s*)access_log [^;]*;\s*# ACCESS_LOG$",
                      rf"\g<1>access_log {access_log} gradviz;", text, flags=re.M)
    assert n == 1, "deploy/nginx.conf lost its '# ACCESS_LOG' line"
    return text


def write_nginx_conf(run: Path, site: str) -> Path:
    (run / "gradviz.conf").write_text(site)
    conf = run / "nginx.conf"
    conf.write_text(f"""# written by deploy/serve.py
worker_processes 1;
worker_rlimit_nofile 8192;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    default_type application/octet-stream;
    client_body_temp_path {run}/tmp/body;
    proxy_temp_path {run}/tmp/proxy;
    fastcgi_temp_path {run}/tmp/fastcgi;
    uwsgi_temp_path {run}/tmp/uwsgi;
    scgi_temp_path {run}/tmp/scgi;
    include {run}/gradviz.conf;
}}
""")
    return conf


def _die_with_parent() -> None:
    """In a child, before it runs: SIGTERM when serve.py dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: serve.py's own handlers still stop them
        pass


# -- replicas ----------------------------------------------------------------------------------
class Replica:
    def __init__(self, name: str, port: int, log_path: Path, env: dict):
        self.name, self.port, self.log_path, self.env = name, port, log_path, env
        self.proc: subprocess.Popen | None = None
        self.failures = 0  # quick deaths in a row: restart back-off
        self.started = 0.0
        self.not_before = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
               "--server.headless", "true", "--server.address", "127.0.0.1",
               "--server.port", str(self.port), "--browser.gatherUsageStats", "false"]
        with open(self.log_path, "ab") as out:
            # its own process group: a terminal's Ctrl-C reaches serve.py, which stops it in order
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True, preexec_fn=_die_with_parent)
        self.started = time.monotonic()

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        with _ignore_missing():
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with _ignore_missing():
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=timeout)
        # its forkserver and workers, if any are left
        with _ignore_missing():
            os.killpg(self.proc.pid, signal.SIGKILL)


class _ignore_missing:
    def __enter__(self):
        return self

    def __exit__(self, typ, exc, tb):
        return typ is not None and issubclass(typ, (ProcessLookupError, PermissionError))


class Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise Stop(signal.Signals(signum).name)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--replicas", type=int, default=os.cpu_count() or 1,
                    help="Streamlit processes (default: one per core)")
    ap.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    ap.add_argument("--host", default="127.0.0.1",
                    help="nginx's address (default 127.0.0.1; 0.0.0.0 for a class network)")
    ap.add_argument("--run-dir", type=Path, default=None,
                    help="nginx's config, logs and the replicas' logs (default: a temporary folder)")
    ap.add_argument("--state-file", type=Path, default=None,
                    help="write nginx's pid and the replicas' ports and pids here (JSON)")
    ap.add_argument("--store", default=None,
                    help="where the class's answers live: 'redis' (start Debian's redis-server; "
                         "the default with several replicas), 'sqlite' (a file; the default "
                         "with one replica) or redis://host:port/db (a Redis of your own)")
    ap.add_argument("--data", type=Path, default=None,
                    help="the answers' folder (SQLite file, Redis's files; default "
                         "$GRADVIZ_DATA or ./data)")
    ap.add_argument("--no-install", action="store_true",
                    help="fail instead of installing nginx or redis-server")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")
    store = args.store or ("redis" if args.replicas > 1 else "sqlite")
    if store not in ("redis", "sqlite") and not store.startswith(("redis://", "rediss://")):
        ap.error("--store must be redis, sqlite or redis://host:port/db")

    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    nginx = nginx_binary(install=not args.no_install)
    run = args.run_dir or Path(tempfile.mkdtemp(prefix="gradviz-serve-"))
    run = run.resolve()
    (run / "tmp").mkdir(parents=True, exist_ok=True)
    # nginx's workers (user nobody when started as root) reach tmp/, whose subfolders the
    # master creates for them
    os.chmod(run, 0o755)
    os.chmod(run / "tmp", 0o755)

    env = dict(os.environ)
    # the same cookie secret on every replica, as replicas of one app should have
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
    data = (args.data or Path(env.get("GRADVIZ_DATA") or ROOT / "data")).resolve()
    env["GRADVIZ_DATA"] = str(data)
    redis, redis_port = None, None
    if store == "redis":  # one Redis for every replica, its append-only file in the data folder
        redis_port = free_port()
        redis = start_redis(data / "redis", redis_port, install=not args.no_install)
        store = f"redis://127.0.0.1:{redis_port}/0"
        log(f"redis-server on 127.0.0.1:{redis_port} (pid {redis.pid}), files in {data / 'redis'}")
    env["GRADVIZ_STORE"] = "" if store == "sqlite" else store
    ports: list[int] = []
    while len(ports) < args.replicas:
        p = free_port()
        if p not in ports and p != args.port:
            ports.append(p)
    replicas = [Replica(f"r{i + 1}", p, run / f"replica-r{i + 1}.log", env)
                for i, p in enumerate(ports)]
    ngx: subprocess.Popen | None = None

    def write_state() -> None:
        if args.state_file is None:
            return
        state = {"url": f"http://{args.host}:{args.port}", "run_dir": str(run),
                 "serve_pid": os.getpid(), "nginx_pid": ngx.pid if ngx else None,
                 "store": env["GRADVIZ_STORE"] or f"sqlite:///{data / 'classroom.sqlite3'}",
                 "redis_pid": redis.pid if redis else None,
                 "replicas": [{"name": r.name, "port": r.port,
                               "pid": r.proc.pid if r.proc else None} for r in replicas]}
        tmp = args.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=1))
        tmp.replace(args.state_file)

    try:
        for r in replicas:
            r.start()
        for r in replicas:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while not health(r.url):
                if r.proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"replica {r.name} on port {r.port} did not start; its log:\n"
                                     + r.log_path.read_text(errors="replace")[-4000:])
                time.sleep(0.25)
            log(f"replica {r.name} ready on 127.0.0.1:{r.port} (pid {r.proc.pid})")

        conf = write_nginx_conf(run, render_site(ports, args.host, args.port,
                                                 str(run / "access.log")))
        test = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(run),
                               "-e", str(run / "error.log")], capture_output=True, text=True)
        if test.returncode != 0:
            raise SystemExit(f"nginx rejects {conf}:\n{test.stderr}")
        ngx = subprocess.Popen([nginx, "-c", str(conf), "-p", str(run), "-e", str(run / "error.log")],
                               stdin=subprocess.DEVNULL, start_new_session=True,
                               preexec_fn=_die_with_parent)
        front = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}"
        deadline = time.monotonic() + 20
        while not health(front):
            if ngx.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("nginx did not start; its log:\n"
                                 + (run / "error.log").read_text(errors="replace")[-4000:])
            time.sleep(0.1)
        write_state()
        log(f"gradviz on http://{args.host}:{args.port} — {len(replicas)} replica(s), "
            f"logs in {run}; Ctrl-C or SIGTERM stops everything")

        # supervise
        while True:
            time.sleep(0.5)
            if ngx.poll() is not None:
                raise SystemExit(f"nginx exited with {ngx.returncode}; see {run / 'error.log'}")
            if redis is not None and redis.poll() is not None:  # its append-only file has it all
                log(f"redis-server exited with {redis.returncode}; restarting it")
                redis = start_redis(data / "redis", redis_port, install=False)
                write_state()
            for r in replicas:
                now = time.monotonic()
                if r.proc.poll() is None or now < r.not_before:
                    continue
                if r.not_before == 0.0:  # just noticed: schedule the restart
                    quick = now - r.started < 60
                    r.failures = r.failures + 1 if quick else 0
                    delay = min(2 ** r.failures / 2, 30.0) if r.failures else 0.0
                    log(f"replica {r.name} (port {r.port}) exited with {r.proc.returncode}; "
                        f"restarting in {delay:.1f} s")
                    r.not_before = now + delay
                    if delay:
                        continue
                r.not_before = 0.0
                r.start()
                write_state()
                log(f"replica {r.name} restarted on 127.0.0.1:{r.port} (pid {r.proc.pid})")
    except Stop as why:
        log(f"{why}: stopping nginx and {len(replicas)} replica(s)")
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if ngx is not None and ngx.poll() is None:
            ngx.send_signal(signal.SIGQUIT)  # graceful: finishes requests, closes websockets
            try:
                ngx.wait(timeout=5)
            except subprocess.TimeoutExpired:
                ngx.terminate()
                try:
                    ngx.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    ngx.kill()
                    ngx.wait()
        for r in replicas:
            r.stop()
        if redis is not None and redis.poll() is None:
            redis.terminate()  # SIGTERM: Redis writes its append-only file and exits
            try:
                redis.wait(timeout=10)
            except subprocess.TimeoutExpired:
                redis.kill()
        if args.state_file is not None:
            args.state_file.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
