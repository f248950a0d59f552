#!/usr/bin/env bash
# get-redis.sh — put a project-local Redis 8 server (with vector sets: VADD/VSIM)
# into .cache/redis/ without Docker and without installing anything system-wide.
#
# Route: Debian 13 (trixie) ships Redis 8.0.x. Its `redis-tools` package contains
# `redis-check-rdb`, a multi-call binary that runs as the server when its argv[0]
# basename is not redis-check-rdb / redis-check-aof (Debian's redis-server package
# is only a symlink to it). We download redis-tools and the trixie runtime
# libraries it needs with apt, using a private sources list, state and cache dir
# (the system's apt state is never touched), unpack them with dpkg-deb -x, and
# write wrappers that run the binaries through the unpacked trixie dynamic loader:
#   ld-linux-x86-64.so.2 --inhibit-cache --library-path <lib> --argv0 <wrapper> <binary>
# `--argv0` is what makes the multi-call binary start in server mode.
#
# Result (relocatable; the cache dir can be moved):
#   .cache/redis/bin/redis-server   (also redis-cli, redis-benchmark,
#                                    redis-check-rdb, redis-check-aof)
#   .cache/redis/MANIFEST           (packages and versions used)
#
# Usage: scripts/get-redis.sh [--force] [--check] [--print-path]
#   --force       re-download even if a working Redis 8 is already cached
#   --check       also run the smoke test (VADD/VSIM, TLS) on an existing cache
#   --print-path  print only the redis-server wrapper path on stdout
# Env: REDIS_CACHE_DIR (default <repo>/.cache/redis),
#      REDIS_DEBIAN_MIRROR (default http://deb.debian.org/debian),
#      REDIS_DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security),
#      REDIS_DEBIAN_SUITE (default trixie)
# Only Debian/Ubuntu on x86_64 is supported; elsewhere use Docker
# (`docker compose up -d`) or point the project at a server with REDIS_URL.
set -euo pipefail

log() { printf 'get-redis: %s\n' "$*" >&2; }
die() { printf 'get-redis: ERROR: %s\n' "$*" >&2; exit 1; }

FORCE=0 CHECK=0 PRINT_PATH=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --check) CHECK=1 ;;
    --print-path) PRINT_PATH=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
CACHE_DIR="${REDIS_CACHE_DIR:-$REPO_ROOT/.cache/redis}"
CACHE_PARENT="$(dirname "$CACHE_DIR")"
SERVER="$CACHE_DIR/bin/redis-server"
MIRROR="${REDIS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SEC_MIRROR="${REDIS_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
SUITE="${REDIS_DEBIAN_SUITE:-trixie}"
TRIPLET=x86_64-linux-gnu

# --- output ---------------------------------------------------------------------
finish() { # $1 = server wrapper
  local ver
  ver="$("$1" --version)"
  if [ "$PRINT_PATH" = 1 ]; then
    printf '%s\n' "$1"
    log "$ver"
  else
    printf 'redis-server: %s\nversion: %s\n' "$1" "$ver"
  fi
}

is_redis8() { # $1 = server wrapper; true if it runs and is a Redis 8.x server
  [ -x "$1" ] || return 1
  local v
  v="$("$1" --version 2>/dev/null)" || return 1
  [[ "$v" == "Redis server v=8."* ]]
}

# --- smoke test -----------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # $1 = preferred port
  local p="$1" i
  for i in $(seq 0 200); do
    if ! port_in_use "$p"; then echo "$p"; return 0; fi
    p=$(( 20000 + RANDOM % 40000 ))
  done
  return 1
}

SMOKE_PID=""
stop_smoke_server() {
  if [ -n "$SMOKE_PID" ] && kill -0 "$SMOKE_PID" 2>/dev/null; then
    kill "$SMOKE_PID" 2>/dev/null || true
    wait "$SMOKE_PID" 2>/dev/null || true
  fi
  SMOKE_PID=""
}

