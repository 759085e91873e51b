"""The killable worker: results come back, runaway work is stopped, nothing is left behind.

Worker functions must be importable by the forkserver, so the tests use builtins
(``pow``, ``time.sleep``, ``bytearray``, ``os._exit``) and gradviz functions.
"""

from __future__ import annotations

import os
import threading
import time

import numpy as np
import psutil
import pytest

import gradviz
from gradviz import ExpressionError, budget

SLOW_TEXT = "*".join(f"sin(x+{i}y)" for i in range(30))  # ~2 s of workload on this machine


def _workers() -> set[int]:
    """Process ids of everything below this process except the forkserver itself."""
    server = getattr(__import__("multiprocessing.forkserver").forkserver._forkserver,
                     "_forkserver_pid", None)
    return {p.pid for p in psutil.Process().children(recursive=True) if p.pid != server}


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Start the forkserver once, outside every timed section."""
    budget.warm_up()


def test_returns_the_result():
    """Test that run_with_budget returns what the function returns, also for gradviz work."""
    assert budget.run_with_budget(pow, (2, 10), seconds=10) == 1024
    took, blob = budget.run_with_budget(budget.workload, ("x^2 + 3y", None, 2), seconds=20)
    assert isinstance(took, float) and 0 <= took < 20
    f = gradviz.Function.from_snapshot(blob)
    x, y = gradviz.parsing.symbol("x"), gradviz.parsing.symbol("y")
    assert f.expr == x**2 + 3 * y and f.variables == ("x", "y")
    # what the worker derived came along: gradient, Jacobian, partials, LaTeX, compiled code
    assert {"gradient", "jacobian", ("partial", 0), ("partial", 1), "latex", "code"} <= set(f._cache)
    assert f._cache["gradient"].exprs == (2 * x, 3)
    assert gradviz.gradient_at(f, (1.0, 2.0)).tolist() == [2.0, 3.0]


def test_prepare_hands_the_workers_function_to_parse():
    """Test that after prepare(text), parse(text) is the rebuilt Function, derivatives included."""
    text = "x^3*y - 2y^2 + sin(x)"
    f = budget.prepare(text, None, 2)
    assert gradviz.parse(text, min_variables=2) is f
    assert gradviz.parse(text, variables=("x", "y")) is f
    assert "gradient" in f._cache  # not derived again in this process
    fresh = gradviz.parsing._parse_cached(text, None, 2)  # what this process would build
    assert fresh == f and gradviz.gradient(fresh) == gradviz.gradient(f)
    np.testing.assert_allclose(gradviz.gradient_at(f, (0.3, -1.2)),
                               gradviz.gradient_at(fresh, (0.3, -1.2)), rtol=1e-12)


@pytest.mark.parametrize("text", [p.text for p in gradviz.PRESETS])
def test_snapshot_round_trip_is_exact(text):
    """Test that every course example rebuilt from a snapshot equals the original, derivatives
    and compiled code (rebuilt from its bytecode) included."""
    f = gradviz.parsing._parse_cached(text, None, 2)
    derived = {"jacobian": gradviz.jacobian(f)}
    if f.is_scalar:
        derived["gradient"] = gradviz.gradient(f)
    pts = np.random.default_rng(7).uniform(-2, 2, (f.n, 50))
    for g in (f, *derived.values()):
        g(*pts)  # compiled here, so the snapshot carries the bytecode
    back = gradviz.Function.from_snapshot(f.snapshot())
    assert back == f and back.terms == f.terms and back.text == f.text
    assert back.latex() == f.latex()
    np.testing.assert_array_equal(back(*pts), f(*pts))
    for key, g in derived.items():
        assert back._cache[key] == g and "code" in back._cache[key]._cache
        np.testing.assert_array_equal(back._cache[key](*pts), g(*pts))


def test_worker_start_is_cheap():
    """Test that once the forkserver is up, workers answer without re-running the main script."""
    budget.run_with_budget(pow, (3, 3), seconds=30)  # starts the forkserver (not timed)
    t0 = time.perf_counter()
    for _ in range(3):
        assert budget.run_with_budget(pow, (3, 3), seconds=30) == 27
    # a worker that re-ran the launcher (streamlit/pytest main) takes seconds; a warm one
    # takes tens of ms — the bound is loose so a loaded CI machine doesn't flake
    assert (time.perf_counter() - t0) / 3 < 2.0


def test_cpu_runaway_is_stopped_within_its_budget():
    """Test that a worker burning CPU is killed once it has used its budget (generous bound)."""
    t0 = time.perf_counter()
    with pytest.raises(ExpressionError, match="takes too long"):
        budget.run_with_budget(sum, (range(10**13),), seconds=0.5)
    # killed at 0.5 s of its own CPU time; on a loaded machine that takes longer, never
    # longer than the wall-clock cap
    assert time.perf_counter() - t0 < 0.5 * budget.WALL_FACTOR + 1.5


def test_sleeper_is_stopped_and_gone():
    """Test that a worker that uses no CPU is still killed, at WALL_FACTOR × budget, and is gone."""
    before = _workers()
    seen: set[int] = set()
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            seen.update(_workers() - before)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    with pytest.raises(ExpressionError, match="takes too long"):
        budget.run_with_budget(time.sleep, (30,), seconds=1.0)
    took = time.perf_counter() - t0
    stop.set()
    watcher.join()
    assert 0.9 <= took < budget.WALL_FACTOR * 1.0 + 1.5
    assert seen, "the function should have run in a separate worker process"
    time.sleep(0.2)
    assert not (_workers() - before), "the worker is still alive"
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"
                   for pid in seen)


def test_memory_hog_is_refused():
    """Test that a 4 GB allocation under a 512 MB limit gives a memory ExpressionError."""
    t0 = time.perf_counter()
    with pytest.raises(ExpressionError, match="too much memory"):
        budget.run_with_budget(bytearray, (4 * 1024**3,), seconds=10, memory_mb=512)
    assert time.perf_counter() - t0 < 5


def test_expression_error_keeps_its_message():
    """Test that an ExpressionError raised in the worker comes back with its own message."""
    with pytest.raises(ExpressionError, match="unknown function `sni`.*did you mean `sin`"):
        budget.run_with_budget(gradviz.parse, ("sni(x)",), seconds=10)


def test_other_failures_are_reported_not_raised_raw(caplog):
    """Test that other exceptions and a worker dying silently become ExpressionError with
    words for a student (the exception itself goes to the server's log)."""
    with pytest.raises(ExpressionError, match="try writing it another way") as err:
        budget.run_with_budget(int, ("zz",), seconds=10)
    assert "ValueError" not in str(err.value)
    assert any("ValueError" in r.getMessage() for r in caplog.records)
    with pytest.raises(ExpressionError, match="can't be worked with here"):
        budget.run_with_budget(os._exit, (3,), seconds=10)
    assert any("exit code 3" in r.getMessage() for r in caplog.records)


def test_prepare_caches_success_and_refusal(monkeypatch):
    """Test that prepare answers a second time without a worker, for an accepted, a too-slow
    and an invalid text."""
    runs = []
    real = budget.run_with_budget

    def counting(fn, args=(), *rest, **kw):
        runs.append(args[0])
        return real(fn, args, *rest, **kw)

    monkeypatch.setattr(budget, "run_with_budget", counting)
    text = "sin(x*y) + cos(x - y)^2 + exp(-x^2 - y^2) + atan2(y, x)"
    budget.prepare(text, None, 2)
    budget.prepare(text, None, 2)
    assert runs == [text]

    with pytest.raises(ExpressionError, match="takes too long") as first:
        budget.prepare(SLOW_TEXT, None, 2, seconds=0.3)
    with pytest.raises(ExpressionError) as second:
        budget.prepare(SLOW_TEXT, None, 2, seconds=0.3)
    assert str(second.value) == str(first.value)
    for _ in range(2):
        with pytest.raises(ExpressionError, match="unknown function"):
            budget.prepare("sni(x) + y", None, 2)
    assert runs == [text, SLOW_TEXT, "sni(x) + y"]  # remembered: no second worker


def test_two_slots_third_task_waits_for_one():
    """Test SLOTS=2: with two slow tasks running, a quick third one waits for a free slot, then finishes."""
    results: dict[str, float] = {}

    def slow(name):
        t0 = time.perf_counter()
        budget.run_with_budget(time.sleep, (1.5,), seconds=10)
        results[name] = time.perf_counter() - t0

    threads = [threading.Thread(target=slow, args=(f"slow{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)  # both slow tasks hold a slot now
    t0 = time.perf_counter()
    assert budget.run_with_budget(pow, (2, 5), seconds=10) == 32
    quick = time.perf_counter() - t0
    for t in threads:
        t.join()
    # observed: the quick task queues until a slow one ends (~1.2 s here), then takes ~20 ms
    assert 0.7 < quick < 3.0, quick
    assert all(v < 4.0 for v in results.values()), results


def test_busy_when_no_slot_frees_in_time():
    """Test that a task that can't get a slot within queue_seconds gets a 'busy' Busy error."""
    threads = [threading.Thread(target=budget.run_with_budget, args=(time.sleep, (1.5,)),
                                kwargs={"seconds": 10}) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    try:
        with pytest.raises(budget.Busy, match="busy"):
            budget.run_with_budget(pow, (2, 5), seconds=10, queue_seconds=0.2)
    finally:
        for t in threads:
            t.join()


# -- one computation per text at a time, and the render service (issue 23) -------------------
def _together(n: int, fn, *args):
    """Call ``fn(*args)`` from ``n`` threads released at once; their results or exceptions."""
    barrier, out = threading.Barrier(n), [None] * n

    def one(i):
        barrier.wait()
        try:
            out[i] = fn(*args)
        except Exception as err:  # noqa: BLE001 - collected for the test
            out[i] = err

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return out


def _counting(monkeypatch) -> list:
    runs, real = [], budget.run_with_budget

    def counting(fn, args=(), *rest, **kw):
        runs.append(args)
        return real(fn, args, *rest, **kw)

    monkeypatch.setattr(budget, "run_with_budget", counting)
    return runs


def test_thirty_sessions_asking_for_one_new_text_share_one_worker(monkeypatch):
    """Test that 30 simultaneous prepares of one new (~0.5 s) text run one worker and all get
    that Function, none "busy"; and that a refusal is shared the same way."""
    runs = _counting(monkeypatch)
    text = "*".join(f"sin(x+{i}y)" for i in range(1, 12)) + " + 0*x*y*7919"
    got = _together(30, budget.prepare, text, None, 2)
    assert all(isinstance(g, gradviz.Function) for g in got), [g for g in got if not
                                                                isinstance(g, gradviz.Function)]
    assert len({id(g) for g in got}) == 1 and len(runs) == 1
    bad = _together(30, budget.prepare, "sni(x) + 7919y", None, 2)
    assert all(isinstance(b, ExpressionError) and "did you mean `sin`" in str(b) for b in bad)
    assert len(runs) == 2


def test_render_returns_bytes_made_once_per_content(monkeypatch):
    """Test that render hands back what the renderer made, runs it once for the same content
    (also asked by several at once) and again for other content."""
    import subprocess

    runs = _counting(monkeypatch)
    slow = (["sh", "-c", "sleep 0.5; printf abc"],)
    assert _together(4, budget.render, subprocess.check_output, slow) == [b"abc"] * 4
    assert budget.render(subprocess.check_output, slow) == b"abc"
    assert len(runs) == 1
    assert budget.render(subprocess.check_output, (["printf", "abd"],)) == b"abd"
    assert budget.render(subprocess.check_output, (["printf", "abd"],), key="k1") == b"abd"
    assert budget.render(subprocess.check_output, (["printf", "zzz"],), key="k1") == b"abd"
    assert len(runs) == 3


def test_a_crashing_renderer_costs_one_worker_not_this_process():
    """Test that a renderer that aborts (SIGABRT, like vl-convert's Rust panic) or hogs memory
    ends in a figure-worded ExpressionError, with this process alive."""
    with pytest.raises(ExpressionError, match="figure can't be drawn as an image"):
        budget.render(os.abort, key="abort")
    with pytest.raises(ExpressionError, match="figure can't be drawn as an image"):
        budget.render(bytearray, (4 * 1024**3,), memory_mb=256)
    assert budget.render(bytes, (b"ok",)) == b"ok"


def test_renders_queue_briefly_then_busy_and_never_take_function_slots():
    """Test that with one render running and RENDER_QUEUE waiting, one more is told busy at
    once, while a function worker still starts at once."""
    import subprocess

    n = 1 + budget.RENDER_QUEUE
    cmds = [(["sh", "-c", f"sleep 1.5; printf {i}"],) for i in range(n)]
    out: list = [None] * n
    threads = [threading.Thread(target=lambda i=i: out.__setitem__(
        i, budget.render(subprocess.check_output, cmds[i]))) for i in range(n)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    t0 = time.perf_counter()
    with pytest.raises(budget.Busy, match="drawing other figures"):
        budget.render(subprocess.check_output, (["printf", "late"],))
    assert budget.run_with_budget(pow, (2, 5), seconds=10) == 32
    assert time.perf_counter() - t0 < 1.5  # neither waited for the renders
    for t in threads:
        t.join(60)
    assert out == [str(i).encode() for i in range(n)]


def test_shared_results_are_computed_once_however_many_ask_and_errors_are_not_kept():
    """Test that Shared computes a key once for 8 threads asking at the same time, gives each
    the same object, raises a failed computation's error to every asker without keeping it,
    and forgets the least recently used key past its size."""
    cache, calls = budget.Shared(2), []

    def slow(value):
        def compute():
            calls.append(value)
            time.sleep(0.3)  # the others ask meanwhile
            if value is None:
                raise ValueError("no value")
            return [value]
        return compute

    got = _together(8, cache.get, "a", slow(1))
    assert calls == [1] and all(g is got[0] for g in got) and got[0] == [1]
    failed = _together(4, cache.get, "bad", slow(None))
    assert all(isinstance(e, ValueError) for e in failed) and calls == [1, None]
    assert cache.get("bad", slow(2)) == [2]  # the error was not kept: computed again
    cache.get("c", slow(3))  # "a" is now the least recently used of three
    assert cache.get("a", slow(4)) == [4] and calls == [1, None, 2, 3, 4]


def _spin(seconds: float) -> None:
    """Burn this thread's CPU for about ``seconds``."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_a_turn_goes_to_the_session_that_used_least_lately():
    """Test that when a turn ends, the waiting session that used less CPU lately goes first,
    though it came last: a session flooding the server waits behind a student."""
    turns = budget.Turns(slots=1)
    with turns.turn("flood"):
        _spin(0.2)
    order, holding, go = [], threading.Event(), threading.Event()

    def hold():
        with turns.turn("other"):
            holding.set()
            go.wait(10)

    def ask(session):
        with turns.turn(session):
            order.append(session)

    first = threading.Thread(target=hold)
    first.start()
    holding.wait(10)
    waiting = [threading.Thread(target=ask, args=(s,)) for s in ("flood", "student")]
    for t in waiting:
        t.start()
        time.sleep(0.05)  # "flood" asks first
    go.set()
    for t in (first, *waiting):
        t.join(10)
    assert order == ["student", "flood"]
    assert turns.usage("flood") > 0.1 > turns.usage("student")
    assert turns.held == 0


def test_a_turn_waits_at_most_its_limit_and_is_given_up_while_waiting_elsewhere():
    """Test that a run goes ahead without a turn past its wait (never refused, never stuck),
    and that a turn set aside (a run waiting on a worker) lets another session run."""
    turns = budget.Turns(slots=1)
    seen = []

    def other(session, wait):
        t0 = time.monotonic()
        with turns.turn(session, wait=wait):
            seen.append((session, turns.held, time.monotonic() - t0))

    with turns.turn("a"):
        with turns.turn("a, nested"):  # in this thread: no second turn
            assert turns.held == 1
        late = threading.Thread(target=other, args=("b", 0.3))
        late.start()
        late.join(5)
        with turns.aside():
            helper = threading.Thread(target=other, args=("c", 5))
            helper.start()
            helper.join(5)
        assert turns.held == 1  # taken back
    (b, held_b, waited_b), (c, held_c, waited_c) = seen
    assert (b, held_b, c, held_c) == ("b", 1, "c", 1)  # "b" went ahead without a turn
    assert 0.25 < waited_b < 5 and waited_c < 2  # after its wait; "c" without waiting 5 s
    assert turns.held == 0


def test_a_shared_result_computed_elsewhere_is_awaited_without_the_turn():
    """Test that a session waiting for a result another session is computing gives its turn
    up meanwhile: the one computing may need a turn to finish (a worker's answer), and the
    two would otherwise wait for each other until the turn's limit."""
    saved, budget.TURNS = budget.TURNS, budget.Turns(slots=1)
    try:
        cache, started, got = budget.Shared(4), threading.Event(), []

        def compute():
            started.set()
            with budget.TURNS.aside():  # as run_with_budget does
                time.sleep(0.2)
            return 42

        def first():
            with budget.TURNS.turn("a"):
                got.append(cache.get("k", compute))

        t = threading.Thread(target=first)
        t.start()
        started.wait(5)
        t0 = time.monotonic()
        with budget.TURNS.turn("b", wait=30):
            got.append(cache.get("k", lambda: 0))
        t.join(10)
        assert got == [42, 42]
        assert time.monotonic() - t0 < 10
    finally:
        budget.TURNS = saved


def test_a_session_asking_for_figure_after_figure_gives_its_place_up(tmp_path):
    """Test that when the render queue is full of one session's figures, another session's
    figure takes the place of one of them (that one is told the server is busy), and is drawn
    before the rest; the busy session's next figure is refused at once. (Six sessions at
    their figure limit once refused every other student's PNG, 5 times in 6.) The first
    figure holds the slot until the test has filled the room (it read the room after fixed
    sleeps, and on a loaded machine the first figure was done by then)."""
    import subprocess

    gate = tmp_path / "gate"
    saved, budget.RENDERS = budget.RENDERS, budget.Turns(clock=time.monotonic)
    try:
        budget.render(subprocess.check_output, (["sh", "-c", "sleep 2; printf u"],),
                      session="busy")  # "busy" has used the render slot lately (2 s)
        n = 1 + budget.RENDER_QUEUE
        out: dict = {}

        def draw(who, i, wait=""):
            try:
                out[who, i] = budget.render(subprocess.check_output, (
                    ["sh", "-c", f"{wait}sleep 0.3; printf {who}{i}"],), session=who), time.monotonic()
            except budget.Busy as err:
                out[who, i] = str(err), time.monotonic()

        def until(what, message):
            deadline = time.monotonic() + 30
            while not what():
                assert time.monotonic() < deadline, message
                time.sleep(0.01)

        first = f"while [ ! -e '{gate}' ]; do sleep 0.02; done; "  # holds the slot till let go
        threads = [threading.Thread(target=draw, args=("busy", 0, first))]
        threads[0].start()
        until(lambda: budget.RENDERS.held == 1, "the first figure did not take the slot")
        threads += [threading.Thread(target=draw, args=("busy", i)) for i in range(1, n)]
        for t in threads[1:]:
            t.start()
        until(lambda: len(budget.RENDERS._waiting) == budget.RENDER_QUEUE, "the room did not fill")
        draw("busy", n)  # the room is full, of its own
        student = threading.Thread(target=draw, args=("student", 0))
        student.start()
        until(lambda: any(who == "student" for who, *_ in budget.RENDERS._waiting)
              or ("student", 0) in out, "the student's figure did not come in")
        gate.touch()
        for t in (*threads, student):
            t.join(60)
    finally:
        gate.touch()
        budget.RENDERS = saved
    assert "drawing other figures" in out["busy", n][0]
    refused = [i for i in range(n) if isinstance(out["busy", i][0], str)]
    assert len(refused) == 1 and "drawing other figures" in out["busy", refused[0]][0]
    assert out["student", 0][0] == b"student0"
    drawn = sorted(t for (who, i), (v, t) in out.items() if who == "busy" and
                   isinstance(v, bytes))
    assert len(drawn) == n - 1
    assert out["student", 0][1] < drawn[1], "the student's figure waited for the busy ones"


def test_a_turn_set_aside_is_taken_back_without_waiting_long_for_it():
    """Test that a run coming back from a wait on a worker, while another session holds the
    turn, goes on after a short wait even if that session never lets go (it may be waiting for
    a lock the returning run holds, such as a Streamlit cache's: the two would wait for each
    other until the 30 s limit)."""
    turns = budget.Turns(slots=1)
    lock, holding = threading.Lock(), threading.Event()

    def other():
        with turns.turn("b"):
            holding.set()
            with lock:  # held by "a" until it has its turn back
                pass

    with turns.turn("a"), lock:
        with turns.aside():
            b = threading.Thread(target=other)
            b.start()
            holding.wait(5)
            t0 = time.monotonic()
        waited = time.monotonic() - t0
    b.join(10)
    assert 1.5 < waited < 10
    assert turns.held == 0
