"""The whole class answers: questions asked from a view, one answer per browser, a store.

A *class* (a join code and a lecturer's secret) asks one question at a time, numbered 1, 2,
…: a page's prediction choices, or an angle (degrees counter-clockwise from +x). Each browser
(a random id; no sign-in) has one answer per question, changeable until the reveal. Only the
secret reveals, resets, moves on or closes; a class closes :data:`LIFETIME` s after its last
question. The :class:`Store` is SQLite, or Redis for replicas; bad input is :class:`Refused`
before it costs more than a counter. No Streamlit here (see ``gradviz/app/classroom.py``).

>>> q = Question("angle", "Which way does f increase fastest at p?", truth=45.0)
>>> tally(q, [40.0, 50.0, 225.0], revealed=True).right
2
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import secrets
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import formatting

__all__ = ["Question", "Room", "Tally", "Refused", "Store", "SQLiteStore", "RedisStore",
           "open_store", "normal_code", "parse_angle", "angle_question",
           "tally", "answer_text", "question_scene", "ALPHABET", "CODE_LENGTH", "WITHIN"]

#: join codes: no 0/O, 1/I/L (read from the back of a hall, typed on a phone)
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: 31⁷ ≈ 2.8·10¹⁰ codes: with 1,000 classes open, a browser guessing at its limit
#: (:data:`GUESSES`) finds one in about 50 years, and a script with a new browser id for
#: each guess, as fast as a replica answers (~30 a second), in about 11 days
CODE_LENGTH = 7
LIFETIME = 4 * 3600.0  # s a class stays open after its last question
WITHIN = 15.0  # degrees: an angle this close to the truth counts as right
SECTOR = 15  # degrees per bar of the rose
ANSWERS = (5, 1.0)  # (answers, s) per browser: a finger is slower, a script is refused
GUESSES = {"browser": (10, 600.0), "address": (200, 600.0)}  # wrong codes, (count, s)
CLASSES = (200, 3600.0)  # new classes per address (a hall behind NAT is one), (count, s)
BROWSER = re.compile(r"[A-Za-z0-9_-]{16,64}")  # a browser's id, as its page makes it


class Refused(ValueError):
    """A request turned down; ``str(err)`` is the sentence to show to the person."""


@dataclass(frozen=True)
class Question:
    """One question: its choices (none for an angle), ``truth`` (the right choice's index, or
    the direction in degrees) and ``view``, the link's f, p, d on ``page``."""

    kind: str  # "choice" | "angle"
    prompt: str
    options: tuple[str, ...] = ()
    truth: float = 0.0
    why: str = ""
    page: str = ""
    view: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Question:
        d = json.loads(text)
        return cls(**{**d, "options": tuple(d.get("options", ()))})

    def check(self, value) -> float:
        """The answer as stored (a float), or :class:`Refused` saying what is wrong."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                not math.isfinite(value):
            raise Refused("An answer is a number (an angle, or a choice).")
        if self.kind == "angle":
            if not 0 <= value < 360:
                raise Refused(f"The angle must be at least 0° and less than 360° "
                              f"(you sent {formatting.angle(value)}).")
        elif value != int(value) or not 0 <= value < len(self.options):
            raise Refused("Pick one of the choices shown.")
        return float(value)

    def is_right(self, value: float) -> bool:
        """Whether an answer is right: the choice, or within :data:`WITHIN`° of the truth."""
        if self.kind == "angle":
            return angle_between(value, self.truth) <= WITHIN
        return int(value) == int(self.truth)


@dataclass(frozen=True)
class Room:
    """A class as stored: its current question ``n`` and that question's state."""

    code: str
    n: int
    state: str  # "open" | "revealed" | "waiting" (for the next question) | "closed"
    question: Question


@dataclass(frozen=True)
class Tally:
    """The answers to one question: ``count``; ``bins`` per choice or per :data:`SECTOR`° of
    angle (from 0° counter-clockwise); ``right`` (:meth:`Question.is_right`) once revealed."""

    count: int
    bins: tuple[int, ...]
    right: int | None