# smoke_test BIN_DIR WORK_DIR: start the server on a free loopback port, check
# VADD/VSIM, print INFO server / MODULE LIST, check TLS (non-fatal), shut down.
smoke_test() {
  local bin="$1" work="$2" port tls_port cli tls_ok=0 tls_args=() out i
  cli="$bin/redis-cli"
  mkdir -p "$work"
  port="$(free_port 6399)" || die "no free port for the smoke test"
  tls_port="$(free_port 6398)" || tls_port=""
  if [ "$tls_port" = "$port" ]; then tls_port=""; fi
  if [ -n "$tls_port" ] && command -v openssl >/dev/null 2>&1 &&
     openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
       -keyout "$work/tls.key" -out "$work/tls.crt" >/dev/null 2>&1; then
    tls_args=(--tls-port "$tls_port" --tls-cert-file "$work/tls.crt"
              --tls-key-file "$work/tls.key" --tls-ca-cert-file "$work/tls.crt"
              --tls-auth-clients no)
  fi

  start() { # extra args...
    "$bin/redis-server" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
      --daemonize no --dir "$work" "$@" >"$work/server.log" 2>&1 &
    SMOKE_PID=$!
    for i in $(seq 1 100); do
      if [ "$("$cli" -p "$port" PING 2>/dev/null)" = PONG ]; then return 0; fi
      kill -0 "$SMOKE_PID" 2>/dev/null || break
      sleep 0.1
    done
    stop_smoke_server
    return 1
  }

  log "smoke test: starting server on 127.0.0.1:$port${tls_args:+ (TLS on $tls_port)}"
  if [ ${#tls_args[@]} -gt 0 ] && start "${tls_args[@]}"; then
    if [ "$("$cli" -p "$tls_port" --tls --cacert "$work/tls.crt" PING 2>/dev/null)" = PONG ]; then
      tls_ok=1
    fi
  elif ! start; then
    cat "$work/server.log" >&2 || true
    die "smoke test: redis-server did not start"
  fi

  "$cli" -p "$port" DEL smoke:vset >/dev/null
  out="$("$cli" -p "$port" VADD smoke:vset VALUES 3 1 2 3 e1 2>&1)"
  [ "$out" = 1 ] || { stop_smoke_server; die "smoke test: VADD failed: $out"; }
  "$cli" -p "$port" VADD smoke:vset VALUES 3 3 2 1 e2 >/dev/null
  out="$("$cli" -p "$port" VSIM smoke:vset VALUES 3 1 2 3 WITHSCORES 2>&1)"
  [ "$(printf '%s\n' "$out" | head -1)" = e1 ] ||
    { stop_smoke_server; die "smoke test: VSIM failed: $out"; }
  log "smoke test: VADD/VSIM ok (VSIM WITHSCORES -> $(printf '%s' "$out" | tr '\n' ' '))"
  log "smoke test: $("$cli" -p "$port" INFO server | tr -d '\r' | grep -E '^(redis_version|redis_mode|gcc_version):' | tr '\n' ' ')"
  log "smoke test: MODULE LIST -> $("$cli" -p "$port" MODULE LIST | tr '\n' ' ')"
  if [ "$tls_ok" = 1 ]; then
    log "smoke test: TLS ok (PING over --tls on port $tls_port)"
  else
    log "smoke test: TLS not verified (openssl missing or TLS start failed) — non-fatal"
  fi
  "$cli" -p "$port" SHUTDOWN NOSAVE >/dev/null 2>&1 || true
  for i in $(seq 1 50); do kill -0 "$SMOKE_PID" 2>/dev/null || break; sleep 0.1; done
  stop_smoke_server
}

# --- fast path ------------------------------------------------------------------
if [ "$FORCE" = 0 ] && is_redis8 "$SERVER"; then
  if [ "$CHECK" = 1 ]; then
    chk="$(mktemp -d)"; trap 'stop_smoke_server; rm -rf "$chk"' EXIT
    smoke_test "$CACHE_DIR/bin" "$chk"
  fi
  finish "$SERVER"
  exit 0
fi

# --- platform check -------------------------------------------------------------
unsupported() {
  printf 'get-redis: %s\n' "$1" >&2
  printf 'get-redis: this script only supports Debian/Ubuntu on x86_64.\n' >&2
  printf 'get-redis: instead run Redis 8 with Docker (`docker compose up -d`) or set REDIS_URL to a Redis 8 server.\n' >&2
  exit 1
}
[ "$(uname -s)" = Linux ] || unsupported "not Linux ($(uname -s))"
[ "$(uname -m)" = x86_64 ] || unsupported "not x86_64 ($(uname -m))"
os_ids=""
if [ -r /etc/os-release ]; then
  os_ids="$(. /etc/os-release && echo " ${ID:-} ${ID_LIKE:-} ")"
fi
case "$os_ids" in
  *" debian "*|*" ubuntu "*) ;;
  *) unsupported "not Debian/Ubuntu (os-release ID/ID_LIKE:${os_ids:- unknown})" ;;
esac
for tool in apt-get apt-cache dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || unsupported "$tool not found"
done

