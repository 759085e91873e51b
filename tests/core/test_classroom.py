"""The class store (gradviz/classroom.py) on both back-ends: SQLite in a temporary folder and a
real redis-server started by the fixture. Expected values worked out by hand."""

from __future__ import annotations

import math
import multiprocessing
import secrets
import threading
import time

import pytest

import gradviz
from gradviz import classroom as cr
from gradviz.classroom import Question, Refused
from tests.redis_server import redis_url

ANGLE = Question("angle", "Which way does f increase fastest at p?", truth=56.30993247402022,
                 page="gradient-field", view={"f": "x^2 + 3y", "p": "1,2", "d": "0,4,0,4"})
CHOICE = Question("choice", "How does ∇f sit against the level curve?",
                  ("along it", "perpendicular to it", "at 45°"), truth=1, page="gradient-field")


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with redis_url(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return cr.SQLiteStore(tmp_path / "data" / "classroom.sqlite3")
    s = cr.RedisStore(request.getfixturevalue("redis_server"),
                      prefix=f"t{secrets.token_hex(4)}:")  # each test its own keys
    return s


def bid() -> str:
    return secrets.token_urlsafe(16)


def test_a_new_class_has_a_code_from_the_alphabet_and_its_question(store):
    """Test that a class gets a 7-character code of the unambiguous alphabet and keeps its
    question exactly; the secret is not stored (only its hash)."""
    code, secret = store.create(ANGLE)
    assert len(code) == 7 and set(code) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    room = store.room(code)
    assert (room.n, room.state, room.question) == (1, "open", ANGLE)
    assert secret not in str(store._read(code))
    assert store.room("K7MQ2XP" if code != "K7MQ2XP" else "K7MQ2XQ") is None


def test_one_answer_per_browser_the_last_counts(store):
    """Test that a browser's second answer replaces its first, and each browser counts once."""
    code, _ = store.create(ANGLE)
    a, b = bid(), bid()
    store.answer(code, 1, a, 10.0)
    store.answer(code, 1, b, 200)
    store.answer(code, 1, a, 55.5)
    assert store.answers(code, 1) == {a: 55.5, b: 200.0}
    assert store.answers(code, 1, a) == {a: 55.5}
    assert store.answers(code, 1, bid()) == {}


@pytest.mark.parametrize("value", [360, 360.0, -0.001, 1e9, math.nan, math.inf, -math.inf])
def test_angles_outside_0_360_are_refused(store, value):
    """Test that an angle outside [0, 360) or not finite is refused and nothing is stored."""
    code, _ = store.create(ANGLE)
    with pytest.raises(Refused):
        store.answer(code, 1, bid(), value)
    assert store.answers(code, 1) == {}


@pytest.mark.parametrize("value", ["90", None, True, [1], 1.5, 3, -1])
def test_malformed_values_are_refused(store, value):
    """Test that text, None, booleans, lists and choices that don't exist are refused."""
    code, _ = store.create(CHOICE)
    with pytest.raises(Refused):
        store.answer(code, 1, bid(), value)
    assert store.answers(code, 1) == {}


@pytest.mark.parametrize("browser", ["", "short", "x" * 65, "a b c d e f g h i j", None, 7])
def test_browser_ids_that_are_not_ours_are_refused(store, browser):
    code, _ = store.create(ANGLE)
    with pytest.raises(Refused, match="reload"):
        store.answer(code, 1, browser, 90.0)


def test_a_thousand_answers_a_second_from_one_browser_are_rate_limited(store):
    """Test that a burst of 1,000 answers from one browser keeps at most 5 a second, the last
    kept one counts, and another browser answers meanwhile."""
    now = float(int(time.time()))  # the start of a one-second window
    code, _ = store.create(ANGLE, now=now)
    me, other = bid(), bid()
    kept = []
    for i in range(1000):
        try:
            kept.append(store.answer(code, 1, me, float(i % 360), now=now + i / 1000))
        except Refused as err:
            assert "Too many answers" in str(err)
    assert kept == [0.0, 1.0, 2.0, 3.0, 4.0]  # 5 in the one-second window
    assert store.answers(code, 1, me) == {me: 4.0}
    store.answer(code, 1, other, 5.0, now=now + 0.999)
    assert store.answers(code, 1, other) == {other: 5.0}


def test_wrong_codes_are_limited_per_browser_then_per_address(store):
    """Test that 10 wrong codes stop that browser (even with the right code), not its
    neighbours; 200 wrong codes from one address (each from a new browser id: a script)
    stop the address's wrong codes, but never a student's right code (one script in a hall
    behind NAT locked the whole hall out for 10 minutes)."""
    code, _ = store.create(ANGLE)
    wrong = "K7MQ2XP" if code != "K7MQ2XP" else "K7MQ2XQ"
    guesser, now = bid(), time.time() // 600 * 600  # the start of a 10-minute window
    for _ in range(10):
        with pytest.raises(Refused, match="No class has the code"):
            store.join(wrong, guesser, "10.0.0.1", now)
    with pytest.raises(Refused, match="Too many wrong codes from this browser"):
        store.join(code, guesser, "10.0.0.1", now)
    assert store.join(code, guesser, "10.0.0.1", now + 600).code == code  # the next window
    assert store.join(code, bid(), "10.0.0.1", now).code == code  # the hall behind one NAT
    for _ in range(200):
        with pytest.raises(Refused, match="No class has the code"):
            store.join(wrong, bid(), "10.0.0.2", now)
    for _ in range(3):
        with pytest.raises(Refused, match="Too many wrong codes from this address"):
            store.join(wrong, bid(), "10.0.0.2", now)
    assert store.join(code, bid(), "10.0.0.2", now).code == code  # the hall still joins
    assert store.join(code.lower()[:3] + "-" + code[3:], bid(), "10.0.0.3", now).code == code


def test_malformed_codes_and_over_limit_guesses_never_reach_the_store(store, monkeypatch):
    """Test that a code that can't be one, or a guess over the limit, is refused before any
    look-up of a class."""
    def boom(*a, **k):
        raise AssertionError("the store was asked")

    monkeypatch.setattr(store, "_read", boom)
    for text in ["", "ABC", "K7MQ2X0", "<script>", "A" * 10_000, None]:
        with pytest.raises(Refused, match="7 letters and digits"):
            store.join(text, bid(), "10.0.0.4")
    guesser = bid()
    for _ in range(10):
        store._count(f"guess:browser:{guesser}", cr.GUESSES["browser"][1], 1, time.time())
    with pytest.raises(Refused, match="Too many"):
        store.join("K7MQ2XP", guesser, "10.0.0.5", time.time())


def test_new_classes_are_limited_per_address(store, monkeypatch):
    """Test that one address can't fill the store with classes (a hall's lecturers are far
    below the limit), while another address still can open one."""
    monkeypatch.setattr(cr, "CLASSES", (3, 3600.0))
    now = time.time() // 3600 * 3600
    for _ in range(3):
        store.create(ANGLE, now=now, address="10.1.1.1")
    with pytest.raises(Refused, match="Too many new classes"):
        store.create(ANGLE, now=now, address="10.1.1.1")
    assert store.create(ANGLE, now=now, address="10.1.1.2")


def test_only_the_secret_controls_a_class(store):
    """Test that a forged or missing secret can't reveal, reset or close, and changes nothing."""
    code, secret = store.create(ANGLE)
    store.answer(code, 1, bid(), 50.0)
    for forged in ["", "x", secret[:-1], secret + "x", secret.upper(), "y" * 10_000, None]:
        for action in ("reveal", "reset", "next", "close"):
            with pytest.raises(Refused, match="lecturer's browser"):
                store.control(code, forged, action)
    assert store.room(code).state == "open" and len(store.answers(code, 1)) == 1
    with pytest.raises(Refused):
        store.control("K7MQ2XP" if code != "K7MQ2XP" else "K7MQ2XQ", secret, "reveal")


def test_reveal_closes_answers_reset_clears_next_asks_again_close_ends(store):
    """Test the lecturer's actions: reveal stops answers, reset clears them and reopens,
    next waits, ask opens question 2 (question 1's answers kept), close ends the class."""
    code, secret = store.create(ANGLE)
    a = bid()
    store.answer(code, 1, a, 50.0)
    assert store.control(code, secret, "reveal").state == "revealed"
    with pytest.raises(Refused, match="revealed"):
        store.answer(code, 1, bid(), 60.0)
    assert store.control(code, secret, "reset").state == "open"
    assert store.answers(code, 1) == {}
    store.answer(code, 1, a, 70.0)
    assert store.control(code, secret, "next").state == "waiting"
    with pytest.raises(Refused, match="moved on"):
        store.answer(code, 1, a, 71.0)
    room = store.control(code, secret, "ask", CHOICE)
    assert (room.n, room.state, room.question) == (2, "open", CHOICE)
    with pytest.raises(Refused, match="moved on"):
        store.answer(code, 1, bid(), 72.0)
    store.answer(code, 2, a, 1, now=time.time() + 1)  # a's sixth answer: the next second
    assert store.answers(code, 1) == {a: 70.0} and store.answers(code, 2) == {a: 1.0}
    assert store.control(code, secret, "close").state == "closed"
    with pytest.raises(Refused, match="ended"):
        store.answer(code, 2, bid(), 0)
    with pytest.raises(Refused, match="closed"):
        store.control(code, secret, "reveal")


def test_a_class_closes_itself_after_its_lifetime(store):
    now = time.time()
    code, secret = store.create(ANGLE, now=now)
    later = now + cr.LIFETIME + 1
    assert store.room(code, now=now + cr.LIFETIME - 1).state == "open"
    assert store.room(code, now=later).state == "closed"
    with pytest.raises(Refused, match="ended"):
        store.answer(code, 1, bid(), 5.0, now=later)
    with pytest.raises(Refused, match="ended"):
        store.control(code, secret, "reveal", now=later)


def test_answers_from_many_threads_all_land_and_none_after_the_reveal(store):
    """Test 8 threads × 40 browsers answering at once: 320 answers kept; then answers racing
    a reveal: every answer whose call returned is counted, none is kept after it."""
    code, secret = store.create(ANGLE)
    ids = [[bid() for _ in range(40)] for _ in range(8)]

    def run(group):
        for i, b in enumerate(group):
            store.answer(code, 1, b, float(i))

    threads = [threading.Thread(target=run, args=(g,)) for g in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.answers(code, 1)) == 320

    code, secret = store.create(ANGLE)
    taken, stop = [], threading.Event()

    def racer():
        while not stop.is_set():
            b = bid()
            try:
                store.answer(code, 1, b, 1.0)
                taken.append(b)
            except Refused:
                return

    threads = [threading.Thread(target=racer) for _ in range(4)]
    for t in threads:
        t.start()
    while len(taken) < 20:
        threading.Event().wait(0.005)
    store.control(code, secret, "reveal")
    stop.set()
    for t in threads:
        t.join()
    assert set(store.answers(code, 1)) == set(taken)


def _answer_in_process(url: str, code: str, n: int) -> int:
    store = cr.open_store(url)
    for _ in range(n):
        store.answer(code, 1, secrets.token_urlsafe(16), 90.0)
    return n


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_several_server_processes_share_one_store(backend, request, tmp_path):
    """Test that 3 processes (replicas) answering at once into one store lose nothing."""
    url = (f"sqlite:///{tmp_path / 'classroom.sqlite3'}" if backend == "sqlite"
           else request.getfixturevalue("redis_server"))
    store = cr.open_store(url)
    code, _ = store.create(ANGLE)
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        done = pool.starmap(_answer_in_process, [(url, code, 60)] * 3)
    assert sum(done) == 180 and len(store.answers(code, 1)) == 180


def test_sqlite_answers_survive_a_new_process_and_the_folder_is_made_on_demand(tmp_path,
                                                                               monkeypatch):
    """Test that the default store is a file in $GRADVIZ_DATA (made when first opened), and
    a store opened again on it has every answer."""
    monkeypatch.setenv("GRADVIZ_DATA", str(tmp_path / "class data"))
    monkeypatch.delenv("GRADVIZ_STORE", raising=False)
    assert not (tmp_path / "class data").exists()
    store = cr.open_store()
    code, _ = store.create(ANGLE)
    b = bid()
    store.answer(code, 1, b, 123.0)
    assert (tmp_path / "class data" / "classroom.sqlite3").exists()
    assert cr.open_store().answers(code, 1) == {b: 123.0}
    with pytest.raises(ValueError, match="GRADVIZ_STORE"):
        cr.open_store("postgres://x")


# -- the rules -----------------------------------------------------------------------------------
def test_the_angle_question_is_the_gradient_direction():
    """Test the truth by hand: ∇(x² + 3y) at (1, 2) = (2, 3), atan2(3, 2) = 56.3099°;
    F = [−y, x] at (1, 0) = (0, 1), 90°; ∇(x² + y²) at the origin is 0: refused;
    |x| + |y| at (0, 1) has a corner: refused."""
    q = cr.angle_question(gradviz.parse("x^2 + 3y"), (1, 2), "gradient-field", {"p": "1,2"})
    assert q.kind == "angle" and q.truth == pytest.approx(56.309932474)
    assert cr.angle_question(gradviz.parse("[-y, x]"), (1, 0), "vector-fields", {}).truth == \
        pytest.approx(90.0)
    assert cr.angle_question(gradviz.parse("x - y"), (0, 0), "", {}).truth == pytest.approx(315.0)
    for text, p in [("x^2 + y^2", (0, 0)), ("|x| + |y|", (0, 1)), ("[x, y]", (0, 0))]:
        with pytest.raises(Refused):
            cr.angle_question(gradviz.parse(text), p, "", {})
    with pytest.raises(Refused, match="shape"):
        cr.angle_question(gradviz.parse("x*y*z"), (1, 1, 1), "", {})


def test_tally_counts_right_answers_only_after_the_reveal():
    values = [50.0, 71.3, 41.31, 236.3, 0.0]  # within 15° of 56.31: 50, 71.3, 41.31
    t = cr.tally(ANGLE, values)
    assert (t.count, t.right, sum(t.bins)) == (5, None, 5)
    assert t.bins[3] == 1 and t.bins[4] == 1 and t.bins[2] == 1  # 45–60, 60–75, 30–45
    assert cr.tally(ANGLE, values, revealed=True).right == 3
    assert cr.tally(CHOICE, [1, 1, 0, 2], revealed=True) == cr.Tally(4, (1, 2, 1), 2)


@pytest.mark.parametrize("text, value", [("135", 135.0), ("0", 0.0), ("359.5 deg", 359.5),
                                         ("45°", 45.0), (" 7.25 degrees", 7.25)])
def test_typed_angles(text, value):
    assert cr.parse_angle(text) == value


@pytest.mark.parametrize("text", ["", "north", "1e999", "360", "-5", "90; drop table", "0x10",
                                  "1" * 40, "nan", "inf"])
def test_typed_angles_refused(text):
    with pytest.raises(Refused):
        cr.parse_angle(text)
