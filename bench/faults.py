"""Faults: nothing acknowledged is lost when workers die and PostgreSQL restarts.

Run with ``make faults`` (or ``python bench/faults.py [--candidates N]``). Needs PostgreSQL's
server programs (``initdb``, ``pg_ctl``; found under /usr/lib/postgresql or on PATH).

1. Creates a throwaway PostgreSQL cluster in a temporary directory on a free port (the
   machine's own server is never touched), migrates it and loads the starter bank; N
   candidates each get a mock interview with its first question shown.
2. Starts the app under gunicorn (2 workers x 4 threads, DEBUG off) against that cluster.
3. N candidate threads autosave their answer with increasing revisions, as the page does,
   while the script SIGKILLs a worker, restarts PostgreSQL (fast), stops it for 10 s and
   starts it again, then SIGKILLs a worker again; a thread polls /healthz throughout.
4. Checks that every candidate's stored answer is the last save the server acknowledged (or a
   later one it stored without the reply arriving), and reports the failed requests per
   fault window, HTTP statuses seen, /healthz during the outage and the recovery time.
5. Races, each a burst of identical requests released together (a barrier) against the
   recovered server, then checked in the database: 20 concurrent submits of one interview
   answer apply once; two quizzes of one user finishing together (five pairs, sharing their
   questions, so both feed the same flashcards) neither deadlock nor fail; 10 concurrent
   ratings of one card log one review; 8 parallel "retry the missed questions" posts start one
   session; 8 parallel sign-ups with one username create one account. No race may answer 5xx.
Exit status 1 when an acknowledged save was lost, the app did not recover or a race failed.
"""

from __future__ import annotations