# --- serialize concurrent runs --------------------------------------------------
mkdir -p "$CACHE_PARENT"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE_PARENT/.$(basename "$CACHE_DIR").lock"
  flock 9
  if [ "$FORCE" = 0 ] && is_redis8 "$SERVER"; then  # another run finished meanwhile
    finish "$SERVER"
    exit 0
  fi
  # Holding the lock, no other run is using a staging dir: drop leftovers of
  # runs that were killed.
  rm -rf "$CACHE_PARENT/.$(basename "$CACHE_DIR").tmp."*
fi

WORK="$(mktemp -d "$CACHE_PARENT/.$(basename "$CACHE_DIR").tmp.XXXXXX")"
trap 'stop_smoke_server; rm -rf "$WORK"' EXIT
STAGE="$WORK/redis"          # becomes $CACHE_DIR
APTD="$WORK/apt"             # private apt sources/state/cache
mkdir -p "$STAGE/root" "$STAGE/bin" "$APTD/state/lists/partial" \
         "$APTD/cache/archives/partial" "$APTD/debs" "$APTD/trusted.d" "$APTD/prefs.d"
: >"$APTD/state/status"      # empty dpkg status: apt sees nothing installed

# --- keyring --------------------------------------------------------------------
# trixie's Release files are signed by the 12/bookworm and 13/trixie archive keys,
# so any debian-archive-keyring from bookworm (2023.x) onward verifies them.
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
if [ ! -s "$KEYRING" ]; then
  # e.g. Ubuntu: fetch (not install) its debian-archive-keyring package.
  log "no $KEYRING; downloading the debian-archive-keyring package (not installing it)"
  if ! (cd "$APTD" && apt-get download debian-archive-keyring >/dev/null 2>&1); then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq >/dev/null || true
      (cd "$APTD" && apt-get download debian-archive-keyring >/dev/null) ||
        die "could not download debian-archive-keyring with the system's apt"
    else
      die "could not download debian-archive-keyring (try: sudo apt-get update, or install debian-archive-keyring)"
    fi
  fi
  dpkg-deb -x "$APTD"/debian-archive-keyring_*.deb "$APTD/keyring"
  KEYRING="$APTD/keyring/usr/share/keyrings/debian-archive-keyring.gpg"
  [ -s "$KEYRING" ] || die "debian-archive-keyring package has no $KEYRING"
fi

cat >"$APTD/sources.list" <<EOF
deb [arch=amd64 signed-by=$KEYRING] $MIRROR $SUITE main
deb [arch=amd64 signed-by=$KEYRING] $MIRROR $SUITE-updates main
deb [arch=amd64 signed-by=$KEYRING] $SEC_MIRROR $SUITE-security main
EOF

APT_OPTS=(
  -o "Dir::Etc::SourceList=$APTD/sources.list"
  -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=$APTD/prefs.d"
  -o "Dir::Etc::TrustedParts=$APTD/trusted.d"
  -o "Dir::State=$APTD/state"
  -o "Dir::State::status=$APTD/state/status"
  -o "Dir::Cache=$APTD/cache"
  -o "Debug::NoLocking=1"
  -o "APT::Default-Release="
  -o "APT::Architecture=amd64"
  -o "Acquire::Languages=none"
  -o "APT::Sandbox::User=$(id -un)"
)
aptq() { "$@" "${APT_OPTS[@]}"; }

log "apt update ($SUITE, $SUITE-updates, $SUITE-security) into a private state dir"
aptq apt-get -q update >"$APTD/update.log" 2>&1 ||
  { cat "$APTD/update.log" >&2; die "apt-get update for $SUITE failed"; }
if grep -qE '^(W|E): ' "$APTD/update.log"; then grep -E '^(W|E): ' "$APTD/update.log" >&2; fi

REDIS_VER="$(aptq apt-cache policy redis-tools | awk '/Candidate:/ {print $2}')"
case "$REDIS_VER" in
  *:8.*) ;;
  ""|"(none)") die "redis-tools not found in $SUITE" ;;
  *) die "redis-tools in $SUITE is $REDIS_VER, not Redis 8" ;;
esac

# Runtime libraries: the lib* Depends/Pre-Depends of redis-tools and their
# dependency closure (adduser etc. are install-time only and skipped).
direct_libs="$(aptq apt-cache depends --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances redis-tools |
  awk '$1 ~ /^\|?(Pre)?Depends:$/ && $2 ~ /^lib/ {print $2}' | sort -u)"
[ -n "$direct_libs" ] || die "could not determine redis-tools library dependencies"
# shellcheck disable=SC2086
PKGS="$( { echo redis-tools
  aptq apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances $direct_libs | grep -v '^[[:space:]<]'
} | sort -u)"
log "downloading: $(echo $PKGS)"
# shellcheck disable=SC2086
(cd "$APTD/debs" && aptq apt-get -q download $PKGS >"$APTD/download.log" 2>&1) ||
  { cat "$APTD/download.log" >&2; die "apt-get download failed"; }