def tally(q: Question, values, revealed: bool = False) -> Tally:
    """Count the answers.

    >>> tally(Question("choice", "?", ("a", "b", "c"), truth=1), [1, 1, 2]).bins
    (0, 2, 1)
    >>> t = tally(Question("angle", "?", truth=350.0), [355.0, 5.0, 180.0], revealed=True)
    >>> t.bins[23], t.bins[0], t.bins[12], t.right
    (1, 1, 1, 2)
    """
    values = [float(v) for v in values]
    angle = q.kind == "angle"
    bins = [0] * (360 // SECTOR if angle else len(q.options))
    for v in values:
        bins[int(v // SECTOR) % len(bins) if angle else int(v)] += 1
    right = sum(q.is_right(v) for v in values) if revealed else None
    return Tally(len(values), tuple(bins), right)


def angle_between(a: float, b: float) -> float:
    """The unsigned difference of two directions in degrees, in [0, 180].

    >>> angle_between(350, 10), angle_between(90, 270)
    (20.0, 180.0)
    """
    return abs((float(a) - float(b) + 180.0) % 360.0 - 180.0)


def answer_text(q: Question, value: float) -> str:
    """An answer as the person reads it: the choice, or the angle.

    >>> answer_text(Question("angle", "?"), 135.0)
    '135°'
    """
    return q.options[int(value)] if q.kind == "choice" else formatting.angle(value)


def parse_angle(text) -> float:
    """A typed angle in degrees: ``135``, ``135°``, ``135 deg``; :class:`Refused` otherwise.

    >>> parse_angle(" 22.5° ")
    22.5
    >>> parse_angle("360")
    Traceback (most recent call last):
    ...
    gradviz.classroom.Refused: The angle must be at least 0° and less than 360° (you sent 360°).
    """
    t = str(text).strip().lower().removesuffix("degrees").removesuffix("deg").strip()
    t = t.removesuffix("°").strip()
    if len(t) > 24 or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", t):
        raise Refused("Type the angle as a number of degrees, like 135.")
    return Question("angle", "").check(float(t))


def normal_code(text) -> str | None:
    """A join code as typed (any case, spaces or dashes), or None if it can't be one.

    >>> normal_code(" k7mq-2xp "), normal_code("K7MQ2X0")
    ('K7MQ2XP', None)
    """
    code = re.sub(r"[\s-]", "", str(text or ""))[:32].upper()
    ok = len(code) == CODE_LENGTH and all(c in ALPHABET for c in code)
    return code if ok else None


# -- questions from a view -----------------------------------------------------------------------
def direction(u: float, v: float) -> float | None:
    """The direction of (u, v) in degrees in [0, 360), None when it has none.

    >>> direction(0.0, -2.0), direction(0.0, 0.0)
    (270.0, None)
    """
    if not (math.isfinite(u) and math.isfinite(v)) or math.hypot(u, v) < 1e-12:
        return None
    return math.degrees(math.atan2(v, u)) % 360.0


def angle_question(f, point, page: str, view: dict) -> Question:
    """"Which way does f increase fastest at p?" (∇f's direction, a scalar f of 2
    variables), or "which way does F(p) point?" (a field F: R² → R²).

    >>> import gradviz
    >>> angle_question(gradviz.parse("x + y"), (1, 2), "gradient-field", {}).truth
    45.0
    """
    from .calculus import derivatives_at

    p = tuple(float(c) for c in point)
    if f.n != 2 or f.shape not in ((), (2,)):
        raise Refused("The angle question needs f(x, y) with one value, or a field "
                      "[P(x, y), Q(x, y)]: this f has another shape.")
    if f.is_scalar:
        at = derivatives_at(f, p)
        u, v = at.grad[:2] if at.differentiable else (math.nan, math.nan)
        prompt, why = "Which way does f increase fastest at p?", "the direction of ∇f(p)"
        none = ("At this p, f has no direction of fastest increase (∇f(p) is 0 or not "
                "defined): move p and ask again.")
    else:
        u, v = (float(c) for c in f(*p))
        prompt, why = "Which way does the arrow F(p) point?", "the direction of F(p)"
        none = "F(p) is 0 or not defined here, so it points nowhere: move p."
    truth = direction(u, v)
    if truth is None:
        raise Refused(none)
    return Question("angle", prompt, truth=truth, why=why, page=page, view=view)


def question_scene(q: Question, f, domain, point, *, student: bool = False,
                   revealed: bool = False):
    """The question's scene: f's map (|F|'s for a field), contours and p (which never moves);
    for an angle, a ``student``'s arrow (turned by hand until the reveal) and, once
    ``revealed``, the truth's (∇f(p) or F(p)).

    >>> import gradviz
    >>> from gradviz.domain import Domain
    >>> s = question_scene(Question("angle", "?"), gradviz.parse("x*y"), Domain.square(-1, 1),
    ...                    (0.5, 0.5), student=True, revealed=True)
    >>> [layer.type for layer in s.panels[0].layers], sorted(s.functions)
    (['heatmap', 'contours', 'answer', 'vector', 'marker'], ['f', 'grad'])
    """
    from . import scene as sc
    from .calculus import gradient, norm

    angle = q.kind == "angle"
    if f.is_scalar:
        fns, truth, label = {"f": f}, "grad", "∇f"
        if angle and revealed:
            fns["grad"] = gradient(f)
    else:
        fns, truth, label = {"f": norm(f), "F": f}, "F", "F(p)"
    layers = [sc.Heatmap(label="f" if f.is_scalar else "|F|"), sc.Contours(8),
              # a page's own question may speak of the level curve through p (never drawn for
              # the angle question: it would give the answer away)
              *([sc.LevelCurve()] if f.is_scalar and not angle else []),
              *([sc.Answer(length=0.3)] if angle and student else []),
              *([sc.Vector(truth, label=label, length=0.3, name="truth")]
                if angle and revealed else []),
              sc.Marker()]
    hand = "answer" if angle and student and not revealed else ""
    name = "f" if f.is_scalar else "F"
    return sc.Scene("class_question", f"{name} = {q.view.get('f', '')}"[:80], fns,
                    [sc.Map(domain, layers, n=50, size=340, hand=hand)], point=tuple(point),
                    alt=f"{q.prompt} The map of {name} around p.")


# -- the store -------------------------------------------------------------------------------------
def _hash(secret: str) -> str:
    return hashlib.sha256(str(secret).encode()).hexdigest()


def _transition(rec: dict | None, secret: str, action: str, now: float,
                question: Question | None = None) -> dict:
    """What a lecturer's ``action`` changes in a class record (:class:`Refused` if not
    allowed): reveal, reset (answers cleared), next (wait for the next question), close, ask."""
    if rec is None or float(rec["expires"]) <= now:
        raise Refused("This class has ended (or never existed).")
    if not secrets.compare_digest(str(rec["secret"]), _hash(secret)):
        raise Refused("Only the lecturer's browser can do this: its key doesn't match.")
    if rec["state"] == "closed":
        raise Refused("This class is closed.")
    if action == "ask":
        return {"n": int(rec["n"]) + 1, "state": "open", "question": question.to_json(),
                "expires": now + LIFETIME}
    new = {"reveal": "revealed", "reset": "open", "next": "waiting", "close": "closed"}.get(action)
    if new is None:
        raise Refused(f"Unknown action {action!r}.")
    if action == "reveal" and rec["state"] != "open":
        raise Refused("There is no open question to reveal.")
    return {"state": new}


class Store:
    """The rules of a class over a few primitives each back-end writes (:meth:`_read`,
    :meth:`_write`, :meth:`_put`, :meth:`_count`, :meth:`answers`)."""

    def create(self, question: Question, now: float | None = None,
               address: str = "?") -> tuple[str, str]:
        """A new class asking ``question``: ``(code, secret)`` (:data:`CLASSES` per address)."""
        now = time.time() if now is None else now
        if self._count(f"create:{str(address)[:64]}", CLASSES[1], 1, now) > CLASSES[0]:
            raise Refused("Too many new classes from this network: ask in the class that is "
                          "open, or wait an hour.")
        secret = secrets.token_urlsafe(18)
        rec = {"n": 1, "state": "open", "secret": _hash(secret), "expires": now + LIFETIME,
               "question": question.to_json()}
        for _ in range(20):
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            if self._put(code, rec, now):
                return code, secret
        raise RuntimeError("no free join code")  # pragma: no cover - 2.8e10 codes

    def room(self, code: str, now: float | None = None) -> Room | None:
        """The class with this (normalised) code, None if none; an expired one reads as closed."""
        now = time.time() if now is None else now
        rec = self._read(code)
        if rec is None:
            return None
        state = rec["state"] if float(rec["expires"]) > now else "closed"
        return Room(code, int(rec["n"]), state, Question.from_json(rec["question"]))

    def owns(self, code: str, secret) -> bool:
        """Is ``secret`` the lecturer's key of the class ``code``?"""
        rec = self._read(code) if isinstance(secret, str) and len(secret) <= 64 else None
        return rec is not None and secrets.compare_digest(str(rec["secret"]), _hash(secret))

    def join(self, text, browser: str, address: str, now: float | None = None) -> Room:
        """The class a student's code opens. Wrong codes are counted per browser and per
        address (:data:`GUESSES`): a browser over its limit is refused without a look-up; an
        address over its limit still gets its right codes (a script in a hall behind one NAT
        address, a new browser id each guess, would lock every student out), and its wrong
        ones are refused as too many."""
        code = normal_code(text)
        if code is None:
            raise Refused(f"A class code has {CODE_LENGTH} letters and digits, like "
                          "K7MQ2XP: check the link or the code on the screen.")
        now = time.time() if now is None else now
        who = {"browser": _browser(browser), "address": str(address or "?")[:64]}

        def too_many(kind, add=0):
            limit, window = GUESSES[kind]
            if self._count(f"guess:{kind}:{who[kind]}", window, add, now) >= limit + add:
                raise Refused(f"Too many wrong codes from this {kind}: wait "
                              f"{int(window // 60)} minutes, then try again.")

        too_many("browser")
        room = self.room(code, now)
        if room is None:
            self._count(f"guess:browser:{who['browser']}", GUESSES["browser"][1], 1, now)
            too_many("address", 1)
            raise Refused(f"No class has the code {code}: check it on the screen.")
        return room

    def answer(self, code: str, n: int, browser: str, value, now: float | None = None) -> float:
        """Keep ``browser``'s answer to question ``n`` (replacing any earlier one); the stored
        value, or :class:`Refused`."""
        now = time.time() if now is None else now
        browser = _browser(browser)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Refused("An answer is a number (an angle, or a choice).")
        limit, window = ANSWERS
        if self._count(f"answer:{browser}", window, 1, now) > limit:
            raise Refused("Too many answers at once: wait a second and send it again "
                          "(your last saved answer counts).")
        return self._write(code, n, browser, value, now)

    def control(self, code: str, secret: str, action: str, question: Question | None = None,
                now: float | None = None) -> Room:
        """The lecturer's ``action`` (see :func:`_transition`); the class afterwards."""
        now = time.time() if now is None else now
        if not isinstance(secret, str) or len(secret) > 64:
            raise Refused("Only the lecturer's browser can do this: its key doesn't match.")
        self._change(code, lambda rec: _transition(rec, secret, action, now, question))
        return self.room(code, now)

    @staticmethod
    def _take(rec: dict | None, n: int, value, now: float) -> float:
        """``value`` as stored, if the class ``rec`` takes an answer to question ``n`` now."""
        if rec is None or float(rec["expires"]) <= now or rec["state"] == "closed":
            raise Refused("This class has ended: answers are no longer taken.")
        if int(rec["n"]) != n or rec["state"] == "waiting":
            raise Refused("The lecturer has moved on from this question.")
        if rec["state"] == "revealed":
            raise Refused("The answer has been revealed: answers to this question are closed.")
        return Question.from_json(rec["question"]).check(value)


def _browser(browser) -> str:
    if not isinstance(browser, str) or not BROWSER.fullmatch(browser):
        raise Refused("This browser has no answer id yet: reload the page.")
    return browser


class SQLiteStore(Store):
    """The store in one SQLite file (WAL: readers never wait; one short write transaction
    per change; safe across threads and processes on one machine)."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS rooms(code TEXT PRIMARY KEY, n INTEGER, state TEXT, secret TEXT,
        expires REAL, question TEXT);
    CREATE TABLE IF NOT EXISTS answers(code TEXT, n INTEGER, browser TEXT, value REAL,
        PRIMARY KEY(code, n, browser)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS hits(key TEXT PRIMARY KEY, win INTEGER, count INTEGER) WITHOUT ROWID;
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._db().executescript(self.SCHEMA)

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a killed process loses nothing committed
            self._local.db = db
        return db

    @contextlib.contextmanager
    def _tx(self):
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _read(self, code: str, db=None) -> dict | None:
        row = (db or self._db()).execute(
            "SELECT n, state, secret, expires, question FROM rooms WHERE code = ?", (code,)
        ).fetchone()
        return None if row is None else dict(zip(("n", "state", "secret", "expires", "question"),
                                                 row, strict=True))

    def _put(self, code: str, rec: dict, now: float) -> bool:
        with self._tx() as db:
            gone = (now - 86400,)  # a day after they ended
            db.execute("DELETE FROM answers WHERE code IN (SELECT code FROM rooms WHERE "
                       "expires < ?)", gone)
            db.execute("DELETE FROM rooms WHERE expires < ?", gone)
            db.execute("DELETE FROM hits WHERE win < ?", (now - 3600,))
            return db.execute("INSERT OR IGNORE INTO rooms VALUES (:code, :n, :state, :secret, "
                              ":expires, :question)", {"code": code, **rec}).rowcount == 1

    def _change(self, code: str, change) -> None:
        with self._tx() as db:
            rec = self._read(code, db)
            new = change(rec)
            db.execute("UPDATE rooms SET " + ", ".join(f"{k} = ?" for k in new) +
                       " WHERE code = ?", (*new.values(), code))
            if new.get("state") == "open" and "n" not in new:  # reset: the answers go
                db.execute("DELETE FROM answers WHERE code = ? AND n = ?", (code, rec["n"]))

    def _write(self, code: str, n: int, browser: str, value, now: float) -> float:
        with self._tx() as db:
            value = self._take(self._read(code, db), n, value, now)
            db.execute("INSERT INTO answers VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE "
                       "SET value = excluded.value", (code, n, browser, value))
        return value

    def answers(self, code: str, n: int, browser: str | None = None) -> dict[str, float]:
        """``{browser: answer}`` to question ``n`` (only ``browser``'s when given)."""
        sql, args = "SELECT browser, value FROM answers WHERE code = ? AND n = ?", (code, n)
        if browser is not None:
            sql, args = sql + " AND browser = ?", (*args, browser)
        return dict(self._db().execute(sql, args).fetchall())

    def _count(self, key: str, window: float, add: int, now: float) -> int:
        """Hits of ``key`` in the window of ``window`` s holding ``now``, after adding ``add``."""
        win = int(now // window * window)
        if not add:
            row = self._db().execute("SELECT count FROM hits WHERE key = ? AND win = ?",
                                     (key, win)).fetchone()
            return row[0] if row else 0
        return self._db().execute(
            "INSERT INTO hits VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET count = CASE WHEN "
            "win = excluded.win THEN count + excluded.count ELSE excluded.count END, "
            "win = excluded.win RETURNING count", (key, win, add)).fetchone()[0]


class RedisStore(Store):
    """The store in Redis (``GRADVIZ_STORE=redis://host:port/db``), for replicas: a class
    is a hash, its answers one hash per question; an answer is written only if the class
    did not change since it was read (WATCH/MULTI), so none lands after the reveal."""

    def __init__(self, url: str, prefix: str = "gv:"):
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=3,
                                          decode_responses=True, health_check_interval=30)
        self.prefix, self._watch_error = prefix, redis.WatchError

    def _key(self, *parts) -> str:
        return self.prefix + ":".join(str(p) for p in parts)

    def _read(self, code: str, r=None) -> dict | None:
        return (r or self.redis).hgetall(self._key("room", code)) or None

    def _put(self, code: str, rec: dict, now: float) -> bool:
        def body(pipe, old):
            if old is None:
                pipe.multi()
                pipe.hset(self._key("room", code), mapping=rec)
                pipe.expireat(self._key("room", code), int(rec["expires"]) + 86400)
            return old is None
        return self._atomic(code, body)

    def _atomic(self, code: str, body):
        """``body(pipe, rec)`` with the class read under WATCH (retried if it changed)."""
        key = self._key("room", code)
        with self.redis.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    out = body(pipe, self._read(code, pipe))
                    if pipe.explicit_transaction:  # body queued a change (MULTI)
                        pipe.execute()
                    return out
                except self._watch_error:
                    continue

    def _change(self, code: str, change) -> None:
        def body(pipe, rec):
            new = change(rec)
            pipe.multi()
            pipe.hset(self._key("room", code), mapping=new)
            if "expires" in new:
                pipe.expireat(self._key("room", code), int(new["expires"]) + 86400)
            if new.get("state") == "open" and "n" not in new:
                pipe.delete(self._key("answers", code, rec["n"]))
        self._atomic(code, body)

    def _write(self, code: str, n: int, browser: str, value, now: float) -> float:
        def body(pipe, rec):
            v = self._take(rec, n, value, now)
            pipe.multi()
            pipe.hset(self._key("answers", code, n), browser, repr(v))
            pipe.expireat(self._key("answers", code, n), int(float(rec["expires"])) + 86400)
            return v
        return self._atomic(code, body)

    def answers(self, code: str, n: int, browser: str | None = None) -> dict[str, float]:
        key = self._key("answers", code, n)
        if browser is not None:
            v = self.redis.hget(key, browser)
            return {} if v is None else {browser: float(v)}
        return {b: float(v) for b, v in self.redis.hgetall(key).items()}

    def _count(self, key: str, window: float, add: int, now: float) -> int:
        k = self._key("hit", key, int(now // window * window))
        if not add:
            return int(self.redis.get(k) or 0)
        with self.redis.pipeline() as pipe:  # MULTI: the count and its expiry together
            count, _ = pipe.incrby(k, add).expire(k, int(window) + 1).execute()
        return int(count)


def open_store(url: str | None = None) -> Store:
    """The store ``url`` names (default: ``$GRADVIZ_STORE``): ``redis://…`` or
    ``rediss://…`` for Redis, ``sqlite:///path/to/file``, or nothing for
    ``classroom.sqlite3`` in ``$GRADVIZ_DATA`` (default ``./data``)."""
    url = url if url is not None else os.environ.get("GRADVIZ_STORE", "")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url)
    if url.startswith("sqlite:///"):
        return SQLiteStore(url.removeprefix("sqlite:///"))
    if url:
        raise ValueError(f"GRADVIZ_STORE must be redis://… or sqlite:///… (got {url[:40]!r})")
    return SQLiteStore(Path(os.environ.get("GRADVIZ_DATA") or "data") / "classroom.sqlite3")