import argparse
import collections
import glob
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "faults-5f0c2a8e7b1d4c6f9a3e8b2d7c1f4a6e9b3d8c2f7a1e5b9d4c8f2a6e",
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "ERROR",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_program(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise SystemExit(f"{name} not found: install PostgreSQL's server package")
    return found


class Cluster:
    """A PostgreSQL cluster of our own, in a temporary directory."""

    def __init__(self, base: Path, port: int) -> None:
        self.data, self.port = base / "pgdata", port
        self.pg_ctl = pg_program("pg_ctl")
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.run_as = run_as
        if run_as:
            shutil.chown(base, "postgres")
        subprocess.run(
            [*run_as, pg_program("initdb"), "-U", "postgres", "--auth=trust", "-D", self.data],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        subprocess.run(
            [*self.run_as, self.pg_ctl, "-D", self.data, "-o", options, "-w", "-l",
             self.data / "log", *args],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip


def setup_app(url: str, candidates: int) -> list[dict]:
    os.environ["DATABASE_URL"] = url
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from interview.bank.models import Topic
    from interview.practice.interviews import services

    call_command("migrate", verbosity=0)
    call_command("load_starter_bank", verbosity=0)
    topics = list(Topic.objects.order_by("order")[:3])
    people = []
    for n in range(candidates):
        user = User.objects.create_user(f"candidate-{n}")
        session = services.interview_create(
            user=user, topics=topics, question_count=1, seconds_per_question=3600,
            now=timezone.now(),
        )  # fmt: skip
        services.session_sync(session=session, now=timezone.now())
        people.append({"session": session.pk, **_login_cookie(user)})
    connections.close_all()
    return people


def _login_cookie(user) -> dict:
    """A logged-in browser of `user`: its session and CSRF cookies and the header to send."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return _anonymous_cookie(f"{settings.SESSION_COOKIE_NAME}={store.session_key}; ")


def _anonymous_cookie(prefix: str = "") -> dict:
    from django.conf import settings

    token = "f" * 32
    return {
        "cookie": f"{prefix}{settings.CSRF_COOKIE_NAME}={token}",
        "csrf_header": settings.CSRF_HEADER_NAME[5:].replace("_", "-"),
        "token": token,
    }


def setup_races() -> dict:
    """The rows each race starts from, one user per race."""
    from django.contrib.auth.models import User
    from django.db import connections
    from django.utils import timezone

    from interview.bank.models import Question, Topic
    from interview.practice.interviews import services as interviews
    from interview.practice.models import Card
    from interview.practice.quizzes import services as quizzes

    now = timezone.now()
    topics = list(Topic.objects.order_by("order")[:3])
    races: dict = {}

    user = User.objects.create_user("race-submit")
    session = interviews.interview_create(
        user=user, topics=topics, question_count=2, seconds_per_question=3600, now=now
    )
    interviews.session_sync(session=session, now=now)
    races["submit"] = {"browser": _login_cookie(user), "session": session.pk}

    user = User.objects.create_user("race-quizzes")
    pairs = []
    for _ in range(5):
        first = quizzes.quiz_create(
            user=user, topics=topics, question_count=5, time_limit_seconds=None,
            feedback="end", now=now,
        )  # fmt: skip
        ids = list(first.items.order_by("position").values_list("question_id", flat=True))
        second = quizzes.quiz_create(
            user=user, topics=topics, question_count=5, time_limit_seconds=None,
            feedback="end", now=now, question_ids=ids,
        )  # fmt: skip
        for quiz in (first, second):
            for item in quiz.items.order_by("position"):
                quizzes.quiz_select(
                    session=quiz, position=item.position, selected=[0], revision=1, now=now
                )
        pairs.append((first.pk, second.pk))
    races["quizzes"] = {"browser": _login_cookie(user), "pairs": pairs}

    user = User.objects.create_user("race-card")
    question = Question.objects.filter(status=Question.Status.PUBLISHED).order_by("id").first()
    card = Card.objects.create(user=user, question=question, created_at=now, due=now)
    races["card"] = {"browser": _login_cookie(user), "card": card.pk}

    user = User.objects.create_user("race-retry")
    session = interviews.interview_create(
        user=user, topics=topics, question_count=1, seconds_per_question=None, now=now
    )
    interviews.session_sync(session=session, now=now)
    interviews.answer_submit(session=session, position=0, revision=1, text="no idea", now=now)
    interviews.interview_end(session=session, now=now)
    races["retry"] = {"browser": _login_cookie(user), "session": session.pk}

    races["signup"] = {"browser": _anonymous_cookie(), "username": "race-signup"}
    connections.close_all()
    return races


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
        check=True,
    )  # fmt: skip
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "interview.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--worker-class", "gthread", "--log-level", "warning", "--timeout", "30"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/favicon.ico")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True)
    return [int(pid) for pid in out.stdout.split()]


class Run:
    def __init__(self, port: int) -> None:
        self.port = port
        self.phase = "steady"
        self.stop = False
        self.lock = threading.Lock()
        self.failures: collections.Counter = collections.Counter()
        self.statuses: collections.Counter = collections.Counter()
        self.health: collections.Counter = collections.Counter()
        self.acked: dict[int, int] = {}
        self.last_ok = 0.0

    def candidate(self, index: int, person: dict) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        revision = 0
        while not self.stop:
            revision += 1
            body = urllib.parse.urlencode(
                {"position": 0, "revision": revision, "answer": f"candidate {index} r{revision}"}
            )
            headers = {
                "Cookie": person["cookie"],
                person["csrf_header"]: person["token"],
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            }
            phase = self.phase
            try:
                conn.request("POST", f"/interviews/{person['session']}/autosave/", body, headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.failures[phase] += 1
                    self.statuses["connection error"] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                time.sleep(0.2)
                continue
            with self.lock:
                self.statuses[response.status] += 1
                if response.status == 200 and b'"saved"' in payload:
                    self.acked[index] = revision
                    self.last_ok = time.monotonic()
                else:
                    self.failures[phase] += 1
            time.sleep(0.1)

    def healthz(self) -> None:
        while not self.stop:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", "/healthz")
                status = conn.getresponse().status
            except OSError:
                status = "connection error"
            with self.lock:
                self.health[(self.phase, status)] += 1
            time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=50)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="interview-faults-"))
    os.chmod(base, 0o755)
    pg_port, web_port = free_port(), free_port()
    cluster = Cluster(base, pg_port)
    cluster.ctl("start")
    server = None
    try:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{pg_port}/postgres") as conn:
            conn.autocommit = True
            conn.execute("CREATE DATABASE interview")
        url = f"postgres://postgres@127.0.0.1:{pg_port}/interview"
        people = setup_app(url, args.candidates)
        races = setup_races()
        server = start_gunicorn(url, web_port)
        run = Run(web_port)
        threads = [
            threading.Thread(target=run.candidate, args=(n, person))
            for n, person in enumerate(people)
        ] + [threading.Thread(target=run.healthz)]
        for thread in threads:
            thread.start()
        recovery = {}

        def window(name: str, seconds: float) -> None:
            run.phase = name
            time.sleep(seconds)

        window("steady", 5)
        run.phase = "worker kill 1"
        os.kill(worker_pids(server.pid)[0], signal.SIGKILL)
        window("worker kill 1", 5)
        run.phase = "postgres fast restart"
        began = time.monotonic()
        cluster.ctl("restart", "-m", "fast")
        window("postgres fast restart", 0.1)
        while run.last_ok < began + 0.01 and time.monotonic() < began + 60:
            time.sleep(0.1)
        recovery["postgres fast restart"] = run.last_ok - began
        window("postgres fast restart", 4)
        run.phase = "postgres stopped 10 s"
        cluster.ctl("stop", "-m", "fast")
        window("postgres stopped 10 s", 10)
        began = time.monotonic()
        cluster.ctl("start")
        run.phase = "after restart"
        while run.last_ok < began and time.monotonic() < began + 60:
            time.sleep(0.1)
        recovery["postgres stopped 10 s"] = run.last_ok - began
        window("after restart", 4)
        run.phase = "worker kill 2"
        os.kill(worker_pids(server.pid)[-1], signal.SIGKILL)
        window("worker kill 2", 5)
        window("final", 3)
        run.stop = True
        for thread in threads:
            thread.join()
        lost = check(url, people, run.acked)
        race_results = run_races(web_port, races)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        try:
            cluster.ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\n{args.candidates} candidates, {sum(run.statuses.values())} autosaves")
    print("HTTP statuses:", dict(run.statuses))
    print("failed saves per window:")
    for name in ["steady", "worker kill 1", "postgres fast restart", "postgres stopped 10 s",
                 "after restart", "worker kill 2", "final"]:  # fmt: skip
        print(f"  {name:<24}{run.failures.get(name, 0):>6}")
    print("healthz (window, status): count:", dict(run.health))
    for name, seconds in recovery.items():
        print(f"first acknowledged save after {name}: {seconds:.1f} s")
    print(f"acknowledged saves lost: {lost}")
    recovered = all(seconds >= 0 for seconds in recovery.values()) and run.failures["final"] == 0
    print("recovered by itself:", "yes" if recovered else "NO")
    print("races (HTTP statuses; held):")
    for name, statuses, held in race_results:
        print(f"  {name:<50}{statuses}  {'held' if held else 'FAILED'}")
    races_held = all(held for _, _, held in race_results)
    return 0 if not lost and recovered and races_held else 1


def burst(port: int, browser: dict, requests: list[tuple[str, dict]]) -> collections.Counter:
    """Send the requests (path, form) at once, one connection each, released together by a
    barrier; the count of each HTTP status (or "connection error")."""
    statuses: collections.Counter = collections.Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(requests))

    def send(path: str, form: dict) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "Cookie": browser["cookie"],
            browser["csrf_header"]: browser["token"],
            "Content-Type": "application/x-www-form-urlencoded",
        }
        barrier.wait()
        try:
            conn.request("POST", path, urllib.parse.urlencode(form), headers)
            status: int | str = conn.getresponse().status
        except (OSError, http.client.HTTPException):
            status = "connection error"
        conn.close()
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def run_races(port: int, races: dict) -> list[tuple[str, dict, bool]]:
    """Each race's HTTP statuses and whether its rows came out as if the requests had come one
    after the other (and no request failed)."""
    from django.contrib.auth.models import User
    from django.db import connections

    from interview.practice.models import PracticeSession, ReviewLog, SessionItem

    connections.close_all()
    results = []

    def ok(statuses: collections.Counter) -> bool:
        return all(isinstance(status, int) and status < 500 for status in statuses)

    race = races["submit"]
    path = f"/interviews/{race['session']}/submit/"
    form = {"position": 0, "revision": 1, "answer": "one answer, submitted twenty times"}
    statuses = burst(port, race["browser"], [(path, form)] * 20)
    items = SessionItem.objects.filter(session_id=race["session"])
    answered = list(items.finished().values_list("position", "answer_revision"))
    held = ok(statuses) and answered == [(0, 1)]  # the next question is not answered too
    results.append(("20 concurrent submits of one answer apply once", dict(statuses), held))

    race = races["quizzes"]
    statuses = collections.Counter()
    for first, second in race["pairs"]:
        statuses += burst(
            port, race["browser"], [(f"/quizzes/{pk}/finish/", {}) for pk in (first, second)]
        )
    quizzes = PracticeSession.objects.filter(pk__in=[pk for pair in race["pairs"] for pk in pair])
    finished = quizzes.filter(status=PracticeSession.Status.FINISHED, score_percent__isnull=False)
    answers = [item.pk for item in SessionItem.objects.filter(session__in=quizzes) if item.selected]
    reviews = ReviewLog.objects.filter(session_item__session__in=quizzes)
    fed_once = sorted(reviews.values_list("session_item_id", flat=True)) == sorted(answers)
    held = ok(statuses) and finished.count() == 10 and bool(answers) and fed_once
    results.append(("two quizzes of one user finishing together", dict(statuses), held))

    race = races["card"]
    path = f"/review/cards/{race['card']}/rate/"
    statuses = burst(port, race["browser"], [(path, {"version": 0, "rating": 3})] * 10)
    held = ok(statuses) and ReviewLog.objects.filter(card_id=race["card"]).count() == 1
    results.append(("10 concurrent ratings of one card log one review", dict(statuses), held))

    race = races["retry"]
    path = f"/interviews/{race['session']}/retry/"
    statuses = burst(port, race["browser"], [(path, {})] * 8)
    retries = PracticeSession.objects.filter(retry_of_id=race["session"]).count()
    held = ok(statuses) and retries == 1
    results.append(('8 parallel "retry" posts start one session', dict(statuses), held))

    race = races["signup"]
    password = "a long passphrase for the race"
    form = {"username": race["username"], "password1": password, "password2": password}
    statuses = burst(port, race["browser"], [("/accounts/signup/", form)] * 8)
    held = ok(statuses) and User.objects.filter(username=race["username"]).count() == 1
    results.append(("8 parallel sign-ups with one username", dict(statuses), held))
    connections.close_all()
    return results


def check(url: str, people: list[dict], acked: dict[int, int]) -> int:
    """Every stored answer is the last acknowledged save or a later one the server stored."""
    from django.db import connections

    from interview.practice.models import SessionItem

    connections.close_all()
    lost = 0
    for index, person in enumerate(people):
        item = SessionItem.objects.get(session_id=person["session"], position=0)
        last = acked.get(index, 0)
        expected_text = f"candidate {index} r{item.answer_revision}"
        if item.answer_revision < last or (last and item.answer != expected_text):
            lost += 1
            print(f"LOST: candidate {index} acknowledged r{last}, stored r{item.answer_revision}")
    connections.close_all()
    return lost


if __name__ == "__main__":
    raise SystemExit(main())
