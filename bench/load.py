"""Many users at once: simulated Streamlit sessions moving the point and typing functions.

Each simulated user (:class:`loadclient.Session`, Streamlit's own websocket protocol,
no browser) opens the gradient-field page, then until the end of the run: waits a
moment ("think", uniform 0.2-0.8 s by default), then drops the point in the picture at a
random place (90 %: the release message a drag ends with) or types a function into the
sidebar box (10 %: course-style
functions, now and then a mistyped one). Every rerun is timed from sending the
``rerun_script`` message to receiving ``script_finished``. One session of the main
run is the *attacker*: every 12 s it types a new expensive function (a product of
40 sines: seconds of derivative work), which the app must refuse within its time
budget without slowing the others.

Beside the main run, two real Chromium sessions (Playwright) load the page and move
the picture's x₀ slider by keyboard, as a check of the real user path under load.

Reported: reruns/s, p50/p95/max rerun latency (all users but the attacker, and those
that overlapped an attack), exceptions (``st.exception`` elements), "Something went
wrong" errors, timeouts, bytes per rerun, and the server's memory (RSS of the server
and its worker processes, sampled every 0.5 s): start, max, end.

With ``--drag``, students who drag the point in the picture instead (issues 15, 24): the
hand moves p in the browser, which sends nothing, for a gesture of ``--gesture`` seconds
(uniform, 0.5-1.5 s by default); at the release the browser sends one message, the picture's
``moved`` event with the drop point (``Session.trigger``: the same widget state and fragment
rerun the browser sends), and the student looks at the result for ``--think`` seconds before
the next gesture. Timed from all sessions opened (page opens are not counted): reruns/s,
p50/p95/max of the release → ``script_finished`` time, the payload of a release (as sent, and
deflated as the server's websocket compression sends it: ``Session.deflated``) and the
server's CPU per release, for ``--drag-users`` students (20 and 40)
at that pace, then at a lecture's pace (``--lecture-think``, 3-8 s between gestures) for
``--lecture-users`` students: the most that keep p95 ≤ 1 s with no exception is how many one
replica holds. Written to ``docs/load.md`` (its own section) and printed.

With ``--attack hostile`` the attacker instead types, every few seconds, a new text of one
of issue 14's classes (constant power towers, a square root of a long product of big numbers,
a chain of functions of a complex constant, ``x^(1/ln(k))``, ``atan(tan(1e300))``,
``log(x, 0)``), each made new (uncached) by a number in it; ``--compare`` first runs the same
users without an attacker, and reports the other users' p95 both ways. Issue 23's classes,
every 12 s: ``--attack downloads`` moves its point (a new figure) and asks for 6 figure
downloads at once (PNG and SVG, 3 times each); ``--attack message`` opens a session and sends
one live-chart message of 20,000 events; ``--attack sessions`` opens 30 sessions of the page
at once from its browser (its cookie), then closes them; ``--attack flood`` opens 10
sessions that ask for a Jacobian page run every 0.3 s for 12 s, and read nothing (issue 23's
left-over: before fair turns, ``gradviz.budget.Turns``, they held the others' releases 9-30 s).
With ``--attack downloads`` the
server process's own memory (RSS, workers left out) is also read before and after 12 distinct
figures, and 10 s later.

With ``--clients``: the same users without an attacker, then with each of issue 23's classes
in turn, and the render memory; its own section of ``docs/load.md``.

Usage::

    python bench/load.py                 # 20 users × 60 s, browsers, sweep 1-40 × 15 s
    python bench/load.py --attack hostile --compare --users 10 --seconds 30 --no-sweep \
        --no-browser --no-docs          # other users' p95 with and without a hostile student
    python bench/load.py --clients --users 10 --seconds 30   # issue 23's hostile clients
    python bench/load.py --quick         # 20 users × 10 s, sweep 1-20 × 6 s
    python bench/load.py --users 20 --seconds 60 --no-sweep --no-browser
    python bench/load.py --drag          # students who drag: 20 and 40, then a lecture's pace
    python bench/load.py --drag --drag-users 20 --lecture-users 40,80 --seconds 20
    python bench/load.py --deploy 1,2 --users 20 --seconds 20 --kill
                                         # through nginx (deploy/serve.py): 20 users per
                                         # replica, 1 then 2 replicas, then one killed halfway

Writes ``bench/out/load.{json,md}`` and ``docs/load.md``. It measures; it never asserts.
The server runs on 127.0.0.1 only and is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as C  # noqa: E402
import websockets  # noqa: E402
from loadclient import Run, Session  # noqa: E402

from gradviz.budget import budget_seconds  # noqa: E402

PAGE = "gradient-field"
LIVE = "gf.scene"  # the page's picture (its release message moves the point)
TEXT = "gv.scalar.text"
TYPED = ["x^2 + 3y", "sin(x*y)", "x^2 + y^2", "e^(-x^2 - y^2)", "x*y", "cos(x) + sin(y)",
         "x^3 - 3x*y^2", "sqrt(x^2 + y^2)", "log(1 + x^2 + y^2)", "x^2 - y^2",
         "sin(x)cos(y)", "x y + 1", "sin(x*y", "x^^2", "(x+y)^2"]
TARGET_P95 = 1.0
ATTACK_EVERY = 12.0  # s between two expensive functions of the attacker
ATTACK_EVERY_HOSTILE = 4.0  # s between two hostile texts (--attack hostile)
ATTACK_START = 3.0


def expensive(k: int) -> str:
    """A new (uncached) expensive function each time: a product of 40 sines."""
    return "*".join(f"sin(x+{i + 41 * k}y)" for i in range(1, 41))


#: issue 23's hostile clients (``--attack``): what they do each time (see :func:`misbehave`)
ATTACKS = {
    "downloads": "moves its point, then asks for 6 figure downloads at once (PNG, SVG, 3 × each)",
    "message": "opens a session and sends one message of 20,000 release events (1 MB)",
    "sessions": "opens 30 sessions of the page at once from its browser, then closes them",
    "flood": "opens 10 sessions (nginx's cap for one browser) that ask for a Jacobian page run "
             "at n = 150 every 0.3 s, reading nothing they are sent, for 12 s",
}
MISBEHAVE = tuple(ATTACKS)


async def misbehave(attack: str, s: Session, base: str, k: int, rng: random.Random) -> Run:
    """One attack of ``attack``'s class by the session ``s``; a Run whose errors are what the
    server answered (refusals in words), status "FINISHED_SUCCESSFULLY" unless it failed."""
    t0, errors, status = time.perf_counter(), [], "FINISHED_SUCCESSFULLY"
    if attack == "downloads":
        xmin, xmax, ymin, ymax = _picture(s)[0]
        await s.trigger(LIVE, "moved", {"x": rng.uniform(xmin, xmax),
                                        "y": rng.uniform(ymin, ymax), "seq": k + 1})
        got = await asyncio.gather(*(s.download(f"Figure ({fmt})") for fmt in ("PNG", "SVG") * 3))
        errors = [e for _, _, e in got if e]
    elif attack == "message":
        m = Session(base, cookie=s.cookie)
        await m.open(PAGE)
        m.triggers.append(_moves(m, 20_000))
        status = await m.send(m._message(False, m.widgets[LIVE].fragment))
        await m.close()
    elif attack == "flood":
        async def flood(i: int):
            from streamlit.proto.BackMsg_pb2 import BackMsg

            o = Session(base, cookie=s.cookie)
            await o.connect()
            o.ws.transport.pause_reading()  # what the server sends piles up unread
            end = time.perf_counter() + ATTACK_EVERY
            while time.perf_counter() < end:
                m = BackMsg()
                m.rerun_script.page_name = "jacobian-linearisation"
                m.rerun_script.query_string = f"n=150&p={rng.uniform(-2, 2):.4f},{i * 0.01:.3f}"
                await o.ws.send(m.SerializeToString())
                await asyncio.sleep(0.3)
            o.ws.transport.abort()

        await asyncio.gather(*(flood(i) for i in range(10)))
    else:  # sessions
        async def one():
            o = Session(base, cookie=s.cookie)
            try:
                r = await o.open(PAGE)
                return r.status
            except websockets.InvalidStatus as refused:
                return f"HTTP {refused.response.status_code}"
            finally:
                await o.close()

        got = await asyncio.gather(*(one() for _ in range(30)))
        errors = [g for g in got if not g.startswith("FINISHED")]
    return Run(seconds=time.perf_counter() - t0, status=status, errors=errors)


def _moves(s: Session, repeat: int):
    """The picture's ``moved`` event ``repeat`` times in one message (a forged one)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{s.widgets[LIVE].id}__events",
                       json_trigger_value=json.dumps(
                           [{"event": "moved", "value": {"x": 0.5, "y": 0.5, "seq": 1}}] * repeat))


