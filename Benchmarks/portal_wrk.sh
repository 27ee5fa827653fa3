#!/usr/bin/env bash
# Benchmark the web portal under load with wrk on 100,000 proposals: a department's queue page
# (HTML) and /api/proposals, against the server's floor in the same run: /static/portal.css, a
# static response through the same middleware (security headers, access log, session, errors,
# CSRF). Goal (issue 8): p99 < 25 ms and >= 2,000 requests/s for the queue page and the API.
#
# Usage: Benchmarks/portal_wrk.sh [ROWS] [SECONDS]
#   ROWS     proposals in the generated export (default 100000)
#   SECONDS  duration of each wrk run (default 30)
#
# Environment (optional):
#   SEED=20250401            generator seed (the export is shared with import_vs_sqlite.sh)
#   BIN=/path/folder         use meyasu from this folder instead of building release
#   MEYASU_LOG_LEVEL=warning the server's log level (default warning here; `info` is the portal's
#                            default and writes one access-log line per request, to a file)
#   CONNECTIONS=32 THREADS=2 wrk's connections and threads
#   KEEP_TMP=1               keep the temporary workspace (and the server's log)
#   MAX_LOAD=1.5             before each measured run, wait (up to 10 minutes) until the 1-minute
#                            load average is at most this (the machine is shared)
#
# Needs swift, python3, sqlite3, curl and wrk (Debian packages sqlite3, curl, wrk).
set -euo pipefail

ROWS="${1:-100000}"
SECONDS_PER_RUN="${2:-30}"
SEED="${SEED:-20250401}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
LOG_LEVEL="${MEYASU_LOG_LEVEL:-warning}"
die() { echo "portal_wrk: $*" >&2; exit 2; }
[[ "$ROWS" =~ ^[0-9]+$ && "$ROWS" -gt 0 ]] || die "ROWS must be a positive integer (got '$ROWS')"
[[ "$SECONDS_PER_RUN" =~ ^[0-9]+$ && "$SECONDS_PER_RUN" -ge 5 ]] || die "SECONDS must be 5 or more (got '$SECONDS_PER_RUN')"
for tool in wrk curl sqlite3 python3; do
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install wrk curl sqlite3)"
done

PRODUCTS="meyasu"
# shellcheck source=proposals_setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/proposals_setup.sh"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/meyasu-wrk.XXXXXX")"
server=""
cleanup() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "kept: $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

echo "== meyasu init and import ($ROWS proposals)" >&2
(cd "$tmp" && "$bin/meyasu" init >/dev/null)
(cd "$tmp" && "$bin/meyasu" import proposals "$export_file" >/dev/null) || [[ $? -eq 3 ]] || die "the import failed"
read -r department queue_size < <(sqlite3 -separator ' ' "$tmp/meyasu.sqlite" \
    "SELECT department, COUNT(*) FROM proposal GROUP BY department ORDER BY COUNT(*) DESC, department LIMIT 1;")
echo "== the largest queue: $department ($queue_size proposals)" >&2
password="bench-password-$$-$RANDOM"
(cd "$tmp" && printf '%s\n' "$password" | "$bin/meyasu" user add bench --role department --department "$department" >/dev/null)

echo "== meyasu serve (release, MEYASU_LOG_LEVEL=$LOG_LEVEL)" >&2
(cd "$tmp" && exec env MEYASU_LOG_LEVEL="$LOG_LEVEL" "$bin/meyasu" serve --port 0 >"$tmp/serve.out" 2>"$tmp/serve.log") &
server=$!
base=""
for _ in $(seq 1 300); do
    line="$(head -n 1 "$tmp/serve.out" 2>/dev/null || true)"
    if [[ "$line" == "meyasu portal listening on "* ]]; then base="${line#meyasu portal listening on }"; base="${base%/}"; break; fi
    kill -0 "$server" 2>/dev/null || die "meyasu serve stopped: $(tail -n 5 "$tmp/serve.log")"
    sleep 0.1
done
[[ -n "$base" ]] || die "meyasu serve did not say where it listens"

