"""Run untrusted-cost work in a killable worker process with a time and memory budget.

Streamlit runs every session in a thread of one process, and ``signal.alarm`` can't
interrupt a thread, so a runaway sympy derivative would freeze everyone. :func:`run_with_budget`
runs a function in a worker (forked from a ``forkserver`` with gradviz preloaded) under a
memory limit and kills it past its budget; at most :data:`SLOTS` run at once. :func:`prepare`
is the gate in front of every new function text; :func:`render` does the same for native
image renderers, on their own slot. Both share one computation per key between sessions.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import multiprocessing as mp
import os
import pickle
import threading
import time
from concurrent.futures import Future
from multiprocessing import forkserver, spawn

import cachetools

from .errors import ExpressionError

_log = logging.getLogger(__name__)

__all__ = ["run_with_budget", "prepare", "render", "workload", "budget_seconds",
           "warm_up", "Busy", "Shared", "Turns", "TURNS", "RENDERS", "SLOTS", "RENDER_SLOTS"]

#: workers allowed at once (the machine has 2 cores)
SLOTS = threading.BoundedSemaphore(2)
#: renders run one at a time, beside the function workers (niced like them)
RENDER_SLOTS = threading.BoundedSemaphore(1)
#: renders allowed to wait for that slot; one more is told "busy" at once
RENDER_QUEUE = 3
_CTX = None
_CTX_LOCK = threading.Lock()
#: (text, …) -> (message, seconds it holds): a plain error for good, a timeout for 600 s (it
#: may be the machine's fault)
_REFUSED = cachetools.TLRUCache(512, ttu=lambda _key, value, now: now + value[1],
                                timer=time.monotonic)
_REFUSED_TTL = 600.0
_REFUSED_LOCK = threading.Lock()


class Busy(ExpressionError):
    """Every worker slot stayed taken for ``queue_seconds``: nothing was tried."""


class Shared:
    """A bounded map of results shared between sessions: :meth:`get` returns the kept value
    of a key or computes it, once however many sessions ask at the same time (an error
    reaches each of them and is not kept); the least recently used go first.

    >>> calls = []
    >>> cache = Shared(2)
    >>> [cache.get(k, lambda: calls.append(k) or k * 10) for k in (1, 1, 2)], calls
    ([10, 10, 20], [1, 2])
    """

    def __init__(self, maxsize: int, getsizeof=None):
        self._kept = cachetools.LRUCache(maxsize, getsizeof)
        self._running: dict = {}  # key -> Future of the computation under way
        self._lock = threading.Lock()

    def get(self, key, compute):
        mine = Future()
        with self._lock:
            if key in self._kept:
                return self._kept[key]
            flight = self._running.setdefault(key, mine)
        if flight is not mine:  # who asks for a key being computed waits for its result
            with TURNS.aside():  # which may need a turn to finish
                return flight.result()
        try:
            value = compute()
            with self._lock, contextlib.suppress(ValueError):  # larger than the whole cache
                self._kept[key] = value
        except BaseException as err:
            mine.set_exception(err)
            raise
        finally:
            with self._lock:  # kept first: who comes now finds the value
                del self._running[key]
        mine.set_result(value)
        return value


class Turns:
    """Fair turns at the server: ``slots`` script runs at once, and when one ends the waiting
    session that has used the least CPU lately goes next (its thread's CPU seconds in its
    turns, halved every ``half_life`` seconds, less the seconds it has waited).

    Streamlit runs every session's script in a thread of one process, and the threads share
    one interpreter lock: ten sessions asking for a page run every 0.3 s held another
    student's release for 30 s. With one turn at a time such a flood waits behind everyone
    else, and the server's event loop competes with one thread, not eleven. A run gives its
    turn up while it waits on a worker process (:meth:`aside`).

    A script run's turn is never refused: past ``wait`` seconds it goes ahead without one
    (renders ask to be refused instead: :meth:`turn`'s ``refuse``). Turns nest (a fragment
    inside a page's run takes none of its own).

    >>> turns = Turns()
    >>> with turns.turn("a"):
    ...     with turns.turn("a"):
    ...         turns.held
    1
    >>> turns.held
    0
    """

    def __init__(self, slots: int = 1, half_life: float = 10.0, clock=time.thread_time):
        self.slots, self.half_life, self.clock = slots, half_life, clock
        self.held = 0
        self._bumped: set = set()  # tickets pushed out of a full waiting room
        self._cond = threading.Condition()
        self._used: dict = {}  # session -> (CPU seconds, when)
        self._waiting: list = []  # (session, ticket, since), in the order they came
        self._tickets = iter(range(1 << 62))
        self._local = threading.local()  # this thread's turn: [session, took, clock at start]

    def usage(self, session, now: float | None = None) -> float:
        """The CPU seconds ``session`` used in its turns, halved every half-life since."""
        seconds, when = self._used.get(session, (0.0, 0.0))
        now = time.monotonic() if now is None else now
        return seconds * 0.5 ** ((now - when) / self.half_life)

    def _rank(self, now: float):
        # the least used lately, less the time waited: a new session (nothing used yet)
        # goes ahead of one that used 0.5 s only until that one has waited 0.5 s
        return lambda w: (self.usage(w[0], now) - (now - w[2]), w[1])

    def _take(self, session, wait: float, room: int | None, refuse: str) -> None:
        deadline = time.monotonic() + wait
        with self._cond:
            now = time.monotonic()
            me = (session, next(self._tickets), now)
            if room is not None and len(self._waiting) >= room and self.held >= self.slots:
                last = max(self._waiting, key=self._rank(now))
                if self._rank(now)(me) >= self._rank(now)(last):
                    raise Busy(refuse or "the server is busy right now — try again in a moment")
                self._bumped.add(last[1])  # who used the most lately gives its place up
                self._waiting.remove(last)
                self._cond.notify_all()
            self._waiting.append(me)
            try:
                while me[1] not in self._bumped and not (
                        self.held < self.slots and
                        min(self._waiting, key=self._rank(time.monotonic())) == me):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
            finally:
                if me[1] in self._bumped:  # taken out of the room by a newcomer
                    self._bumped.discard(me[1])
                    took = None
                else:
                    self._waiting.remove(me)
                    took = self.held < self.slots
                    self.held += took
                self._cond.notify_all()  # the next in line may be someone else now
            if took is None or (refuse and not took):
                raise Busy(refuse or "the server is busy right now — try again in a moment")
        self._local.turn = [session, took, self.clock()]

    def _give(self) -> None:
        session, took, start = self._local.turn
        self._local.turn = None
        with self._cond:
            now = time.monotonic()
            self._used[session] = (self.usage(session, now) + self.clock() - start, now)
            if len(self._used) > 4096:  # forget sessions that used next to nothing lately
                for s in [s for s in self._used if self.usage(s, now) < 1e-3]:
                    del self._used[s]
            self.held -= took
            self._cond.notify_all()

    @contextlib.contextmanager
    def turn(self, session, wait: float = 30.0, room: int | None = None, refuse: str = ""):
        """Hold a turn for ``session`` while the block runs (see the class).

        With ``refuse`` (words for the user) a turn not had within ``wait`` seconds raises
        :class:`Busy` with them; with ``room``, at most that many wait: when it is full, the
        waiting session that used the most lately (or the newcomer) is told so at once."""
        if getattr(self._local, "turn", None):
            yield  # this thread holds one already
            return
        self._take(session, wait, room, refuse)
        try:
            yield
        finally:
            self._give()

    @contextlib.contextmanager
    def aside(self, wait: float = 2.0):
        """Give this thread's turn (if it holds one) to others while the block runs, and wait
        for it again after, at most ``wait`` seconds: for a block that waits on something
        other than this process. (Short: the run may hold a lock, such as a Streamlit cache's,
        that the session holding the turn now waits for.)

        >>> turns = Turns()
        >>> with turns.turn("a"):
        ...     with turns.aside():
        ...         turns.held
        0
        """
        mine = getattr(self._local, "turn", None)
        if not mine:
            yield
            return
        self._give()
        try:
            yield
        finally:
            self._take(mine[0], wait, None, "")


#: the turns of every script run of this server (gradviz.app takes one per run)
TURNS = Turns()
#: the turns at the render slot, by the seconds a session's figures took lately: RENDER_QUEUE
#: wait (downloads wait in a pool of six threads), and a session asking for figure after
#: figure gives its place in the queue up to one that asked for few
RENDERS = Turns(clock=time.monotonic)


#: default budget, seconds. Short on purpose: the server rebuilds an accepted function
#: holding the GIL, so every session may wait about this long (typical texts need < 0.5 s)
DEFAULT_BUDGET_S = 1.5


def budget_seconds() -> float:
    """The time budget for one new function, seconds (env ``GRADVIZ_BUDGET_S``, default 1.5)."""
    try:
        value = float(os.environ.get("GRADVIZ_BUDGET_S", DEFAULT_BUDGET_S))
    except ValueError:
        return DEFAULT_BUDGET_S
    return max(0.05, value) if value == value else DEFAULT_BUDGET_S


_WORKER = "gradviz-worker"
_original_preparation = spawn.get_preparation_data


def _preparation_data(name):
    """What a new process prepares: for our workers, never the main script (under
    ``streamlit run`` that is the app, which a worker would re-run, importing Streamlit)."""
    data = _original_preparation(name)
    if str(name).startswith(_WORKER):
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


spawn.get_preparation_data = _preparation_data


def warm_up():
    """Start the worker machinery now (call at server start; the first use waits else)."""
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
            ctx = mp.get_context(method)
            if method == "forkserver":
                ctx.set_forkserver_preload(["gradviz", "gradviz.budget",
                                            "gradviz._worker_warmup"])
                forkserver.ensure_running()
                # wait until its preloading (numpy, sympy: seconds on a busy machine) is
                # done, so that it never counts against a function's budget
                warm = ctx.Process(target=os.getpid, daemon=True, name=f"{_WORKER}-warm")
                warm.start()
                warm.join(120)
            _CTX = ctx
        return _CTX


#: scheduling priority of a worker: below the server's threads, so that the sessions'
#: reruns win the CPU while a runaway function burns its budget
WORKER_NICE = 10


def _child(conn, fn, args, memory_mb):
    with contextlib.suppress(AttributeError, OSError):  # non-POSIX
        os.nice(WORKER_NICE)
    try:  # memory_mb more than it holds now (an address-space limit would stop V8 at start:
        import resource  # it reserves gigabytes it never uses)

        with open("/proc/self/status") as fh:
            held = next(int(line.split()[1]) for line in fh if line.startswith("VmData:"))
        limit = held * 1024 + int(memory_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ImportError, ValueError, OSError, StopIteration):  # pragma: no cover - non-Linux
        pass
    try:
        conn.send(("ok", fn(*args)))
    except MemoryError:
        conn.send(("memory", None))
    except ExpressionError as err:
        conn.send(("error", str(err)))
    except BaseException as err:  # noqa: BLE001 - report, never crash the parent
        conn.send(("crash", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: a worker that has used little CPU (a machine busy with other work) still dies after
#: this many times its budget of wall-clock time
WALL_FACTOR = 4.0


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used, from /proc; None where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return None


def _wait(conn, pid: int, seconds: float) -> bool:
    """Wait for the worker's answer: True once it is there, False once over budget.

    The budget is the worker's CPU time, so that a machine busy with other sessions
    doesn't refuse a function that is cheap; past ``WALL_FACTOR`` times the budget of
    wall-clock time the worker is given up on all the same. Without /proc, wall time.
    """
    deadline = time.monotonic() + seconds * WALL_FACTOR
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        if conn.poll(min(0.05, left)):
            return True
        used = _cpu_seconds(pid)
        if used is None:
            deadline = min(deadline, time.monotonic() - 0.05 + seconds)
        elif used > seconds:
            return conn.poll(0)


def run_with_budget(fn, args=(), seconds: float | None = None, memory_mb: int = 1024,
                    queue_seconds: float = 20.0, slots=SLOTS):
    """``fn(*args)`` in a worker process; its result, or ExpressionError past the budget.

    ``seconds`` of the worker's CPU time (see :func:`_wait`), ``memory_mb`` beyond what it
    starts with, at most ``queue_seconds`` waiting for one of ``slots`` (else Busy). ``fn``
    must be a module-level function and its result picklable.

    >>> run_with_budget(pow, (2, 10), seconds=10)
    1024
    """
    seconds = budget_seconds() if seconds is None else float(seconds)
    ctx = warm_up()
    with TURNS.aside():  # other sessions run meanwhile: the work is in another process
        return _run_in_worker(ctx, fn, args, seconds, memory_mb, queue_seconds, slots)


def _run_in_worker(ctx, fn, args, seconds, memory_mb, queue_seconds, slots):
    if not slots.acquire(timeout=queue_seconds):
        raise Busy("the server is busy right now — try again in a moment")
    try:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, fn, tuple(args), memory_mb),
                           daemon=True, name=_WORKER)
        proc.start()
        child.close()
        status, payload = "timeout", None
        try:
            if _wait(parent, proc.pid, seconds):
                status, payload = parent.recv()
        except (EOFError, OSError):  # the child died without a word
            status, payload = "crash", None
        finally:
            if proc.is_alive():
                proc.kill()
            proc.join(2)
            parent.close()
        if status == "crash" and payload is None:
            payload = f"the worker stopped with exit code {proc.exitcode}"
    finally:
        slots.release()
    if status == "ok":
        return payload
    if status == "error":
        raise ExpressionError(payload)
    if status == "crash":  # for the operator, not the student
        _log.warning("a worker failed on a function: %s", payload)
    raise ExpressionError({
        "timeout": f"this function takes too long to work with (over {seconds:g} s) — try a "
                   "shorter or simpler one",
        "memory": "this function needs too much memory — try a simpler one",
        "crash": "this function can't be worked with here — try writing it another way, or a "
                 "simpler one"}[status])


def workload(text: str, variables: tuple[str, ...] | None,
             min_variables: int = 0) -> tuple[float, bytes]:
    """Do with ``text`` what the pages do: derivatives, compiled code, a grid, LaTeX; the
    seconds it took and the Function's :meth:`~gradviz.function.Function.snapshot`."""
    import numpy as np

    from . import calculus
    from .parsing import parse

    t0 = time.perf_counter()
    f = parse(text, variables=variables, min_variables=min_variables)
    derived = [f, calculus.jacobian(f)]
    if f.is_scalar:
        derived.append(calculus.gradient(f))
        derived.extend(calculus.partial(f, j) for j in range(f.n))
    grid = np.linspace(-1.0, 1.0, 60)
    args = [*np.meshgrid(*([grid] * min(f.n, 2))), *[np.float64(0.5)] * max(0, f.n - 2)]
    for g in derived:
        g(*args)
        g.latex()
    return time.perf_counter() - t0, f.snapshot()


def prepare(text: str, variables: tuple[str, ...] | None = None, min_variables: int = 0,
            seconds: float | None = None):
    """``parse(text)``, with its derivatives, compiled code and LaTeX, all worked out in
    a killable worker within the budget; the parser hands out the result from then on.

    Raises ExpressionError (not valid, too slow, too much memory). Refusals are cached
    too, so that a refused text left in the box doesn't cost a worker on every rerun.
    """
    key = (text, variables, min_variables)
    return _ADMITTED.get(key, lambda: _prepare(key, seconds))


def _prepare(key, seconds):
    from .function import Function
    from .parsing import remember

    with _REFUSED_LOCK:
        refused = _REFUSED.get(key)
    if refused is not None:
        raise ExpressionError(refused[0])
    try:
        _, blob = run_with_budget(workload, key, seconds)
    except Busy:
        raise  # nothing was learnt about the text
    except ExpressionError as err:
        # a plain error is about the text and holds for good; a timeout may be the
        # machine's fault, so it is tried again after a while
        lasts = _REFUSED_TTL if "too long" in str(err) or "memory" in str(err) else math.inf
        with _REFUSED_LOCK:
            _REFUSED[key] = (str(err), lasts)
        raise
    return remember(Function.from_snapshot(blob), *key)


def render(fn, args=(), *, key=None, seconds: float = 20.0, memory_mb: int = 1024,
           queue_seconds: float = 30.0, session="") -> bytes:
    """``fn(*args)``: a picture's bytes made in a worker, never in this process; cached.

    ``fn`` is a module-level function returning bytes, ``args`` picklable; the result is
    cached under ``key`` (default: the content of ``fn`` and ``args``). Renders take turns
    (:data:`RENDERS`, for ``session``) at :data:`RENDER_SLOTS`, with :data:`RENDER_QUEUE`
    waiting. Raises Busy when the queue is full of sessions that used less, or the slot stays
    taken for ``queue_seconds``; ExpressionError when the renderer fails, crashes, or goes
    over ``seconds`` of CPU or ``memory_mb``.

    >>> render(bytes, ([1, 2],))
    b'\\x01\\x02'
    """
    if key is None:
        key = hashlib.sha256(pickle.dumps((fn.__module__, fn.__qualname__, args),
                                          protocol=5)).hexdigest()
    return _RENDERED.get(key, lambda: _render(fn, args, seconds, memory_mb, queue_seconds,
                                              session))


_DRAWING = "the server is drawing other figures right now — try again in a few seconds"


def _render(fn, args, seconds, memory_mb, queue_seconds, session) -> bytes:
    try:  # the wait, and the work, are not this process's: others' runs go on meanwhile
        with TURNS.aside(), RENDERS.turn(session, queue_seconds, RENDER_QUEUE, _DRAWING):
            data = run_with_budget(fn, args, seconds, memory_mb, queue_seconds, RENDER_SLOTS)
    except Busy:
        raise
    except ExpressionError as err:  # the worker's words are about functions
        _log.warning("a render failed: %s", err)
        raise ExpressionError("this figure can't be drawn as an image here — its data (CSV) "
                              "and the Python script still download") from err
    if not isinstance(data, bytes):
        raise TypeError(f"a renderer returns bytes, not {type(data).__name__}")
    return data


_ADMITTED = Shared(512)  # (text, variables, min_variables) -> Function
_RENDERED = Shared(32 * 1024 * 1024, getsizeof=len)  # content key -> bytes
