"""Every picture's release: what the server sends back and the CPU it spends, page by page.

``bench/load.py --drag`` times many students dragging on one page (the gradient field);
this asks each picture of each page once at a time. One ``streamlit run`` server, one
simulated browser (``bench/loadclient.py``, Streamlit's websocket protocol) per page: open
the page, then for each picture (a scene with a view box) send ``MOVES`` releases of the
point at different places in its view, as the browser does when the hand lets go (the
picture's ``moved`` event). Reported per picture, medians over the releases: the messages
and kB the server sent back (and deflated, as its websocket compression sends them to a
browser), the server's CPU per release (the process and its workers, over all the
releases: its clock ticks at 10 ms), the run that
answered (a fragment: the page's part that holds the picture; or the whole page). Issue 24's targets per release: ≤ 10 kB and
≤ 15 ms of server CPU.

The CPU a rerun costs depends on the box as much as on the code (the same code spent 13.8 ms
a release on one of these 2-core boxes and 22 ms on another). So the run also measures the
floor: the bare one-slider app (``bench/bare_app.py``, the repository's config), ``FLOOR_RUNS``
reruns of its slider with the same simulated browser. Each picture's CPU is reported as a
ratio to that floor too, which compares across boxes.

Streamlit sends every element of the fragment a release reruns, changed or not. The run also
reports how much of a release changed (the run's own messages, and the elements that differ
from the previous release's at the same place): the least a release could send.

Usage: ``python bench/release.py [--pages a,b] [--moves N]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics

import _common as C
from load import cpu_seconds
from loadclient import ForwardMsg, Session

MOVES = 20
FLOOR_RUNS = 100  # the bare app's reruns: its ~5 ms each against a clock that ticks at 10 ms
KB, CPU_MS = 10.0, 15.0  # issue 24


def _pictures(s: Session) -> dict[str, list]:
    """The page's pictures that have a view to drop the point in: key → view box."""
    out = {}
    for key, w in s.widgets.items():
        if w.kind != "bidi" or not w.data:
            continue
        try:
            box = json.loads(w.data)["static"]["panels"][0]["box"]
        except (ValueError, KeyError, IndexError, TypeError):
            continue
        out[key] = box
    return out


def _recording(s: Session) -> list:
    """Record what each message of ``s`` is: (bytes, where it goes, its content)."""
    log: list = []
    read = s._read_one

    async def one(timeout):
        data, fm = await read(timeout)
        kind, held = fm.WhichOneof("type"), fm
        if kind == "ref_hash" and fm.ref_hash in s.cache:  # an element we hold, by reference
            held = ForwardMsg()
            held.ParseFromString(s.cache[fm.ref_hash])
        if held.WhichOneof("type") == "delta":  # where it goes: the reference's own place
            log.append((len(data), tuple(fm.metadata.delta_path),
                        held.delta.SerializeToString()))
        else:
            log.append((len(data), kind, b""))
        return data, fm

    s._read_one = one
    return log


def _changed(before: list, now: list) -> int:
    """Bytes of ``now`` that a release can't do without: the run's own messages (session,
    status, page info) and the elements that differ from the last release's at their place."""
    held = {where: content for _, where, content in before if isinstance(where, tuple)}
    return sum(n for n, where, content in now
               if not isinstance(where, tuple) or held.get(where) != content)


async def _page(base: str, pid: int, path: str, moves: int) -> dict:
    s = Session(base)
    try:
        await s.open(path.strip("/"))
        rows = {}
        log = _recording(s)
        for key, (xmin, xmax, ymin, ymax) in _pictures(s).items():
            runs, changed, last = [], [], None
            c0 = cpu_seconds(pid)  # over all the moves: the clock ticks at 10 ms
            for i in range(moves):
                t = (i + 1) / (moves + 1)
                drop = {"x": xmin + (xmax - xmin) * t, "y": ymin + (ymax - ymin) * (1 - t) * 0.9,
                        "seq": 1000 + i}
                log.clear()
                runs.append(await s.trigger(key, "moved", drop))
                if last is not None:
                    changed.append(_changed(last, log))
                last = list(log)
            cpu_ms = 1000 * (cpu_seconds(pid) - c0) / moves
            rows[key] = {
                "messages": statistics.median(r.messages for r in runs),
                "kb": statistics.median(r.bytes for r in runs) / 1000,
                "wire_kb": statistics.median(r.wire for r in runs) / 1000,
                "changed_kb": statistics.median(changed) / 1000 if changed else float("nan"),
                "cpu_ms": cpu_ms,
                "runs": sorted({r.status for r in runs}),
                "fragment": all(r.fragment for r in runs),
            }
        return rows
    finally:
        await s.close()


async def _floor(base: str, pid: int, runs: int) -> float:
    """Server CPU ms of one rerun of the bare app's slider (back and forth)."""
    s = Session(base)
    try:
        await s.open("")
        key = next(iter(s.widgets))
        for i in range(4):  # warm
            await s.rerun({key: 40 + i % 2})
        c0 = cpu_seconds(pid)
        for i in range(runs):
            await s.rerun({key: 40 + i % 2})
        return 1000 * (cpu_seconds(pid) - c0) / runs
    finally:
        await s.close()


def measure(pages: list[str] | None = None, moves: int = MOVES) -> dict:
    out = {}
    with C.Server(C.BARE_APP) as bare:
        floor = asyncio.run(_floor(bare.base, bare.pid, FLOOR_RUNS))
    with C.Server(C.ENTRY) as server:
        for name, path in C.selected_pages(pages).items():
            out[name] = asyncio.run(_page(server.base, server.pid, path, moves))
    return {"moves": moves, "floor_cpu_ms": floor, "pages": out}


def markdown(res: dict) -> str:
    rows = []
    floor = res["floor_cpu_ms"]
    for page, pictures in res["pages"].items():
        for key, r in pictures.items():
            met = r["kb"] <= KB and r["cpu_ms"] <= CPU_MS
            rows.append([page, f"`{key}`", f"{r['messages']:g}",
                         f"{r['kb']:.1f} ({r['wire_kb']:.1f})", f"{r['changed_kb']:.1f}",
                         f"{r['cpu_ms']:.1f} ({r['cpu_ms'] / floor:.1f}×)",
                         "its part" if r["fragment"] else "**the page**",
                         C.verdict(met)])
    return (f"Each picture's release, {res['moves']} per picture, one simulated browser "
            "(`bench/loadclient.py`) on a quiet server; medians. kB as sent (deflated, as "
            "the websocket compression sends them); server CPU of the process and its "
            "workers, over all of a picture's releases, and its ratio to the floor measured in "
            f"the same run: a rerun of the bare one-slider app's slider cost {floor:.1f} ms. "
            "*kB that changed*: the run's own messages (session, status, page info) and the "
            "elements that differ from the previous release's at their place: what a release "
            "would send if Streamlit sent only what changed. "
            f"Issue 24's targets: ≤ {KB:g} kB and ≤ {CPU_MS:g} ms a release.\n\n"
            + C.table(["page", "picture", "messages", "kB (deflated)", "kB that changed",
                       "server CPU ms (× bare)",
                       "rerun of", f"≤ {KB:g} kB, ≤ {CPU_MS:g} ms"],
                      rows))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default=None, help="comma-separated page names")
    ap.add_argument("--moves", type=int, default=MOVES)
    a = ap.parse_args(argv)
    res = measure(a.pages.split(",") if a.pages else None, a.moves)
    md = markdown(res)
    C.write("release", res, md)
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