: >"$STAGE/MANIFEST"
{
  echo "# Redis from Debian $SUITE, fetched by scripts/get-redis.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "# package version sha256"
} >>"$STAGE/MANIFEST"
for deb in "$APTD"/debs/*.deb; do
  dpkg-deb -x "$deb" "$STAGE/root"
  printf '%s %s %s\n' "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" \
    "$(sha256sum "$deb" | cut -d' ' -f1)" >>"$STAGE/MANIFEST"
done
rm -rf "$STAGE/root/usr/share/doc" "$STAGE/root/usr/share/man" "$STAGE/root/usr/share/locale" \
       "$STAGE/root/usr/share/lintian" "$STAGE/root/usr/share/gdb"

LIB="$STAGE/root/usr/lib/$TRIPLET"
LDSO="$LIB/ld-linux-x86-64.so.2"
MULTI="$STAGE/root/usr/bin/redis-check-rdb"
[ -e "$LDSO" ] || die "unpacked libc6 has no $LDSO"
[ -x "$MULTI" ] || die "unpacked redis-tools has no usr/bin/redis-check-rdb"

# Every needed library must resolve inside the unpacked root, not on the host.
for b in redis-check-rdb redis-cli redis-benchmark; do
  [ -e "$STAGE/root/usr/bin/$b" ] || continue
  resolved="$("$LDSO" --list --inhibit-cache --library-path "$LIB" "$STAGE/root/usr/bin/$b")" ||
    die "ld.so --list failed for $b"
  bad="$(printf '%s\n' "$resolved" | awk -v root="$STAGE/root/" '/=>/ && index($3, root) != 1 {print}')"
  [ -z "$bad" ] || die "$b needs libraries not in the unpacked packages:"$'\n'"$bad"
done

# --- wrappers -------------------------------------------------------------------
# Paths are computed at run time from the wrapper's own location, so the cache
# dir is relocatable (and the staging dir can be renamed into place).
# Each wrapper runs a hard link of the loader named like the wrapper
# (root/loader/<name>), so the process name (comm) is e.g. "redis-server" and
# `pgrep -x redis-server` works, instead of "ld-linux-x86-64".
mkdir -p "$STAGE/root/loader"
write_wrapper() { # $1 = wrapper name, $2 = binary in root/usr/bin
  ln "$(readlink -f "$LDSO")" "$STAGE/root/loader/$1" 2>/dev/null ||
    cp -L "$LDSO" "$STAGE/root/loader/$1"
  cat >"$STAGE/bin/$1" <<EOF
#!/bin/sh
# Generated by scripts/get-redis.sh: Redis $REDIS_VER from Debian $SUITE, run through
# the unpacked $SUITE dynamic loader so no system libraries are used.
self=\$(readlink -f -- "\$0")
root=\$(dirname -- "\$(dirname -- "\$self")")/root
lib=\$root/usr/lib/$TRIPLET
OPENSSL_MODULES=\$lib/ossl-modules
export OPENSSL_MODULES
# --argv0: redis-check-rdb/-aof and redis-server are one binary that picks its
# mode from the basename of argv[0].
exec "\$root/loader/$1" --inhibit-cache --library-path "\$lib" \\
  --argv0 "\$self" "\$root/usr/bin/$2" "\$@"
EOF
  chmod 755 "$STAGE/bin/$1"
}
write_wrapper redis-server redis-check-rdb
write_wrapper redis-check-rdb redis-check-rdb
if [ -x "$STAGE/root/usr/bin/redis-check-aof" ]; then write_wrapper redis-check-aof redis-check-aof; fi
write_wrapper redis-cli redis-cli
if [ -x "$STAGE/root/usr/bin/redis-benchmark" ]; then write_wrapper redis-benchmark redis-benchmark; fi
# Convenience only; the wrappers do not rely on it.
ln -sfn redis-check-rdb "$STAGE/root/usr/bin/redis-server"

is_redis8 "$STAGE/bin/redis-server" ||
  die "staged redis-server does not report Redis 8: $("$STAGE/bin/redis-server" --version 2>&1 || true)"
smoke_test "$STAGE/bin" "$WORK/smoke"

# --- move into place atomically ---------------------------------------------------
if [ -e "$CACHE_DIR" ]; then
  mv -T "$CACHE_DIR" "$WORK/old"
fi
mv -T "$STAGE" "$CACHE_DIR"
log "installed into $CACHE_DIR"
finish "$SERVER"
