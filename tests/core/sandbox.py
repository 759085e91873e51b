"""Run untrusted texts through gradviz in a separate, killable process, one case at a time.

The fuzzer and the hostile-input tests must time-bound every case without ever hanging the
test run, whatever the code under test does (a C loop holding the GIL, a recursion that
blows the stack, a memory bomb). So the cases run in a child interpreter
(``python -m tests.core.sandbox``) that reads one JSON case per line and answers one JSON
line per case. In the child a per-case ``setitimer`` alarm interrupts Python code past
``case_seconds``; the parent kills the child outright if no answer arrives
``grace`` seconds after that (an alarm can't interrupt C code), records the case as a
timeout and starts a fresh child for the remaining cases.

A case's outcome (``Outcome.status``):

* ``"ok"``: the whole pipeline ran; ``"error"``: it stopped with an ``ExpressionError``
  (``detail`` is the message). Both are acceptable.
* ``"crash"``: any other exception (``detail``: its type, message and the innermost frames),
* ``"timeout"``: the alarm fired (``detail``: where it was) or the child was killed,
* ``"died"``: the child exited without answering (segfault, MemoryError at the wrong place).

Pipelines (``mode``):

* ``"parse"``: ``gradviz.parse(text, min_variables=2)`` only.
* ``"pipeline"``: what the app does with a new text, through its own entry points: parse →
  the derivatives (Jacobian, and for a scalar f the gradient and each partial) and their
  LaTeX, in the killable worker (``gradviz.budget.prepare``) → evaluation at a point (f, ∇f,
  J) → a 100 × 100 grid of f and of its Jacobian → the check-yourself answer check, in the
  worker as the app runs it (``checking.check_partial_text``), for ∂f/∂(first variable)
  with the case's own text as the answer, and with ``answer``.
* ``"answer"``: ``check_partial(parse(f_text), var, text)``: ``text`` as a typed answer.

With ``fresh=True`` the child empties sympy's cache and gradviz's parse cache before each
case, so that a case's time does not depend on the cases before it (the fuzzer keeps the
caches warm, for speed).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: address-space limit of the child (MB): a memory bomb dies there as a MemoryError
MEMORY_MB = 3072


@dataclass(frozen=True)
class Outcome:
    text: str
    status: str  # ok, error, crash, timeout, died
    detail: str = ""
    seconds: float = 0.0
    answer: str = ""  #: the other typed answer of a pipeline case


    @property
    def acceptable(self) -> bool:
        return self.status in ("ok", "error")

    def describe(self) -> str:
        also = f" (answer {self.answer!r})" if self.answer else ""
        return f"{self.status} after {self.seconds:.1f} s: {self.text!r}{also}\n    {self.detail}"


class Sandbox:
    """A child interpreter that runs cases one by one; restarted after a kill.

    >>> with Sandbox(case_seconds=20) as box:
    ...     box.run("x^2 + y", mode="parse").status
    'ok'
    """

    def __init__(self, case_seconds: float = 10.0, grace: float = 5.0, fresh: bool = False,
                 module: str = "tests.core.sandbox"):
        self.case_seconds = float(case_seconds)
        self.module = module  # the child's module: reads JSON cases, answers JSON lines
        self.fresh = fresh  # empty sympy's and gradviz's caches before each case
        self.grace = float(grace)
        self.proc: subprocess.Popen | None = None
        self.restarts = 0
        self.last: dict = {}

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", self.module, str(self.case_seconds)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None,
            text=True, bufsize=1, start_new_session=True)  # its own group: killed with its workers
        # wait for the child to have imported gradviz and sympy (not counted against a case)
        line = self._readline(120.0)
        if line is None or json.loads(line).get("status") != "ready":
            self.stop()
            raise RuntimeError(f"the sandbox child did not start: {line!r}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        try:  # the child and whatever it started (the app's worker processes, a forkserver)
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _readline(self, timeout: float) -> str | None:
        """One line from the child within ``timeout`` seconds, or None (timeout or EOF)."""
        assert self.proc is not None and self.proc.stdout is not None
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            if not sel.select(timeout):
                return None
        finally:
            sel.close()
        line = self.proc.stdout.readline()
        return line or None

    # -- cases -------------------------------------------------------------------------------
    def run(self, text: str, mode: str = "pipeline", answer: str = "", f_text: str = "x*y",
            var: str = "x", **extra) -> Outcome:
        if self.proc is None or self.proc.poll() is not None:
            self.stop()
            self.start()
            self.restarts += 1
        self.last = {}
        case = {"text": text, "mode": mode, "answer": answer, "f": f_text, "var": var,
                "fresh": self.fresh, **extra}
        t0 = time.monotonic()
        try:
            self.proc.stdin.write(json.dumps(case) + "\n")
            self.proc.stdin.flush()
            line = self._readline(self.case_seconds + self.grace)
        except (BrokenPipeError, OSError):
            line = None
        took = time.monotonic() - t0
        if line is None:
            alive = self.proc.poll() is None
            self.stop()
            if alive:
                return Outcome(text, "timeout", f"killed after {took:.1f} s (no answer; the "
                               "alarm could not interrupt it: C code holding the GIL?)", took,
                               answer)
            return Outcome(text, "died", "the child process exited without answering", took,
                           answer)
        got = json.loads(line)
        self.last = got  # the child's whole answer (a child may report more than the outcome)
        if got.get("fatal"):  # the child said it can't go on (a stuck thread) and is exiting
            self.stop()
        return Outcome(text, got["status"], got.get("detail", ""), got.get("seconds", took),
                       answer)


# -- the child ---------------------------------------------------------------------------------
class CaseTimeout(BaseException):
    """Raised by the per-case alarm; a BaseException so that no `except Exception` eats it."""


def _pipeline(text: str, answer: str) -> None:
    import numpy as np

    import gradviz
    from gradviz import budget, calculus, checking
    from gradviz.domain import Domain
    from gradviz.sampling import evaluate_grid

    # as the app does with a new text: parsed, differentiated, compiled and written out in
    # the killable worker within the budget (a refusal is an ExpressionError); this
    # process only rebuilds the result, then evaluates it
    f = budget.prepare(text, None, 2)
    jac = calculus.jacobian(f)
    derived = [f, jac]
    if f.is_scalar:
        derived.append(calculus.gradient(f))
        derived.extend(calculus.partial(f, v) for v in f.variables)
    for g in derived:
        g.latex()
    point = tuple(0.7 - 0.45 * j for j in range(f.n))
    with np.errstate(all="ignore"):
        f.at(point)
        calculus.jacobian_at(f, point)
        if f.is_scalar:
            calculus.gradient_at(f, point)
        domain = Domain.square(-2.0, 2.0)
        for g in (f, jac):
            evaluate_grid(g, domain, 100, fixed=point[2:])
    if f.is_scalar:
        for typed in dict.fromkeys((text, answer)):
            if not typed:
                continue
            try:  # as the app checks an answer: in the worker, within the budget
                budget.run_with_budget(checking.check_partial_text,
                                       (text, f.variables, f.variables[0], typed, None))
            except gradviz.ExpressionError:
                pass  # a typed answer that can't be used: a message, as it should be


def _clear_caches() -> None:
    from sympy.core.cache import clear_cache

    from gradviz import parsing

    clear_cache()
    cached = getattr(parsing, "_parse_cached", None)  # private: may be renamed, then skipped
    if hasattr(cached, "cache_clear"):
        cached.cache_clear()


def _one(case: dict) -> None:
    import gradviz
    from gradviz import checking

    if case.get("fresh"):
        _clear_caches()
    mode = case["mode"]
    if mode == "parse":
        gradviz.parse(case["text"], min_variables=2)
    elif mode == "pipeline":
        _pipeline(case["text"], case.get("answer", ""))
    elif mode == "answer":
        f = gradviz.parse(case["f"], min_variables=2)
        checking.check_partial(f, case["var"], case["text"])
    else:
        raise ValueError(f"unknown mode {mode}")


def _where(err: BaseException, frames: int = 4) -> str:
    import traceback

    tb = traceback.extract_tb(err.__traceback__)[-frames:]
    return " <- ".join(f"{Path(fr.filename).name}:{fr.lineno} {fr.name}" for fr in reversed(tb))


def _child(case_seconds: float) -> None:
    import resource
    import warnings

    warnings.simplefilter("ignore")
    try:
        limit = MEMORY_MB * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything the code under test prints goes to stderr, not into the protocol
    import gradviz
    import gradviz.calculus
    import gradviz.checking
    import gradviz.sampling  # noqa: F401

    def alarm(signum, frame):
        raise CaseTimeout()

    signal.signal(signal.SIGALRM, alarm)
    out.write(json.dumps({"status": "ready"}) + "\n")
    for line in sys.stdin:
        case = json.loads(line)
        t0 = time.perf_counter()
        status, detail = "ok", ""
        signal.setitimer(signal.ITIMER_REAL, case_seconds)
        try:
            try:
                _one(case)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except CaseTimeout as err:
            status, detail = "timeout", f"alarm after {case_seconds:g} s in {_where(err, 6)}"
        except gradviz.ExpressionError as err:
            status, detail = "error", str(err)
        except BaseException as err:  # noqa: BLE001 - that is what the tests look for
            status = "crash"
            detail = f"{type(err).__name__}: {str(err)[:300]} (at {_where(err)})"
        out.write(json.dumps({"status": status, "detail": detail,
                              "seconds": time.perf_counter() - t0}) + "\n")


if __name__ == "__main__":
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    _child(float(sys.argv[1]) if len(sys.argv) > 1 else 10.0)
