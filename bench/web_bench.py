"""Page throughput against a bare request, on the starter bank and on a large bank.

Run with ``make bench`` (or ``python bench/web_bench.py [--questions N] [--attempts N]
[--seconds S] [--rounds R]``). Needs a PostgreSQL server (``BENCH_DATABASE_URL``, default the
local one with a database of its own, ``interview_bench``, dropped and created again).

1. Builds the data reproducibly (a fixed random seed): the starter bank, one user with a deck,
   and serves the pages under gunicorn (2 workers x 4 threads, DEBUG off) on a free port.
2. For each page, C keep-alive client threads request it for S seconds; the bare request is
   ``/favicon.ico``, a view that does nothing, through every middleware; R rounds, medians.
3. Grows the data (``--questions`` more published questions, ``--attempts`` answered
   interview items and as many flashcard reviews for the user, plus other users' rows) and
   measures again in the same run.
4. Prints, per page: requests/s and p50 on each data set, the share of the bare request's
   throughput, and the large/small p50 ratio. Exit status 1 when a request failed.

Absolute figures drift on shared machines: compare the ratios measured in one run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/interview_bench"
PAGES = [
    ("bare", "/favicon.ico", False),
    ("home", "/", True),
    ("topic list", "/topics/", False),
    ("topic", "/topics/{topic}/", False),
    ("question", "/questions/{question}/", False),
    ("search", "/search/?q=gradient", False),
    ("review", "/review/", True),
    ("progress", "/progress/", True),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_small() -> dict[str, str]:
    """Migrate, load the starter bank, one user with a deck; returns the URL parameters."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from interview.bank.models import Question
    from interview.practice.flashcards.services import deck_add

    call_command("migrate", verbosity=0)
    call_command("load_starter_bank", verbosity=0)
    user = User.objects.create_user("bench", password="bench-password-123")
    deck_add(user=user, questions=Question.objects.all(), now=timezone.now())
    question = Question.objects.published().order_by("id").first()
    assert question is not None
    _analyze()
    return {"topic": question.topic.slug, "question": str(question.pk)}


