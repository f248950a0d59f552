#!/usr/bin/env bash
# start-redis.sh [PORT] [extra redis-server args...]
# Runs the project-local Redis 8 (fetched by scripts/get-redis.sh if needed) in
# the foreground on 127.0.0.1:PORT (default 6379), without persistence.
# Extra args are passed through and override the defaults, e.g.
#   scripts/start-redis.sh 6400 --daemonize yes --logfile /tmp/redis-6400.log
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${1:-6379}"
[ $# -gt 0 ] && shift
case "$port" in
  ''|*[!0-9]*) echo "usage: $0 [PORT] [extra redis-server args...]" >&2; exit 2 ;;
esac

server="$("$SCRIPT_DIR/get-redis.sh" --print-path)"
exec "$server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no "$@"
