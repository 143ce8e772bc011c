#!/bin/sh
# The optional `scheduler` service of docker-compose.yml: every SCHEDULER_INTERVAL seconds
# (default 60) close the timed practice sessions whose time is up. The command is idempotent,
# so a missed or doubled run does no harm; a failed run is logged and retried next time.
set -u
interval="${SCHEDULER_INTERVAL:-60}"
trap 'exit 0' TERM INT
echo "scheduler: running close_expired_sessions every ${interval} s"
while :; do
    python manage.py close_expired_sessions || echo "scheduler: close_expired_sessions failed" >&2
    sleep "$interval" &
    wait $!
done