async def render_memory(base: str, pid: int) -> dict:
    """The server process's RSS (MB, workers left out) before 12 distinct figure downloads
    (6 sessions: the per-session limit), right after, and 10 s later."""
    before = psutil.Process(pid).memory_info().rss / 2**20
    sessions = [Session(base) for _ in range(6)]
    for i, s in enumerate(sessions):
        await s.open(PAGE)
        (_, _, ymin, ymax), (x, _) = _picture(s)  # a point of its own: distinct figures
        await s.trigger(LIVE, "moved", {"x": x, "y": ymin + (i + 1) * (ymax - ymin) / 10, "seq": 1})
    got = [await s.download(f"Figure ({fmt})") for s in sessions for fmt in ("PNG", "SVG")]
    after = psutil.Process(pid).memory_info().rss / 2**20
    await asyncio.sleep(10)
    later = psutil.Process(pid).memory_info().rss / 2**20
    for s in sessions:
        await s.close()
    return {"before": before, "after": after, "later": later,
            "made": sum(bool(url) for _, url, _ in got),
            "seconds": [round(t, 2) for t, _, _ in got]}


#: issue 14's classes of hostile text; each takes k (a new number each time: nothing cached)
HOSTILE_CLASSES = [
    lambda k: f"{k + 2}^pi^pi^pi^pi^pi",
    lambda k: f"pi^pi^pi^pi^pi + {k}x",
    lambda k: "sqrt(" + "*".join(["10^300"] * 14) + f"+{k + 1})",
    lambda k: f"cos(atan(log(acos(asin({k + 2})))))",
    lambda k: f"x^(1/ln({k + 2}))",
    lambda k: f"atan(tan(1e300)) + {k}y",
    lambda k: f"log(x, 0) + {k}y",
]


