#!/bin/sh
# Container entrypoint. When the command is the server (the image's default CMD runs gunicorn),
# get the database ready first:
#   1. wait for the database (DB_WAIT_TIMEOUT seconds, default 60);
#   2. migrate under a PostgreSQL advisory lock, so that containers starting together migrate
#      once, and with LOAD_STARTER_BANK=true create or update the starter bank under that lock;
#   3. with DJANGO_SUPERUSER_USERNAME set, create that admin unless it exists;
# then exec the command, so that it runs as PID 1 and receives the container's signals.
# Any other command (`docker compose run --rm web python manage.py ...`) runs as it is.
set -eu

if [ "${1:-}" = "gunicorn" ]; then
    python manage.py wait_for_db --timeout "${DB_WAIT_TIMEOUT:-60}"

    case "${LOAD_STARTER_BANK:-false}" in
        true) DB_STATEMENT_TIMEOUT_MS=0 python manage.py migrate_locked --load-starter-bank ;;
        false) DB_STATEMENT_TIMEOUT_MS=0 python manage.py migrate_locked ;;
        *) echo "LOAD_STARTER_BANK must be 'true' or 'false', got '${LOAD_STARTER_BANK}'" >&2; exit 2 ;;
    esac

    if [ -n "${DJANGO_SUPERUSER_USERNAME:-}" ]; then
        python manage.py ensure_superuser
    fi
fi

exec "$@"