# Sign in once; every wrk connection sends the same session cookie.
curl -sS -c "$tmp/cookies" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench\",\"password\":\"$password\"}" "$base/api/login" >/dev/null
cookie="$(awk '$6 == "meyasu_session" { print $7 }' "$tmp/cookies")"
[[ -n "$cookie" ]] || die "signing in gave no session cookie"

# Each target once by hand: the status, the type and the size a wrk request gets.
declare -A label=([queue]="(a) /proposals (HTML, $department's queue page)" [api]="(b) /api/proposals (JSON)" \
                  [css]="(c) /static/portal.css (baseline)")
declare -A path=([queue]="/proposals" [api]="/api/proposals" [css]="/static/portal.css")
for name in queue api css; do
    read -r code type size < <(curl -sS -o /dev/null -w '%{http_code} %{content_type} %{size_download}\n' \
        -H "Cookie: meyasu_session=$cookie" "$base${path[$name]}" | tr -d ';' | awk '{ print $1, $2, $NF }')
    [[ "$code" == 200 ]] || die "${path[$name]} answered $code, not 200"
    echo "   ${path[$name]}: $code $type, $size bytes" >&2
done
rows_on_page="$(curl -sS -H "Cookie: meyasu_session=$cookie" "$base/api/proposals" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')"
[[ "$rows_on_page" == 50 ]] || die "/api/proposals returned $rows_on_page proposals, not a page of 50"

# wrk's latency figures in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else printf "?" }'
}
declare -A rps p50 p99 errors cpu
# The server's CPU time (user + system, in clock ticks) from /proc: what a request costs it,
# whatever else the machine is doing.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
tick="$(getconf CLK_TCK)"
run_wrk() {
    local name="$1" out="$tmp/wrk-$1.txt"
    if [[ -n "${MAX_LOAD:-}" ]]; then
        local waited=0
        while ! awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$MAX_LOAD" 'BEGIN { exit !(l <= m) }'; do
            (( waited < 600 )) || { echo "   (load still $(cut -d' ' -f1 /proc/loadavg) after 10 minutes; running anyway)" >&2; break; }
            sleep 10; waited=$((waited + 10))
        done
    fi
    # A short warm-up, then the measured run.
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -H "Cookie: meyasu_session=$cookie" "$base${path[$name]}" >/dev/null
    echo "== wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --latency ${path[$name]}   (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    local before after
    before="$(server_ticks)"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Cookie: meyasu_session=$cookie" \
        "$base${path[$name]}" >"$out"
    after="$(server_ticks)"
    rps[$name]="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    p50[$name]="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
    p99[$name]="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
    cpu[$name]="$(awk -v t=$((after - before)) -v hz="$tick" '/ requests in / { n = $1 } END { printf "%.3f", t / hz * 1000 / n }' "$out")"
    errors[$name]="$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for name in queue api css; do run_wrk "$name"; done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "meyasu serve ($bin/meyasu), $ROWS proposals, $department's queue of $queue_size, wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s, MEYASU_LOG_LEVEL=$LOG_LEVEL"
printf '%-52s %10s %9s %9s %12s %8s %12s %s\n' target "req/s" "p50 ms" "p99 ms" "CPU ms/req" errors "req/s vs (c)" goal
for name in queue api css; do
    goal="-"
    if [[ "$name" != css ]]; then
        goal="$(awk -v r="${rps[$name]}" -v p="${p99[$name]}" 'BEGIN { print (r >= 2000 && p < 25) ? "ok" : "MISSED" }')"
    fi
    ratio="$(awk -v a="${rps[$name]}" -v c="${rps[css]}" 'BEGIN { printf "%.2fx", a / c }')"
    printf '%-52s %10.0f %9s %9s %12s %8s %12s %s\n' "${label[$name]}" "${rps[$name]}" "${p50[$name]}" "${p99[$name]}" \
        "${cpu[$name]}" "${errors[$name]}" "$ratio" "$goal"
done
echo "goal (a) and (b): >= 2,000 requests/s and p99 < 25 ms; CPU ms/req is the server's user + system time per request"
if [[ "$LOG_LEVEL" != warning ]]; then
    echo "access log: $(wc -l <"$tmp/serve.log") lines, $(du -h "$tmp/serve.log" | cut -f1)"
fi