def hostile(k: int) -> str:
    """The k-th hostile text: the classes in turn, each with a new number."""
    return HOSTILE_CLASSES[k % len(HOSTILE_CLASSES)](k // len(HOSTILE_CLASSES))


def pct(xs, q: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = q * (len(xs) - 1)
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


# -- one user ------------------------------------------------------------------------------
async def user(base: str, n: int, until: float, log: list, rng: random.Random,
               think: tuple[float, float], attacker: bool = False,
               attack: str = "product", reconnect: bool = False,
               where: dict | None = None) -> None:
    s = Session(base)
    where = {} if where is None else where
    try:
        t0 = time.perf_counter()
        run = await s.open(PAGE)
        where[n] = getattr(s, "replica", "")
        w = s.widgets.get(TEXT)
        s.valid_text = None if w is None else w.value
        s.box, s.point = _picture(s)
        log.append(dict(user=n, kind="open", t=t0, **_fields(run)))
        attacks = 0
        next_attack = t0 + ATTACK_START
        while time.perf_counter() < until:
            await asyncio.sleep(rng.uniform(*think))
            if time.perf_counter() >= until:
                break
            if attacker and time.perf_counter() >= next_attack and attack in MISBEHAVE:
                t = time.perf_counter()
                run = await misbehave(attack, s, base, attacks, rng)
                log.append(dict(user=n, kind="attack", t=t, **_fields(run),
                                refused=len(run.errors), answers=run.errors[:2]))
                attacks += 1
                next_attack += ATTACK_EVERY
                continue
            if attacker and time.perf_counter() >= next_attack:
                text = hostile(attacks) if attack == "hostile" else expensive(attacks + 1000 * n)
                kind, change = "attack", {TEXT: text}
                attacks += 1
                next_attack += ATTACK_EVERY_HOSTILE if attack == "hostile" else ATTACK_EVERY
            elif rng.random() < 0.1:
                kind, change = "type", {TEXT: rng.choice(TYPED)}
            else:  # a release in the picture: p dropped somewhere in the view
                xmin, xmax, ymin, ymax = s.box
                s.point = (rng.uniform(xmin, xmax), rng.uniform(ymin, ymax))
                kind, change = "move", {"x": s.point[0], "y": s.point[1], "seq": len(log)}
            t = time.perf_counter()
            try:
                run = await (s.trigger(LIVE, "moved", change) if kind == "move"
                             else s.rerun(change))
            except websockets.ConnectionClosed:  # the server went away before the send
                run = Run(seconds=time.perf_counter() - t, status="closed")
            if kind == "type" and not run.errors and run.status == "FINISHED_SUCCESSFULLY":
                s.valid_text = change[TEXT]  # what the tab's link now holds
            log.append(dict(user=n, kind=kind, t=t, **_fields(run)))
            if run.status == "closed":
                if not reconnect:
                    break
                s = await _reconnect(base, s, n, log, until + 15)
                if s is None:
                    break
                where[n] = getattr(s, "replica", "")
    except Exception as err:  # noqa: BLE001 - a client failure is a result, not a crash
        log.append(dict(user=n, kind="client-error", t=time.perf_counter(), seconds=0.0,
                        status=f"{type(err).__name__}: {err}"[:200], exceptions=[],
                        wrong=0, errors=0, bytes=0, page=""))
    finally:
        await s.close()


def _view_query(s: Session) -> tuple[str, dict]:
    """The link of the view a session shows (function and point), as a browser's URL holds it."""
    from urllib.parse import urlencode

    ws, w = s.states.get(TEXT), s.widgets.get(TEXT)
    text = ws.string_value if ws is not None else None if w is None else w.value
    # the link holds the last function the app accepted (a mistyped one only shows an error)
    point = getattr(s, "point", None)
    view = {"f": getattr(s, "valid_text", None) or text,
            "p": ",".join(f"{v:g}" for v in point) if point else None}
    return urlencode({k: v for k, v in view.items() if v is not None}), view


async def _reconnect(base: str, old: Session, n: int, log: list, give_up: float):
    """What a tab does when its server goes away (gradviz/app/reconnect.py): open the same
    link again, through the load balancer, until a server answers. Logged as "reconnect"
    (seconds: from the lost connection to the page shown again; ``same_view``: the point
    and function the new session shows are the old ones)."""
    query, view = _view_query(old)
    t0 = time.perf_counter()
    with contextlib.suppress(Exception):
        await old.close()
    while time.perf_counter() < give_up:
        s = Session(base)
        try:
            run = await s.open(PAGE, query)
        except Exception:  # noqa: BLE001 - refused while nothing answers: try again
            await asyncio.sleep(0.25)
            continue
        if run.status == "FINISHED_SUCCESSFULLY":
            _, now = _view_query(s)  # what the new session shows
            s.valid_text = now["f"]
            log.append(dict(user=n, kind="reconnect", t=t0, **_fields(run),
                            same_view=now == view, views=None if now == view else (view, now)))
            return s
        await s.close()
        await asyncio.sleep(0.25)
    log.append(dict(user=n, kind="lost", t=t0, seconds=time.perf_counter() - t0,
                    status="lost", exceptions=[], wrong=0, errors=0, bytes=0, page=""))
    return None


def _fields(run) -> dict:
    return dict(seconds=run.seconds, status=run.status, exceptions=run.exceptions,
                wrong=sum("Something went wrong" in e for e in run.errors),
                errors=len(run.errors), bytes=run.bytes, wire=getattr(run, "wire", 0),
                page=run.page,
                too_long=sum("takes too long" in e for e in run.errors),
                fragment=getattr(run, "fragment", False))


def _picture(s: Session) -> tuple[list, tuple]:
    """The view box of the page's picture and the point it was drawn at."""
    live = s.widgets.get(LIVE)
    if live is None or not live.data:
        raise RuntimeError(f"no picture {LIVE!r} on /{PAGE}")
    data = json.loads(live.data)
    return data["static"]["panels"][0]["box"], tuple(data["point"][:2])


# -- students who drag the point (the live chart) ------------------------------------------
async def dragger(base: str, n: int, log: list, rng: random.Random, think, gesture,
                  opened: list, go: asyncio.Event, clock: dict) -> None:
    """One student: open the page, wait for everyone, then gesture after gesture: the hand
    moves p in the browser (nothing sent), the release sends the drop point once."""
    s = Session(base)
    try:
        t0 = time.perf_counter()
        run = await s.open(PAGE)
        log.append(dict(user=n, kind="open", t=t0, **_fields(run)))
        xmin, xmax, ymin, ymax = _picture(s)[0]
        opened.append(n)
        await go.wait()
        await asyncio.sleep(rng.uniform(0, think[1]))  # students do not move in step
        seq = 0
        while time.perf_counter() < clock["until"]:
            await asyncio.sleep(rng.uniform(*gesture))  # dragging: the browser alone
            if time.perf_counter() >= clock["until"]:
                break
            seq += 1
            drop = {"x": rng.uniform(xmin, xmax), "y": rng.uniform(ymin, ymax), "seq": seq}
            t = time.perf_counter()
            try:
                run = await s.trigger(LIVE, "moved", drop)
            except websockets.ConnectionClosed:
                run = Run(seconds=time.perf_counter() - t, status="closed")
            log.append(dict(user=n, kind="drag", t=t, **_fields(run)))
            if run.status == "closed":
                break
            await asyncio.sleep(rng.uniform(*think))
    except Exception as err:  # noqa: BLE001 - a client failure is a result, not a crash
        opened.append(n)
        log.append(dict(user=n, kind="client-error", t=time.perf_counter(), seconds=0.0,
                        status=f"{type(err).__name__}: {err}"[:200], exceptions=[],
                        wrong=0, errors=0, bytes=0, page=""))
    finally:
        await s.close()


async def _drag_run(base: str, pid: int, users: int, seconds: float, think, gesture,
                    seed: int) -> dict:
    """``users`` students dragging for ``seconds``, timed once every session has opened."""
    rng = random.Random(seed)
    log: list = []
    rss: list = []
    opened: list = []
    go = asyncio.Event()
    clock = {"until": float("inf")}
    tasks = [asyncio.create_task(dragger(base, n, log, random.Random(rng.random()), think,
                                         gesture, opened, go, clock))
             for n in range(users)]
    t_open = time.perf_counter()
    while len(opened) < users and not all(t.done() for t in tasks):
        await asyncio.sleep(0.1)
    opening = time.perf_counter() - t_open
    # the server's CPU with every session open and idle: what the sessions cost with no
    # release (Streamlit's own timers and pings), left out of the net cost of a release
    idle0, t_idle = cpu_seconds(pid), time.perf_counter()
    await asyncio.sleep(IDLE_S)
    idle_cores = (cpu_seconds(pid) - idle0) / (time.perf_counter() - t_idle)
    start = time.perf_counter()
    clock["until"] = start + seconds
    cpu0, own0 = cpu_seconds(pid), time.process_time()
    tasks.append(asyncio.create_task(sample_rss(pid, clock["until"] + 2, rss)))
    go.set()
    await asyncio.gather(*tasks)
    own = time.process_time() - own0  # the simulated students' CPU, on the same cores
    timed = [r for r in log if r["kind"] != "open"]
    res = summarise(timed, rss, users, seconds, start)
    res["open_p50"] = pct([r["seconds"] for r in log if r["kind"] == "open"], 0.5)
    res["opening_s"] = opening
    res["cpu_s"] = cpu_seconds(pid) - cpu0
    res["cpu_ms_per_run"] = 1000 * res["cpu_s"] / max(res["reruns"], 1)
    wall = max(time.perf_counter() - start, 1e-9)
    res["idle_cores"] = idle_cores
    res["net_cpu_ms_per_run"] = 1000 * max(res["cpu_s"] - idle_cores * wall, 0.0) / max(
        res["reruns"], 1)
    res["client_cores"] = own / wall
    res["server_cores"] = res["cpu_s"] / wall
    res["think"], res["gesture"] = list(think), list(gesture)
    res["load"] = os.getloadavg()
    return res


def drag_runs(server: C.Server, counts: list[int], seconds: float, think, gesture) -> list:
    out = []
    for n in counts:
        print(f"drag: {n} students × {seconds:g} s, gesture {gesture[0]:g}-{gesture[1]:g} s, "
              f"then {think[0]:g}-{think[1]:g} s ...", flush=True)
        r = asyncio.run(_drag_run(server.base, server.pid, n, seconds, think, gesture, seed=n))
        out.append(r)
        print(C.table(DRAG_HEAD, [drag_row(r)]), flush=True)
    return out


DRAG_HEAD = ["students", "pace: gesture + look, s", "s", "releases", "reruns/s", "p50 s",
             "p95 s", "max s", "exceptions", "timeouts", "kB/release (deflated)",
             "server CPU ms/release (net of idle)", "cores used: server (idle) / students",
             "load avg before", "p95 ≤ 1 s, 0 exc."]
#: s the server is watched with every session open before the releases start (its idle CPU)
IDLE_S = 3.0
#: issue 24: what one release may cost (payload sent back, server CPU)
RELEASE_KB, RELEASE_CPU_MS = 10.0, 15.0


def drag_row(r: dict) -> list:
    g, t = r["gesture"], r["think"]
    return [r["users"], f"{g[0]:g}-{g[1]:g} + {t[0]:g}-{t[1]:g}", f"{r['seconds']:g}",
            r["reruns"], f"{r['reruns_per_s']:.1f}", f2(r["p50"]), f2(r["p95"]), f2(r["max"]),
            r["exceptions"] + len(r["client_errors"]), r["timeouts"],
            f"{r['kb_per_rerun']:.1f} ({r.get('wire_kb_per_rerun', float('nan')):.1f})",
            f"{r.get('cpu_ms_per_run', 0):.1f} ({r.get('net_cpu_ms_per_run', float('nan')):.1f})",
            f"{r.get('server_cores', float('nan')):.2f} ({r.get('idle_cores', float('nan')):.2f})"
            f" / {r.get('client_cores', float('nan')):.2f}",
            f"{r['load'][0]:.1f}", "met" if ok(r) else "not met"]


def ok(r: dict) -> bool:
    return (r["p95"] <= TARGET_P95 and r["exceptions"] == 0 and not r["client_errors"]
            and r["timeouts"] == 0)


DRAG_MARK = "## Students who drag the point (bench/load.py --drag)"


def drag_markdown(res: dict) -> str:
    busy, lecture = res["busy"], res["lecture"]
    held = [r["users"] for r in lecture if ok(r)]
    top = max(busy, key=lambda r: r["reruns_per_s"]) if busy else None
    period = (sum(res["gesture"]) + sum(res["lecture_think"])) / 2  # mean s between releases
    md = [DRAG_MARK + "\n",
          "Each simulated student (`bench/loadclient.py`, Streamlit's websocket protocol) opens "
          f"`/{PAGE}` (sin(xy), its picture), then drags: the hand moves p in the browser, "
          "which sends nothing, for a gesture of "
          f"{res['gesture'][0]:g}-{res['gesture'][1]:g} s; the release sends the drop point once "
          "(the picture's `moved` event, the message the browser sends: a rerun of the live "
          "section); then the student looks at the result before the next gesture. Timed from "
          "every session opened (page opens are not counted), from the release message to "
          "`script_finished`. A release's payload is what the server sends back for it, as "
          "sent (the simulated students ask for no compression) and, in brackets, deflated as "
          "the server's websocket compression sends it to a browser (the same zlib settings, "
          "one stream per connection). Issue 24's targets per release: ≤ "
          f"{RELEASE_KB:g} kB and ≤ {RELEASE_CPU_MS:g} ms of server CPU. Measured "
          f"{res['machine']['date']}; {res['machine']['nproc']} "
          f"cores, {res['machine']['cpu']}, shared with other jobs (load average before each "
          "run in the table). *Cores used*: the CPU time of the server (with its workers) "
          "and of the simulated students' own process over the run's wall time: both run on "
          "the same machine; in brackets, the server's alone with every session open and "
          f"idle ({IDLE_S:g} s before the releases). *Net of idle*: the server's CPU less "
          "that idle rate over the run, per release: what a release adds.\n",
          "### Busy students (a drag, a short look, the next drag)\n",
          C.table(DRAG_HEAD, [drag_row(r) for r in busy]),
          "### At a lecture's pace (a drag every few seconds, as the instructor asks)\n",
          C.table(DRAG_HEAD, [drag_row(r) for r in lecture])]
    if held:
        md.append(f"**One replica holds {max(held)} students at a lecture's pace** (the most "
                  f"measured with p95 ≤ {TARGET_P95:g} s and no exception"
                  + (f"; {min(r['users'] for r in lecture if not ok(r))} did not"
                     if any(not ok(r) for r in lecture) else "; more were not tried") + ").")
    else:
        md.append("No lecture-pace run kept p95 ≤ 1 s with no exception.")
    if top is not None:
        md.append(f" From throughput: the server answered {top['reruns_per_s']:.1f} releases/s "
                  f"with {top['users']} busy students (p95 {f2(top['p95'])} s); a student at a "
                  f"lecture's pace releases once every {period:.1f} s on average, so that rate "
                  f"serves about {top['reruns_per_s'] * period:.0f} such students (a lower bound "
                  "when the busy run did not fill the server).\n")
    runs = busy + lecture
    cpu = statistics.median(r["cpu_ms_per_run"] for r in runs) if runs else float("nan")
    if runs:
        kb = statistics.median(r["kb_per_rerun"] for r in runs)
        wire = statistics.median(r["wire_kb_per_rerun"] for r in runs)
        net = statistics.median(r.get("net_cpu_ms_per_run", float("nan")) for r in runs)
        md.append(f"Per release (medians over the runs): {kb:.1f} kB sent, {wire:.1f} kB "
                  f"deflated on the wire, {cpu:.1f} ms of server CPU ({net:.1f} ms net of "
                  f"the open sessions' idle cost); targets ≤ {RELEASE_KB:g} kB and ≤ "
                  f"{RELEASE_CPU_MS:g} ms.")
        floor = res.get("floor_cpu_ms")
        if floor:
            md.append(f" In the same run a rerun of the bare one-slider app's slider "
                      f"(`bench/bare_app.py`) cost {floor:.1f} ms of server CPU: a release is "
                      f"**{cpu / floor:.1f}× the bare rerun** ({net / floor:.1f}× net of idle), "
                      "a figure that compares across boxes where milliseconds do not.")
        md.append("\n")
    if cpu == cpu and cpu > 0:
        md.append(f"From CPU time: a release costs the server {cpu:.0f} ms of CPU (median over "
                  "the runs); one replica is one Python process (Streamlit's script threads "
                  f"share its interpreter lock), so with a core to itself it answers at most "
                  f"{1000 / cpu:.0f} releases/s, about {1000 / cpu * period:.0f} students at a "
                  f"lecture's pace at full use, or {0.6 * 1000 / cpu * period:.0f} at 60 % use "
                  "(the queue, and so p95, stays short). The measured runs above got much less "
                  "than a core when the machine was shared.\n")
    return "\n".join(md) + "\n"


def write_section(md: str, mark: str) -> None:
    """Replace (or append) the section of docs/load.md that starts at ``mark`` (up to the
    next "## " heading), leaving the other sections as they are."""
    path = C.ROOT / "docs" / "load.md"
    old = path.read_text() if path.exists() else ""
    head, found, rest = old.partition(mark)
    tail = ""
    if found:
        cut = rest.find("\n## ")
        tail = rest[cut:] if cut >= 0 else ""
    path.write_text(head.rstrip() + "\n\n" + md.strip() + "\n" + tail)


# -- memory --------------------------------------------------------------------------------
def rss_mb(pid: int) -> float:
    """RSS of the server and all its children (forkserver, workers), MB."""
    try:
        proc = psutil.Process(pid)
        total = proc.memory_info().rss
        for child in proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total / 2**20
    except psutil.Error:
        return float("nan")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of the server and its children, reaped workers included."""
    try:
        proc = psutil.Process(pid)
        t = proc.cpu_times()
        total = t.user + t.system
        for child in proc.children(recursive=True):
            try:
                c = child.cpu_times()
                total += c.user + c.system + c.children_user + c.children_system
            except psutil.Error:
                pass
        return total
    except psutil.Error:
        return float("nan")


async def sample_rss(pid: int, until: float, out: list) -> None:
    while time.perf_counter() < until:
        out.append((time.perf_counter(), rss_mb(pid)))
        await asyncio.sleep(0.5)


# -- a run ---------------------------------------------------------------------------------
async def _run(base: str, pid: int, users: int, seconds: float, think, seed: int,
               attacker: bool, attack: str = "product", reconnect: bool = False,
               kill=None) -> dict:
    rng = random.Random(seed)
    log: list = []
    rss: list = []
    start = time.perf_counter()
    cpu0 = cpu_seconds(pid)
    until = start + seconds
    tasks = [asyncio.create_task(sample_rss(pid, until + 2, rss))]
    where: dict = {}
    for n in range(users):
        tasks.append(asyncio.create_task(user(
            base, n, until, log, random.Random(rng.random()), think,
            attacker=attacker and n == 0, attack=attack, reconnect=reconnect,
            where=where)))
        await asyncio.sleep(min(0.05, seconds / 100))  # not all in the same millisecond
    killed_at = None
    if kill is not None:  # (after s, what): e.g. SIGKILL a replica halfway
        await asyncio.sleep(max(start + kill[0] - time.perf_counter(), 0))
        killed_at = time.perf_counter()
        kill[1]()
    await asyncio.gather(*tasks)
    res = summarise(log, rss, users, seconds, start)
    if reconnect:
        res.update(reconnects(log, killed_at))
    if attacker and len(set(where.values()) - {""}) > 1:
        res.update(neighbours(log, where))
    runs = res["reruns"] + res["attacks"] + users  # every script run the server did
    res["cpu_s"] = cpu_seconds(pid) - cpu0
    res["cpu_ms_per_run"] = 1000 * res["cpu_s"] / max(runs, 1)
    return res


def summarise(log: list, rss: list, users: int, seconds: float, start: float) -> dict:
    reruns = [r for r in log if r["kind"] in ("move", "type", "rerun", "drag")
              and r["status"] != "closed"]
    attacks = [r for r in log if r["kind"] == "attack"]
    opens = [r for r in log if r["kind"] == "open"]
    lat = [r["seconds"] for r in reruns]
    windows = [(a["t"], a["t"] + a["seconds"]) for a in attacks]
    during = [r["seconds"] for r in reruns
              if any(r["t"] < hi and r["t"] + r["seconds"] > lo for lo, hi in windows)]
    wall = max((r["t"] + r["seconds"] for r in log), default=start + seconds) - start
    mem = [m for _, m in rss if m == m]
    return {
        "users": users, "seconds": seconds, "wall": wall,
        "reruns": len(lat), "reruns_per_s": len(lat) / max(wall, 1e-9),
        "fragment_reruns": sum(bool(r.get("fragment")) for r in reruns),
        "p50": pct(lat, 0.5), "p95": pct(lat, 0.95), "max": max(lat, default=float("nan")),
        # user 0 is the attacker when there is one: the others' figures, for comparisons
        "others_p50": pct([r["seconds"] for r in reruns if r["user"] != 0], 0.5),
        "others_p95": pct([r["seconds"] for r in reruns if r["user"] != 0], 0.95),
        "others_max": max((r["seconds"] for r in reruns if r["user"] != 0),
                          default=float("nan")),
        "mean": statistics.fmean(lat) if lat else float("nan"),
        "by_kind": {k: {"n": len(v), "p50": pct(v, 0.5), "p95": pct(v, 0.95)}
                    for k in ("move", "type", "drag")
                    for v in [[r["seconds"] for r in reruns if r["kind"] == k]]},
        "open_p50": pct([r["seconds"] for r in opens], 0.5),
        "open_max": max((r["seconds"] for r in opens), default=float("nan")),
        "exceptions": sum(len(r["exceptions"]) for r in log),
        "exception_texts": sorted({e for r in log for e in r["exceptions"]})[:5],
        "wrong": sum(r.get("wrong", 0) for r in log),
        "timeouts": sum(r["status"] == "timeout" for r in log),
        "client_errors": [r["status"] for r in log if r["kind"] == "client-error"][:5],
        "wrong_page": sum(bool(r.get("page")) and r["page"] != PAGE for r in log),
        "kb_per_rerun": statistics.fmean(r["bytes"] for r in reruns) / 1024 if reruns else 0,
        "wire_kb_per_rerun": (statistics.fmean(r.get("wire", 0) for r in reruns) / 1024
                              if reruns else 0),
        "attacks": len(attacks),
        "attack_seconds": [round(a["seconds"], 2) for a in attacks],
        "attacks_refused": sum(a.get("too_long", 0) > 0 for a in attacks),
        "attack_refusals": sum(a.get("refused", 0) for a in attacks),
        "attack_statuses": sorted({a["status"] for a in attacks}),
        "attack_answers": sorted({t[:160] for a in attacks for t in a.get("answers", [])})[:4],
        "during_attack_n": len(during),
        "during_attack_p95": pct(during, 0.95),
        "during_attack_max": max(during, default=float("nan")),
        "rss_start": mem[0] if mem else float("nan"),
        "rss_max": max(mem, default=float("nan")),
        "rss_end": mem[-1] if mem else float("nan"),
    }


def reconnects(log: list, killed_at: float | None) -> dict:
    """Sessions that lost their server: how many came back, how fast, to the same view."""
    back = [r for r in log if r["kind"] == "reconnect"]
    lost = [r for r in log if r["kind"] == "lost"]
    # from the kill (not from when the session noticed) to its page shown again
    since_kill = [r["t"] + r["seconds"] - killed_at for r in back] if killed_at else []
    after = [r["seconds"] for r in log if killed_at and r["t"] >= killed_at
             and r["kind"] in ("move", "type", "rerun") and r["status"] != "closed"]
    gone = [r for r in log if r["kind"] == "client-error"]
    return {"reconnected": len(back), "lost": len(lost) + len(gone),
            "same_view": sum(bool(r.get("same_view")) for r in back),
            "reconnect_p50": pct([r["seconds"] for r in back], 0.5),
            "reconnect_max": max((r["seconds"] for r in back), default=float("nan")),
            "back_after_kill_max": max(since_kill, default=float("nan")),
            "reconnect_exceptions": sum(len(r["exceptions"]) for r in back),
            "other_views": [r["views"] for r in back if r.get("views")][:5],
            "after_kill_p95": pct(after, 0.95)}


def neighbours(log: list, where: dict) -> dict:
    """Behind nginx, with an attacker (user 0): the other users' reruns on the attacker's
    replica and on the other replica(s), while an attack ran and while none did."""
    home = where.get(0, "")
    windows = [(a["t"], a["t"] + a["seconds"]) for a in log if a["kind"] == "attack"]
    out = {"attacker_replica": home}
    for name, same in (("same", True), ("other", False)):
        for when, during in (("during", True), ("outside", False)):
            xs = [r["seconds"] for r in log
                  if r["kind"] in ("move", "type", "rerun") and r["status"] != "closed"
                  and r["user"] != 0 and (where.get(r["user"]) == home) == same
                  and any(r["t"] < hi and r["t"] + r["seconds"] > lo for lo, hi in windows) == during]
            out[f"{name}_{when}_n"] = len(xs)
            out[f"{name}_{when}_p95"] = pct(xs, 0.95)
    return out


def load_run(server: C.Server, users: int, seconds: float, think=(0.2, 0.8), seed: int = 1,
             attacker: bool = False, attack: str = "product") -> dict:
    return asyncio.run(_run(server.base, server.pid, users, seconds, think, seed, attacker,
                            attack))


def kill_workers(pid: int) -> int:
    """Kill what the server started (forkserver, workers) that outlives a run; how many."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return 0
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            pass
    return len(children)


def warm(base: str) -> None:
    """One session on "/" then the page: first-run imports, the MPA page-discovery quirk."""
    async def go():
        for page in ("", PAGE):
            s = Session(base)
            await s.open(page)
            await s.close()
    asyncio.run(go())


# -- real browsers beside the load -----------------------------------------------------------
THUMB = """(el) => el.tagName === 'INPUT' ? parseFloat(el.value)
  : parseFloat(el.getAttribute('aria-valuenow'))"""


def browsers(base: str, count: int, moves: int, out: dict, start_after: float) -> None:
    """``count`` Chromium sessions: load the page, move the picture's x₀ by keyboard ``moves``
    times."""
    time.sleep(start_after)
    results = []
    try:
        with C.chromium() as browser:
            for b in range(count):
                res = {"browser": b, "moves": [], "ok": False, "error": None}
                try:
                    t0 = time.perf_counter()
                    page = C.open_page(browser, base, "/" + PAGE)
                    res["load"] = time.perf_counter() - t0
                    thumb = page.locator('.gv-scene input[type="range"]').first  # x₀
                    for i in range(moves):
                        before = thumb.evaluate(THUMB)
                        thumb.focus()
                        t0 = time.perf_counter()
                        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                        page.wait_for_timeout(150)
                        C.wait_idle(page, settle=0.2)
                        after = thumb.evaluate(THUMB)
                        res["moves"].append({"seconds": time.perf_counter() - t0,
                                             "changed": after != before})
                    res["exceptions"] = page.locator('[data-testid="stException"]').count()
                    res["ok"] = (all(m["changed"] for m in res["moves"])
                                 and res["exceptions"] == 0)
                    page.context.close()
                except Exception as err:  # noqa: BLE001
                    res["error"] = f"{type(err).__name__}: {err}"[:300]
                results.append(res)
    except Exception as err:  # noqa: BLE001
        results.append({"error": f"{type(err).__name__}: {err}"[:300], "ok": False})
    out["browsers"] = results


# -- output --------------------------------------------------------------------------------
def f2(x) -> str:
    return "n/a" if x != x else f"{x:.2f}"


def row(r: dict) -> list:
    return [r["users"], f"{r['seconds']:g}", r["reruns"], f"{r['reruns_per_s']:.1f}",
            f2(r["p50"]), f2(r["p95"]), f2(r["max"]), r["exceptions"], r["wrong"],
            r["timeouts"], f"{r['kb_per_rerun']:.0f}",
            f"{r['rss_start']:.0f} / {r['rss_max']:.0f}", f"{r.get('cpu_ms_per_run', 0):.0f}",
            "met" if r["p95"] <= TARGET_P95 and r["exceptions"] == 0 else "not met"]


HEAD = ["users", "s", "reruns", "reruns/s", "p50 s", "p95 s", "max s", "exceptions",
        "'went wrong'", "timeouts", "kB/rerun", "RSS MB start / max", "server CPU ms/run",
        "p95 ≤ 1 s, 0 exc."]


def markdown(res: dict) -> str:
    m = res["main"]
    md = ["## Many users at once (bench/load.py)\n",
          f"Simulated users speak Streamlit's websocket protocol (`bench/loadclient.py`): each "
          f"opens `/{PAGE}`, then waits {res['think'][0]:g}-{res['think'][1]:g} s, drops the point "
          "at a random place (90 %) or types a function (10 %, some mistyped), and times "
          "each rerun from the `rerun_script` message to `script_finished`. Server: "
          "`streamlit run streamlit_app.py` on 127.0.0.1, the repository's "
          f"`.streamlit/config.toml`, time budget {res['budget_s']:g} s. Measured "
          f"{res['machine']['date']}. Machine: "
          f"{res['machine']['nproc']} cores, {res['machine']['cpu']}; load average before the "
          f"run {', '.join(f'{x:.1f}' for x in res['machine']['loadavg'])}.\n",
          f"### {m['users']} users for {m['seconds']:g} s, one of them attacking\n",
          C.table(HEAD, [row(m)]),
          (f"The attacker, every {ATTACK_EVERY:g} s: {ATTACKS[res['attack']]}. It did so "
           f"{m['attacks']} times, each over after "
           f"{', '.join(f'{s:g}' for s in m['attack_seconds']) or '-'} s (ends: "
           f"{', '.join(m['attack_statuses'])}); {m['attack_refusals']} of its requests were "
           f"refused, in words such as {m['attack_answers']}. Reruns of the other "
           if res.get("attack") in MISBEHAVE else
           f"The attacker typed {m['attacks']} "
           + ("hostile texts (issue 14's classes, new each time); "
              if res.get("attack") == "hostile" else
              "expensive functions (40 sines, new each time); ")
           + f"{m['attacks_refused']} were refused with \"takes too long\", after "
           f"{', '.join(f'{s:g}' for s in m['attack_seconds']) or '-'} s. Reruns of the other ")
          + f"users that overlapped an attack: {m['during_attack_n']}, p95 "
          f"{f2(m['during_attack_p95'])} s, max {f2(m['during_attack_max'])} s. "
          f"Page opens: p50 {f2(m['open_p50'])} s, max {f2(m['open_max'])} s. Memory (RSS of "
          f"the server with its workers) {m['rss_start']:.0f} MB at the start, "
          f"{m['rss_max']:.0f} MB at most, {m['rss_end']:.0f} MB at the end.\n"]
    if res.get("render_memory"):
        r = res["render_memory"]
        md.append(f"Memory of the server process alone (RSS, its workers left out) around "
                  f"{r['made']} distinct figure downloads (6 sessions, PNG and SVG, answered "
                  f"after {r['seconds']} s): {r['before']:.0f} MB before, {r['after']:.0f} MB "
                  f"right after, {r['later']:.0f} MB 10 s later.\n")
    if res.get("baseline"):
        b = res["baseline"]
        md.append(f"Other users (all but user 0) without an attacker: p95 {f2(b['others_p95'])} s, "
                  f"max {f2(b['others_max'])} s; with it: p95 {f2(m['others_p95'])} s, max "
                  f"{f2(m['others_max'])} s.\n")
    by = m["by_kind"]
    md.append(f"By action: point moves n={by['move']['n']}, p50 {f2(by['move']['p50'])} s, "
              f"p95 {f2(by['move']['p95'])} s; typed functions n={by['type']['n']}, p50 "
              f"{f2(by['type']['p50'])} s, p95 {f2(by['type']['p95'])} s.\n")
    if m["exception_texts"] or m["client_errors"]:
        md.append(f"Exceptions seen: {m['exception_texts']}; client errors: "
                  f"{m['client_errors']}.\n")
    if res.get("browsers"):
        md.append("### Real browsers beside the load\n")
        rows = []
        for b in res["browsers"]:
            mv = [x["seconds"] for x in b.get("moves", [])]
            rows.append([b.get("browser", "-"), f2(b.get("load", float("nan"))), len(mv),
                         f2(max(mv)) if mv else "n/a",
                         "yes" if b.get("ok") else f"no {b.get('error') or ''}"])
        md.append(C.table(["browser", "page load s", "slider moves", "slowest move s",
                           "all moves answered, no exception"], rows))
        md.append("A browser move is timed from the key press to the page idle again "
                  "(script finished, 0.2 s quiet), so it includes the browser's drawing.\n")
    if res.get("sweep"):
        md.append("### Sweep\n")
        md.append(C.table(HEAD, [row(r) for r in res["sweep"]]))
    md.append("*These figures were taken while other jobs shared the machine "
              f"(load average {', '.join(f'{x:.1f}' for x in res['machine']['loadavg'])} "
              "before the run); re-run `python bench/load.py` on a quiet machine for the "
              "final figures.*\n" if res["machine"]["loadavg"][0] > 1.0 else "")
    return "\n".join(md)


# -- through nginx: deploy/serve.py with 1, 2, … replicas -----------------------------------
class Deployment:
    """``python deploy/serve.py --replicas N`` on a free port (or ``port``); a context manager.
    The class store as serve.py chooses (``store``: "redis", "sqlite"), its data in ``data``
    (default: the deployment's temporary folder)."""

    def __init__(self, replicas: int, store: str | None = None, data: Path | None = None,
                 port: int | None = None):
        import tempfile

        self.replicas = replicas
        self.port = port or C.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.dir = Path(tempfile.mkdtemp(prefix="gradviz-load-"))
        self.state_file = self.dir / "state.json"
        self.options = [*(["--store", store] if store else []),
                        "--data", str(data or self.dir / "data")]

    def state(self) -> dict:
        import json

        return json.loads(self.state_file.read_text())

    def __enter__(self):
        import subprocess

        self.proc = subprocess.Popen(
            [sys.executable, "deploy/serve.py", "--replicas", str(self.replicas), "--port",
             str(self.port), "--state-file", str(self.state_file), "--run-dir",
             str(self.dir / "run"), *self.options], cwd=C.ROOT,
            stdin=subprocess.DEVNULL,
            stdout=open(self.dir / "serve.out", "wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180
        while not self.state_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((self.dir / "serve.out").read_text())
            time.sleep(0.25)
        self.pid = self.proc.pid  # serve.py: its children are nginx and the replicas
        for r in self.state()["replicas"]:
            warm(f"http://127.0.0.1:{r['port']}")
        return self

    def __exit__(self, *exc):
        import signal

        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=60)


def deploy_runs(replicas: list[int], users_per_replica: int, seconds: float, think,
                kill: bool, attack: str = "product") -> list[dict]:
    import os
    import signal

    out = []
    for n in replicas:
        with Deployment(n) as dep:
            users = users_per_replica * n
            print(f"nginx + {n} replica(s), {users} users, {seconds:.0f} s", flush=True)
            load = os.getloadavg()
            res = asyncio.run(_run(dep.base, dep.pid, users, seconds, think, 1, True,
                                   attack=attack, reconnect=True))
            res.update(replicas=n, killed=False, load=load, attack=attack)
            out.append(res)
            print(res, flush=True)
            if kill and n >= 2:
                victim = dep.state()["replicas"][0]
                print(f"… again, SIGKILL replica {victim['name']} after {seconds / 2:.0f} s",
                      flush=True)
                load = os.getloadavg()
                res = asyncio.run(_run(dep.base, dep.pid, users, seconds, think, 2, False,
                                       reconnect=True,
                                       kill=(seconds / 2,
                                             lambda pid=victim["pid"]: os.kill(pid, signal.SIGKILL))))
                res.update(replicas=n, killed=True, load=load)
                out.append(res)
                print(res, flush=True)
    return out


def deploy_markdown(runs: list[dict], seconds: float) -> str:
    head = ("| replicas | users | replica killed halfway | reruns/s | p50 s | p95 s | max s | "
            "exceptions | timeouts | sessions reconnected (same view) | reconnect p50 / max s | "
            "back after the kill, max s | sessions lost | load avg before |\n" + "|---" * 14 + "|\n")
    rows = []
    for r in runs:
        rec = (f"{r['reconnected']} ({r['same_view']})" if r["killed"] or r["reconnected"] else "0")
        times = (f"{f2(r['reconnect_p50'])} / {f2(r['reconnect_max'])}" if r["reconnected"] else "–")
        after = f2(r["back_after_kill_max"]) if r["killed"] and r["reconnected"] else "–"
        rows.append(f"| {r['replicas']} | {r['users']} | {'yes' if r['killed'] else 'no'} | "
                    f"{r['reruns_per_s']:.1f} | {f2(r['p50'])} | {f2(r['p95'])} | {f2(r['max'])} | "
                    f"{r['exceptions']} | {r['timeouts']} | {rec} | {times} | {after} | {r['lost']} | "
                    f"{r['load'][0]:.1f} |")
    md = head + "\n".join(rows) + "\n"
    for r in runs:
        if "other_during_p95" in r:
            what = ATTACKS.get(r.get("attack"), "types a new expensive function")
            md += (f"\nBad neighbour ({r['replicas']} replicas; one user, every {ATTACK_EVERY:g} s, "
                   f"{what}, on replica {r['attacker_replica']}; {r['attack_refusals']} of its "
                   f"requests refused, ends {', '.join(r['attack_statuses'])}): "
                   f"p95 of the other users' reruns on that replica {f2(r['same_during_p95'])} s "
                   f"during attacks (n={r['same_during_n']}) vs {f2(r['same_outside_p95'])} s "
                   f"outside; on the other replica {f2(r['other_during_p95'])} s during "
                   f"(n={r['other_during_n']}) vs {f2(r['other_outside_p95'])} s outside.\n")
    return md


DEPLOY_MARK = "## Through nginx, several replicas (bench/load.py --deploy)"
DEPLOY_TEXT = """
Simulated users as above, through nginx in front of `deploy/serve.py`'s replicas; "users" is
per run (the given number per replica). In the run with a replica killed, the victim is
SIGKILLed halfway; each session that loses its server reopens its link through nginx, as the
browser tab does (`gradviz/app/reconnect.py`), and is checked to show the same function and point.
"Reconnect" is from the lost connection to the page shown again; "back after the kill" from the
SIGKILL to the last session shown again. The supervisor restarts the killed replica meanwhile.

"""


def write_docs(md: str, mark: str, section: bool = False) -> None:
    """docs/load.md: the single-server report, then the through-nginx section; each kind of
    run rewrites only its own part."""
    path = C.ROOT / "docs" / "load.md"
    old = path.read_text() if path.exists() else ""
    head, _, tail = old.partition(mark)
    if section:
        path.write_text(head.rstrip() + "\n\n" + mark + "\n" + DEPLOY_TEXT + md.strip() + "\n")
    else:
        path.write_text(md.rstrip() + ("\n\n" + mark + tail if tail else "\n"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="10 s main run, short sweep")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--sweep", default=None, help="comma-separated user counts")
    ap.add_argument("--sweep-seconds", type=float, default=None)
    ap.add_argument("--no-sweep", action="store_true")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--no-docs", action="store_true", help="don't overwrite docs/load.md")
    ap.add_argument("--think", default="0.2,0.8", help="min,max seconds between actions")
    ap.add_argument("--attack", choices=("product", "hostile", *MISBEHAVE), default="product",
                    help="what the attacker does: types a product of 40 sines (default) or "
                         "issue 14's hostile texts; or issue 23's: 6 figure downloads at "
                         "once, a 20,000-event message, 30 sessions at once")
    ap.add_argument("--clients", action="store_true",
                    help="issue 23's hostile clients: the users without an attacker, then "
                         "with each --attack class of issue 23 in turn; its own docs section")
    ap.add_argument("--compare", action="store_true",
                    help="first run the same users without an attacker; report both p95")
    ap.add_argument("--drag", action="store_true",
                    help="students who drag the point in the live chart (one rerun per "
                         "gesture): --drag-users busy, then --lecture-users at a lecture's pace")
    ap.add_argument("--drag-users", default="20,40")
    ap.add_argument("--lecture-users", default="10,20,40,80,120")
    ap.add_argument("--gesture", default="0.5,1.5", help="min,max seconds of one drag")
    ap.add_argument("--lecture-think", default="3,8",
                    help="min,max seconds between two gestures at a lecture's pace")
    ap.add_argument("--deploy", default=None,
                    help="through nginx (deploy/serve.py): comma-separated replica counts, "
                         "--users users per replica, --seconds each")
    ap.add_argument("--kill", action="store_true",
                    help="with --deploy: also a run where one replica is SIGKILLed halfway")
    args = ap.parse_args(argv)
    seconds = args.seconds or (10.0 if args.quick else 60.0)
    sweep = [] if args.no_sweep else [int(x) for x in (
        args.sweep or ("1,5,10,20" if args.quick else "1,5,10,20,40")).split(",")]
    sweep_s = args.sweep_seconds or (6.0 if args.quick else 15.0)
    think = tuple(float(x) for x in args.think.split(","))
    if args.drag:
        return drag_main(args, args.seconds or 30.0, think)
    if args.clients:
        return clients_main(args, seconds, think)
    if args.deploy:
        runs = deploy_runs([int(x) for x in args.deploy.split(",")], args.users, seconds,
                           think, args.kill, args.attack)
        md = (f"Through nginx (deploy/serve.py), {args.users} users per replica, {seconds:g} s "
              f"each, think {think[0]:g}-{think[1]:g} s; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n\n"
              + deploy_markdown(runs, seconds))
        if len(runs) >= 2 and not runs[0]["killed"] and runs[0]["replicas"] == 1:
            two = next((r for r in runs if r["replicas"] == 2 and not r["killed"]), None)
            if two:
                md += (f"\n2 replicas / 1 replica: throughput × "
                       f"{two['reruns_per_s'] / runs[0]['reruns_per_s']:.2f}, p95 "
                       f"{f2(two['p95'])} s vs {f2(runs[0]['p95'])} s\n")
        C.write("load-deploy", {"runs": runs, "machine": C.machine()}, md)
        print(md)
        if not args.no_docs:
            write_docs((C.OUT / "load-deploy.md").read_text(), DEPLOY_MARK, section=True)
        return 0
    res: dict = {"machine": C.machine(), "think": think,
                 "budget_s": budget_seconds()}
    with C.Server() as server:
        warm(server.base)
        extra: dict = {}
        thread = None
        if not args.no_browser:
            thread = threading.Thread(target=browsers, args=(server.base, 2, 4, extra,
                                                             min(3.0, seconds / 4)))
            thread.start()
        if args.compare:
            print(f"baseline: {args.users} users × {seconds:g} s, no attacker ...", flush=True)
            res["baseline"] = load_run(server, args.users, seconds, think, attacker=False)
            print(C.table(HEAD, [row(res["baseline"])]), flush=True)
        print(f"main run: {args.users} users × {seconds:g} s, attacker: {args.attack} ...",
              flush=True)
        res["attack"] = args.attack
        res["main"] = load_run(server, args.users, seconds, think, attacker=True,
                               attack=args.attack)
        if args.attack == "downloads":
            res["render_memory"] = asyncio.run(render_memory(server.base, server.pid))
            print(res["render_memory"], flush=True)
        if args.compare:
            b, m = res["baseline"], res["main"]
            print(f"other users' p95 (user 0 left out of both runs): {f2(b['others_p95'])} s "
                  f"without the attacker, {f2(m['others_p95'])} s "
                  f"with ({args.attack}); overlapping an attack: p95 "
                  f"{f2(m['during_attack_p95'])} s, max {f2(m['during_attack_max'])} s; "
                  f"attacks answered after {m['attack_seconds']} s", flush=True)
        if thread is not None:
            thread.join(300)
            res["browsers"] = extra.get("browsers", [])
        print(C.table(HEAD, [row(res["main"])]), flush=True)
        res["sweep"] = []
        for n in sweep:
            print(f"sweep: {n} users × {sweep_s:g} s ...", flush=True)
            r = load_run(server, n, sweep_s, think, seed=n)
            res["sweep"].append(r)
            print(C.table(HEAD, [row(r)]), flush=True)
        left = kill_workers(server.pid)  # a runaway left by a hostile text must not outlive us
        if left:
            print(f"killed {left} process(es) the server had started", flush=True)
    md = markdown(res)
    C.write("load", res, md)
    if not args.no_docs:
        write_docs(md, DEPLOY_MARK)
    print(md)
    return 0


CLIENTS_MARK = "## Hostile clients (bench/load.py --clients)"


def clients_main(args, seconds: float, think) -> int:
    """The same users without an attacker, then with each of issue 23's attackers in turn;
    then the server's own memory around 12 distinct figures."""
    res: dict = {"machine": C.machine(), "think": think, "users": args.users,
                 "seconds": seconds, "runs": {}}
    with C.Server() as server:
        warm(server.base)
        for attack in ("none", *MISBEHAVE):
            print(f"{args.users} users × {seconds:g} s, attacker: {attack} ...", flush=True)
            res["runs"][attack] = load_run(server, args.users, seconds, think,
                                           attacker=attack != "none", attack=attack)
            print(C.table(HEAD, [row(res["runs"][attack])]), flush=True)
        res["render_memory"] = asyncio.run(render_memory(server.base, server.pid))
        kill_workers(server.pid)
    md = clients_markdown(res)
    C.write("load-clients", res, md)
    if not args.no_docs:
        write_section(md, CLIENTS_MARK)
    print(md)
    return 0


def clients_markdown(res: dict) -> str:
    rows = []
    for attack, r in res["runs"].items():
        hostile = attack != "none"
        rows.append([ATTACKS.get(attack, "none (the same users, no attacker)"),
                     r["attacks"] if hostile else "–",
                     ", ".join(f"{x:g}" for x in r["attack_seconds"]) if hostile else "–",
                     f"{r['attack_refusals']}" if hostile else "–",
                     f2(r["others_p50"]), f2(r["others_p95"]), f2(r["others_max"]),
                     f"{f2(r['during_attack_p95'])} (n={r['during_attack_n']})" if hostile else "–",
                     r["exceptions"] + r["wrong"],
                     f"{r['rss_start']:.0f} / {r['rss_max']:.0f} / {r['rss_end']:.0f}"])
    mem = res["render_memory"]
    answers = sorted({t for r in res["runs"].values() for t in r.get("attack_answers", [])})
    return "\n".join([
        CLIENTS_MARK + "\n",
        f"Issue 23's hostile clients, each in turn among {res['users']} users (as above: "
        f"think {res['think'][0]:g}-{res['think'][1]:g} s, point moves and typed functions) for "
        f"{res['seconds']:g} s; user 0 attacks every {ATTACK_EVERY:g} s. \"Others\" are the "
        "users 1… (the attacker's own reruns left out). One server, 127.0.0.1, the repository's "
        f"config; measured {res['machine']['date']} on {res['machine']['nproc']} cores shared "
        f"with other jobs (load average before: "
        f"{', '.join(f'{x:.1f}' for x in res['machine']['loadavg'])}).\n",
        C.table(["attacker", "attacks", "each over after, s", "requests refused",
                 "others' p50 s", "others' p95 s", "others' max s",
                 "others' p95 during an attack s", "exceptions + 'went wrong'",
                 "RSS MB start / max / end (with workers)"], rows),
        f"What the attacker was told: {answers or 'nothing'}.\n",
        f"The server process alone (RSS, workers left out) around {mem['made']} distinct figure "
        f"downloads (6 sessions, PNG and SVG): {mem['before']:.0f} MB before, "
        f"{mem['after']:.0f} MB right after, {mem['later']:.0f} MB 10 s later (figures are drawn "
        "in a worker; the server keeps at most 32 MB of them, `gradviz.budget.render`).\n"])


def drag_main(args, seconds: float, think) -> int:
    gesture = tuple(float(x) for x in args.gesture.split(","))
    lecture_think = tuple(float(x) for x in args.lecture_think.split(","))
    res: dict = {"machine": C.machine(), "gesture": gesture, "think": think,
                 "lecture_think": lecture_think}
    from release import FLOOR_RUNS, _floor  # the same floor as bench/release.py's

    with C.Server(C.BARE_APP) as bare:  # the floor, in the same run: a ratio compares boxes
        res["floor_cpu_ms"] = asyncio.run(_floor(bare.base, bare.pid, FLOOR_RUNS))
    with C.Server() as server:
        warm(server.base)
        res["busy"] = drag_runs(server, [int(x) for x in args.drag_users.split(",") if x],
                                seconds, think, gesture)
        res["lecture"] = drag_runs(server, [int(x) for x in args.lecture_users.split(",") if x],
                                   seconds, lecture_think, gesture)
    md = drag_markdown(res)
    C.write("load-drag", res, md)
    if not args.no_docs:
        write_section((C.OUT / "load-drag.md").read_text(), DRAG_MARK)
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