def _analyze() -> None:
    """Table statistics as a running server has them (autovacuum gathers them within a minute
    or so): without them PostgreSQL plans search's count as nested loops, seconds for a page."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def session_cookie() -> str:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.get(username="bench")
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def grow(*, questions: int, attempts: int, others: int, seed: int = 20) -> None:
    """More published questions across the topics, and a long history for the user."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from interview.bank.models import Question, Topic
    from interview.bank.search import question_refresh_search_vectors
    from interview.practice.models import Card, PracticeSession, ReviewLog, SessionItem

    rng = random.Random(seed)
    words = [
        "gradient",
        "variance",
        "bias",
        "regularization",
        "tree",
        "boosting",
        "bagging",
        "embedding",
        "attention",
        "loss",
        "optimizer",
        "batch",
        "norm",
        "dropout",
        "kernel",
        "margin",
        "sample",
        "estimator",
        "prior",
        "posterior",
    ]
    topics = list(Topic.objects.all())
    now = timezone.now()
    batch = []
    for n in range(questions):
        text = " ".join(rng.choices(words, k=12))
        batch.append(
            Question(
                topic=rng.choice(topics),
                slug=f"bench-{n}",
                prompt=f"Bench question {n}: {text}?",
                official_answer=f"An answer about {text}.\n\n```python\nprint({n})\n```",
                status=Question.Status.PUBLISHED,
                order=10_000 + n,
            )
        )
    Question.objects.bulk_create(batch, batch_size=2000)
    question_refresh_search_vectors(questions=Question.objects.filter(slug__startswith="bench-"))
    pool = list(Question.objects.values_list("id", "topic__name", "topic__slug"))
    users = [User.objects.get(username="bench")] + [
        User.objects.create_user(f"other-{n}") for n in range(others)
    ]
    for index, user in enumerate(users):
        count = attempts if index == 0 else attempts // 10
        per_session = 10
        for start in range(0, count, per_session):
            when = now - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1000))
            session = PracticeSession.objects.create(
                user=user,
                kind=PracticeSession.Kind.INTERVIEW,
                status=PracticeSession.Status.FINISHED,
                question_count=per_session,
                created_at=when,
                finished_at=when + timedelta(minutes=20),
            )
            items = []
            for position in range(min(per_session, count - start)):
                qid, topic_name, topic_slug = rng.choice(pool)
                items.append(
                    SessionItem(
                        session=session,
                        position=position,
                        question_id=qid,
                        topic_name=topic_name,
                        topic_slug=topic_slug,
                        prompt="Bench prompt",
                        status=SessionItem.Status.ANSWERED,
                        shown_at=when,
                        finished_at=when + timedelta(minutes=2),
                        answer="An answer.",
                        coverage_percent=rng.randint(0, 100),
                        rating=rng.randint(1, 4),
                    )
                )
            SessionItem.objects.bulk_create(items)
        cards = {
            card.question_id: card
            for card in Card.objects.bulk_create(
                [
                    Card(user=user, question_id=qid, created_at=now, due=now)
                    for qid, _, _ in rng.sample(pool, min(len(pool), max(count // 5, 1)))
                ],
                ignore_conflicts=True,
            )
        }
        card_ids = list(Card.objects.filter(user=user).values_list("id", flat=True))
        ReviewLog.objects.bulk_create(
            [
                ReviewLog(
                    card_id=rng.choice(card_ids),
                    rating=rng.randint(1, 4),
                    reviewed_at=now - timedelta(days=rng.randint(0, 365)),
                    duration_ms=rng.randint(1000, 20000),
                    source=ReviewLog.Source.FLASHCARD,
                )
                for _ in range(count)
            ],
            batch_size=5000,
        )
        del cards
    _analyze()


# Production settings for the server and for this process (the session it signs must verify).
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-" + "x" * 50,
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
}


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": url}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "interview.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
    ]
    manage = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(manage, cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/favicon.ico")
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def load(port: int, path: str, cookie: str | None, *, seconds: float, clients: int):
    """Requests per second, p50 ms and failures for `clients` keep-alive threads."""
    latencies: list[float] = []
    failures = [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Cookie": cookie} if cookie else {}
        mine = []
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    with lock:
                        failures[0] += 1
            except (OSError, http.client.HTTPException):
                with lock:
                    failures[0] += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    return len(latencies) / seconds, p50, failures[0]


def measure(port, params, cookie, *, seconds, rounds, clients) -> dict[str, tuple[float, float]]:
    results: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in PAGES}
    failed = 0
    for _ in range(rounds):
        for name, path, logged_in in PAGES:
            load(port, path.format(**params), cookie, seconds=1, clients=clients)  # warm up
            rps, p50, failures = load(
                port,
                path.format(**params),
                cookie if logged_in or name == "bare" else None,
                seconds=seconds,
                clients=clients,
            )
            results[name].append((rps, p50))
            failed += failures
    if failed:
        print(f"FAILED requests: {failed}")
    return {
        name: (statistics.median(r for r, _ in runs), statistics.median(p for _, p in runs))
        for name, runs in results.items()
    } | {"_failed": (failed, 0.0)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=int, default=20_000)
    parser.add_argument("--attempts", type=int, default=5_000)
    parser.add_argument("--others", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    recreate_database(url)
    django_setup(url)
    from django.db import connections

    started = time.monotonic()
    params = build_small()
    cookie = session_cookie()
    connections.close_all()
    print(f"starter bank built in {time.monotonic() - started:.0f} s")
    port = free_port()
    server = start_server(url, port)
    try:
        small = measure(
            port, params, cookie, seconds=args.seconds, rounds=args.rounds, clients=args.clients
        )
        started = time.monotonic()
        grow(questions=args.questions, attempts=args.attempts, others=args.others)
        connections.close_all()
        print(
            f"grown by {args.questions:,} questions and {args.attempts:,} attempts + "
            f"{args.attempts:,} reviews for the user ({args.others} other users) "
            f"in {time.monotonic() - started:.0f} s"
        )
        large = measure(
            port, params, cookie, seconds=args.seconds, rounds=args.rounds, clients=args.clients
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare_small, bare_large = small["bare"][0], large["bare"][0]
    print(
        f"\n{'page':<12}{'req/s small':>12}{'p50 ms':>9}{'share of bare':>15}"
        f"{'req/s large':>13}{'p50 ms':>9}{'large/small p50':>17}"
    )
    for name, _, _ in PAGES:
        (rs, ps), (rl, pl) = small[name], large[name]
        print(
            f"{name:<12}{rs:>12.0f}{ps:>9.1f}{rs / bare_small:>15.2f}"
            f"{rl:>13.0f}{pl:>9.1f}{pl / ps:>17.2f}"
        )
    print(f"(bare on the large data set: {bare_large:.0f} req/s)")
    return 1 if small["_failed"][0] or large["_failed"][0] else 0


if __name__ == "__main__":
    raise SystemExit(main())
