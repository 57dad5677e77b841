#!/usr/bin/env bash
# portico vs nginx on loopback: throughput, latency, server CPU cost, idle keep-alive memory.
# See bench/README.md. Usage: bench/run.sh   (knobs are environment variables, listed below)
#
# Every byte of traffic goes to 127.0.0.1; the servers are stopped on exit.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly REPO
readonly HOST=127.0.0.1                     # the only address this script ever talks to

# Rounds per test; the tables show medians. Five, not three: on a shared 2-vCPU VM one round's
# ratio can be 25% off its neighbours' (1 KiB in run6: 1.43, 1.56, 1.89), and a median of
# three moves with a single such round.
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}                    # seconds per wrk run
CONNS=${CONNS:-64}                          # wrk connections for 1k, 64k, 1m
BIG_CONNS=${BIG_CONNS:-8}                   # wrk connections for 100m
HIGH_CONNS=${HIGH_CONNS:-1000}              # the many-connections 1k run
WRK_THREADS=${WRK_THREADS:-1}
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}             # wrk drops slower responses from its latencies
AB_REQUESTS=${AB_REQUESTS:-50000}
AB_CONCURRENCY=${AB_CONCURRENCY:-50}
IDLE_CONNS=${IDLE_CONNS:-10000}
IDLE_SETTLE=${IDLE_SETTLE:-2}               # seconds between "all connected" and reading RSS
WARMUP=${WARMUP:-1}                         # seconds of wrk per server and file before round 1
MODES=${MODES:-"1core 2core"}
OUT=${BENCH_OUT:-$REPO/bench/out}
PORTICO=${PORTICO:-$REPO/build/release/portico}
PORTICO_PRECOMPRESSED=${PORTICO_PRECOMPRESSED:-on}  # portico's default; the file cache keeps sibling lookups off the hot path
SKIP_SETUP=${SKIP_SETUP:-0}                 # 1: don't run scripts/setup.sh bench
SKIP_BUILD=${SKIP_BUILD:-0}                 # 1: use $PORTICO as it is
CONGESTION=${CONGESTION:-}                  # a TCP congestion control for the whole run (as root:
                                            # the system default, so servers and client share it)
# A pair of wrk runs (both servers, one test) in which the hypervisor stole more than
# STEAL_LIMIT percent of the CPU time from either run measures the host, not the servers: it
# is kept in the CSV as "<test>-disturbed" and run again, up to STEAL_RETRIES times (the last
# try is kept whatever its steal). STEAL_LIMIT=100 keeps every run.
STEAL_LIMIT=${STEAL_LIMIT:-5}
STEAL_RETRIES=${STEAL_RETRIES:-2}
# 1: a second nginx, identical to the first (its own master, its worker on the same CPU), runs
# in every test as "nginx-twin", and the tables add an nginx-twin/nginx ratio row: how far a
# server's ratio to its exact twin strays in this run, the spread a tie can show.
TWIN=${TWIN:-0}

readonly FILES=(1k.bin 64k.bin 1m.bin 100m.bin)
readonly SIZES=(1024 65536 1048576 104857600)
NGINX_SERVERS=(nginx)
[[ $TWIN == 1 ]] && NGINX_SERVERS+=(nginx-twin)
readonly NGINX_SERVERS
readonly SERVERS=(portico "${NGINX_SERVERS[@]}")

PORTICO_PID="" HELPER_PID=""
declare -A NGINX_PID=() NGINX_PORT=()  # by server name: nginx, nginx-twin
readonly CC_SYSCTL=/proc/sys/net/ipv4/tcp_congestion_control
SYSTEM_CC=$(cat "$CC_SYSCTL")
readonly SYSTEM_CC
RESTORE_CC=""  # set while the run has changed the system's congestion control
PORTICO_PORT=""

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

for n in ROUNDS DURATION CONNS BIG_CONNS HIGH_CONNS WRK_THREADS AB_REQUESTS AB_CONCURRENCY \
         IDLE_CONNS IDLE_SETTLE WARMUP STEAL_LIMIT STEAL_RETRIES TWIN; do
  [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number (got '${!n}')"
done
((ROUNDS >= 1 && DURATION >= 1)) || die "ROUNDS and DURATION must be at least 1"
for m in $MODES; do [[ $m == 1core || $m == 2core ]] || die "MODES: unknown mode '$m'"; done

# ---------------------------------------------------------------- processes and cleanup

# Stops one process we started: SIGTERM, then SIGKILL after 15 s.
stop_pid() {
  local pid=$1 i
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null || true
}

stop_servers() {
  local s
  stop_pid "$HELPER_PID"; HELPER_PID=""
  stop_pid "$PORTICO_PID"; PORTICO_PID=""
  # The masters; SIGTERM takes their workers with them.
  for s in "${!NGINX_PID[@]}"; do stop_pid "${NGINX_PID[$s]}"; done
  NGINX_PID=()
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_servers
  if [[ -n $RESTORE_CC ]]; then
    echo "$RESTORE_CC" >"$CC_SYSCTL" || log "could not restore $CC_SYSCTL to $RESTORE_CC"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- setup

if [[ $SKIP_SETUP != 1 ]]; then
  "$REPO/scripts/setup.sh" bench
fi
for tool in nginx wrk ab gnuplot taskset cc curl; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/setup.sh bench installs it)"
done
NGINX_BIN=$(command -v nginx)

# What is measured, fixed now: the report is written after the run, when the checkout may
# have moved on, and a binary that was not built here may come from any commit.
PORTICO_SOURCE="checkout $(cd "$REPO" && git describe --always --dirty 2>/dev/null || echo '?')"
BUILT=0
if [[ $SKIP_BUILD != 1 && $PORTICO == "$REPO/build/release/portico" ]]; then
  # Incremental: a no-op when the binary is current, so a stale build is never measured.
  if [[ ! -f $REPO/build/release/build.ninja && ! -f $REPO/build/release/Makefile ]]; then
    (cd "$REPO" && cmake --preset release)
  fi
  log "building portico (release)"
  (cd "$REPO" && cmake --build --preset release --target portico) >&2
  BUILT=1
fi
[[ -x $PORTICO ]] || die "no portico binary at $PORTICO"
if [[ $BUILT != 1 ]]; then
  PORTICO_SOURCE+=", not built by this run: binary modified $(date -u -r "$PORTICO" '+%Y-%m-%d %H:%M UTC')"
fi

# BBR, a common default, paces on loopback too and made the 1 MiB case bistable here (see
# bench/README.md); CONGESTION runs both servers, and the client, under another algorithm.
if [[ -n $CONGESTION && $CONGESTION != "$SYSTEM_CC" ]]; then
  grep -qw -- "$CONGESTION" /proc/sys/net/ipv4/tcp_available_congestion_control ||
    die "CONGESTION: '$CONGESTION' is not one of: $(cat /proc/sys/net/ipv4/tcp_available_congestion_control)"
  { echo "$CONGESTION" >"$CC_SYSCTL"; } 2>/dev/null ||
    die "CONGESTION: cannot write $CC_SYSCTL (needs root and a writable /proc/sys)"
  RESTORE_CC=$SYSTEM_CC
  log "TCP congestion control: $CONGESTION for this run (restored to $SYSTEM_CC on exit)"
fi

# The CPUs we may use: the first is the server's in 1core mode, the second the client's.
expand_cpus() {
  local part a b i
  local -a parts
  IFS=, read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    if [[ $part == *-* ]]; then
      a=${part%-*} b=${part#*-}
      for ((i = a; i <= b; i++)); do echo "$i"; done
    else
      echo "$part"
    fi
  done
}
mapfile -t CPUS < <(expand_cpus "$(taskset -pc $$ | sed 's/.*: *//')")
((${#CPUS[@]} >= 2)) || die "needs at least two CPUs (have: ${CPUS[*]})"
readonly CPU_A=${CPUS[0]} CPU_B=${CPUS[1]}
CLK_TCK=$(getconf CLK_TCK)
readonly CLK_TCK

# File descriptors: the idle step holds IDLE_CONNS sockets in the client and in the server.
NOFILE=$((IDLE_CONNS > 10000 ? IDLE_CONNS * 2 : 20000))
NOFILE=$((NOFILE + 1024))
if [[ $(ulimit -Sn) != unlimited ]] && (($(ulimit -Sn) < NOFILE)); then
  ulimit -n "$NOFILE" 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
fi
if [[ $(ulimit -Sn) != unlimited ]]; then
  (($(ulimit -Sn) >= IDLE_CONNS + 512)) ||
    die "ulimit -n is $(ulimit -Sn) (hard $(ulimit -Hn)); the idle step needs $((IDLE_CONNS + 512))"
  NOFILE=$(ulimit -Sn)
fi
log "CPUs ${CPUS[*]}, ulimit -n $(ulimit -Sn), CLK_TCK $CLK_TCK"

# ---------------------------------------------------------------- work dir and files

mkdir -p "$OUT/www" "$OUT/logs" "$OUT/nginx-tmp"
OUT=$(cd "$OUT" && pwd)
readonly OUT
WWW=$OUT/www
for i in "${!FILES[@]}"; do
  f=$WWW/${FILES[$i]}
  if [[ ! -f $f || $(stat -c %s "$f") != "${SIZES[$i]}" ]]; then
    log "creating ${FILES[$i]}"
    head -c "${SIZES[$i]}" /dev/urandom >"$f.tmp"
    mv "$f.tmp" "$f"
  fi
done
printf '<!doctype html><title>bench</title><p>portico bench\n' >"$WWW/index.html"

cc -O2 -Wall -Wextra -o "$OUT/idle_conns" "$REPO/bench/idle_conns.c"

CSV=$OUT/results.csv
printf '%s\n' "mode,round,test,file,server,conns,requests,req_s,mb_s,p50_ms,p99_ms,cpu_s,req_per_cpu_s,mb_per_cpu_s,errors,non2xx,rss_before_kib,rss_after_kib,bytes_per_conn,steal_pct,cpu_split_s,client_cpu_pct" >"$CSV"

# ---------------------------------------------------------------- servers

# shellcheck source=bench/servers.sh
source "$REPO/bench/servers.sh"

# ---------------------------------------------------------------- measurements

CLIENT=()  # the command prefix that places the client (taskset in 1core mode)

# wrk's numbers with units (310.00us, 1.20ms, 150.00MB) to plain ones, one CSV fragment:
# requests,req_s,mb_s,p50_ms,p99_ms,bytes,errors,non2xx
parse_wrk() {
  awk '
    function ms(v,   n) { n = v + 0
      if (v ~ /us$/) return n / 1000; if (v ~ /ms$/) return n; if (v ~ /m$/) return n * 60000
      if (v ~ /h$/) return n * 3600000; if (v ~ /s$/) return n * 1000; return n }
    function bytes(v,   n) { n = v + 0
      if (v ~ /KB/) return n * 1024; if (v ~ /MB/) return n * 1048576
      if (v ~ /GB/) return n * 1073741824; if (v ~ /TB/) return n * 1099511627776; return n }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    / requests in / { reqs = $1; total = bytes($5); t = $4; sub(/,$/, "", t); secs = ms(t) / 1000 }
    /Socket errors:/ { err = $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { non2xx = $NF }
    $1 == "Requests/sec:" { rps = $2 }
    $1 == "Transfer/sec:" { tps = bytes($2) }
    # MB/s from the bytes read and the time taken: Transfer/sec has three significant digits
    # (1.17GB), too coarse for a ratio near 1 at 100m.bin.
    END { if (secs > 0) tps = total / secs
          printf "%d,%.2f,%.3f,%.4f,%.4f,%.0f,%d,%d\n", reqs, rps, tps / 1e6, p50, p99, total, err, non2xx }
  ' "$1"
}

# "total steal" in clock ticks over all CPUs, from /proc/stat's first line: the time the
# hypervisor gave this VM's CPUs to someone else while they had work.
cpu_stat() {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9; exit }' /proc/stat
}

# "total busy" in clock ticks of one CPU (its /proc/stat line): busy is user, nice, system,
# irq and softirq time; total leaves out what the hypervisor stole.
cpu_busy() {  # cpu
  awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $5 + $6 + $7 + $8, $2 + $3 + $4 + $7 + $8; exit }' /proc/stat
}

# What share of the total's growth the part's was, in percent, from two "total part" samples
# (cpu_stat's or cpu_busy's).
share_pct() {  # decimals before after
  awk -v d="$1" -v b="$2" -v a="$3" 'BEGIN { split(b, x, " "); split(a, y, " ")
    if (y[1] > x[1]) printf "%." d "f", 100 * (y[2] - x[2]) / (y[1] - x[1]); else print 0 }'
}

run_wrk() {  # mode round test file server conns duration [record]
  local mode=$1 round=$2 test=$3 file=$4 server=$5 conns=$6 duration=$7 record=${8:-1}
  local port before after cpu out reqs rps mbs p50 p99 total err non2xx rpc mbpc tb ta split
  local sb steal cb client=""
  port=$(server_port "$server")
  out=$OUT/logs/wrk-$mode-$round-$test-$file-$server.txt
  tb=$(task_ticks "$server")
  before=$(cpu_ticks "$server")
  sb=$(cpu_stat)
  cb=$(cpu_busy "$CPU_B")
  "${CLIENT[@]}" wrk -t"$WRK_THREADS" -c"$conns" -d"${duration}s" --timeout "$WRK_TIMEOUT" \
    --latency "http://$HOST:$port/$file" >"$out" 2>&1 || log "wrk exited non-zero ($out)"
  after=$(cpu_ticks "$server")
  steal=$(share_pct 1 "$sb" "$(cpu_stat)")
  # How busy the client's CPU was: at 100% the client, not the server, sets the rate. Only in
  # 1core mode, where that CPU is the client's alone.
  ((${#CLIENT[@]})) && client=$(share_pct 0 "$cb" "$(cpu_busy "$CPU_B")")
  ta=$(task_ticks "$server")
  ((record)) || return 0
  split=$(cpu_split "$tb" "$ta")
  IFS=, read -r reqs rps mbs p50 p99 total err non2xx < <(parse_wrk "$out")
  cpu=$(awk -v a="$before" -v b="$after" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
  read -r rpc mbpc < <(awk -v r="$reqs" -v t="$total" -v c="$cpu" \
    'BEGIN { if (c > 0) printf "%.1f %.2f\n", r / c, t / 1e6 / c; else print "- -" }')
  [[ $rpc == - ]] && rpc="" mbpc=""
  LAST_STEAL=$steal LAST_LOG=$out
  echo "$mode,$round,$test,$file,$server,$conns,$reqs,$rps,$mbs,$p50,$p99,$cpu,$rpc,$mbpc,$err,$non2xx,,,,$steal,$split,$client" >>"$CSV"
  log "$mode r$round $test $file $server c=$conns: ${rps} req/s, ${mbs} MB/s, p50 ${p50} ms, p99 ${p99} ms, CPU ${cpu} s ($split), steal ${steal}%, client CPU ${client:-–}%, errors $err, non-2xx $non2xx"
}

# One wrk run per server, in the order given, run again while the hypervisor stole more than
# STEAL_LIMIT percent from any of them (see STEAL_LIMIT). A disturbed try's CSV rows are renamed
# "<test>-disturbed", which no table reads, and its logs get a "-disturbed<try>" suffix.
run_pair() {  # mode round test file conns server...
  local mode=$1 round=$2 test=$3 file=$4 conns=$5 try worst s rows
  shift 5
  local logs=()
  for ((try = 0; ; try++)); do
    worst=0 logs=()
    for s in "$@"; do
      run_wrk "$mode" "$round" "$test" "$file" "$s" "$conns" "$DURATION"
      logs+=("$LAST_LOG")
      worst=$(awk -v a="$worst" -v b="$LAST_STEAL" 'BEGIN { print (b + 0 > a + 0 ? b : a) }')
    done
    awk -v w="$worst" -v l="$STEAL_LIMIT" 'BEGIN { exit !(w + 0 > l + 0) }' || return 0
    if ((try >= STEAL_RETRIES)); then
      log "$mode r$round $test $file: ${worst}% stolen after $STEAL_RETRIES re-run(s); kept"
      return 0
    fi
    log "$mode r$round $test $file: ${worst}% of the CPU time stolen (STEAL_LIMIT $STEAL_LIMIT%); the pair runs again"
    rows=$(wc -l <"$CSV")
    awk -F, -v OFS=, -v from=$((rows - $# + 1)) 'NR >= from { $3 = $3 "-disturbed" } 1' \
      "$CSV" >"$CSV.tmp" && mv "$CSV.tmp" "$CSV"
    for s in "${logs[@]}"; do mv "$s" "${s%.txt}-disturbed$((try + 1)).txt"; done
  done
}

run_ab() {  # mode round server
  local mode=$1 round=$2 server=$3 port out before after cpu rps failed non2xx done_ rpc
  port=$(server_port "$server")
  out=$OUT/logs/ab-$mode-$round-$server.txt
  before=$(cpu_ticks "$server")
  "${CLIENT[@]}" ab -q -k -n "$AB_REQUESTS" -c "$AB_CONCURRENCY" -s 30 \
    "http://$HOST:$port/1k.bin" >"$out" 2>&1 || log "ab exited non-zero ($out)"
  after=$(cpu_ticks "$server")
  read -r done_ rps failed non2xx < <(awk '
    /^Complete requests:/ { d = $3 } /^Requests per second:/ { r = $4 }
    /^Failed requests:/ { f = $3 } /^Non-2xx responses:/ { n = $3 }
    END { printf "%d %s %d %d\n", d, (r == "" ? "-" : r), (d == "" ? '"$AB_REQUESTS"' : f), n }' "$out")
  [[ $rps == - ]] && rps=""
  cpu=$(awk -v a="$before" -v b="$after" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }')
  rpc=$(awk -v r="$done_" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.1f", r / c }')
  echo "$mode,$round,ab,1k.bin,$server,$AB_CONCURRENCY,$done_,$rps,,,,$cpu,$rpc,,$failed,$non2xx,,,,,," >>"$CSV"
  log "$mode r$round ab -k $server: ${rps:-?} req/s, failed $failed, non-2xx $non2xx, CPU ${cpu} s"
}

idle_test() {  # mode server
  local mode=$1 server=$2 port out before after ready ok failed open closed i per
  port=$(server_port "$server")
  out=$OUT/logs/idle-$mode-$server.txt
  sleep 1
  before=$(rss_kib "$server")
  # Empty it here: the background job's own truncation may come after the first poll below.
  : >"$out"
  "${CLIENT[@]}" "$OUT/idle_conns" "$HOST" "$port" "$IDLE_CONNS" 300 / >"$out" \
    2>"$OUT/logs/idle-$mode-$server.err" &
  HELPER_PID=$!
  ready=""
  for ((i = 0; i < 1200; i++)); do
    ready=$(grep '^ready ' "$out" 2>/dev/null || true)
    [[ -n $ready ]] && break
    kill -0 "$HELPER_PID" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $ready ]] || die "idle_conns did not get ready: $(tail -3 "$OUT/logs/idle-$mode-$server.err")"
  sleep "$IDLE_SETTLE"
  after=$(rss_kib "$server")
  stop_pid "$HELPER_PID"
  HELPER_PID=""
  read -r _ ok failed <<<"$ready"
  ((ok == IDLE_CONNS)) || log "warning: only $ok of $IDLE_CONNS idle connections were served"
  read -r _ open closed < <(grep '^still_open ' "$out" || echo "still_open ? ?")
  per=$(awk -v a="$after" -v b="$before" -v n="$ok" 'BEGIN { if (n > 0) printf "%.0f", (a - b) * 1024 / n }')
  echo "$mode,1,idle,index.html,$server,$ok,$ok,,,,,,,,$((failed + ${closed/\?/0})),,$before,$after,$per,,," >>"$CSV"
  log "$mode idle $server: $ok held ($failed failed; afterwards $open open, $closed closed by the server), RSS $before -> $after KiB, ${per:-?} B/conn"
  sleep 1  # let the server finish closing them
}

# The arguments after the first, rotated left by the first: 1 a b c -> b c a.
rotated() {  # by item...
  local by=$1 n j
  shift
  n=$#
  local items=("$@")
  for ((j = 0; j < n; j++)); do echo "${items[(j + by) % n]}"; done
}

run_mode() {  # mode
  local mode=$1 round i s order
  CLIENT=()
  [[ $mode == 1core ]] && CLIENT=(taskset -c "$CPU_B")
  log "=== mode $mode ==="
  start_portico "$mode"
  for s in "${NGINX_SERVERS[@]}"; do start_nginx "$mode" "$s"; done
  for s in "${SERVERS[@]}"; do check_server "$s"; done
  echo "$mode,start,$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"

  for s in "${SERVERS[@]}"; do idle_test "$mode" "$s"; done

  if ((WARMUP > 0)); then
    log "warming up (${WARMUP}s per server and file)"
    for i in "${!FILES[@]}"; do
      for s in "${SERVERS[@]}"; do
        run_wrk "$mode" 0 warmup "${FILES[$i]}" "$s" \
          "$([[ ${FILES[$i]} == 100m.bin ]] && echo "$BIG_CONNS" || echo "$CONNS")" "$WARMUP" 0
      done
    done
  fi

  for ((round = 1; round <= ROUNDS; round++)); do
    for i in "${!FILES[@]}"; do
      # Rotate which server goes first, so none always runs on a warmer machine.
      mapfile -t order < <(rotated $((round + i)) "${SERVERS[@]}")
      run_pair "$mode" "$round" wrk "${FILES[$i]}" \
        "$([[ ${FILES[$i]} == 100m.bin ]] && echo "$BIG_CONNS" || echo "$CONNS")" "${order[@]}"
    done
    mapfile -t order < <(rotated $((round + 1)) "${SERVERS[@]}")
    run_pair "$mode" "$round" highconn 1k.bin "$HIGH_CONNS" "${order[@]}"
    for s in "${order[@]}"; do run_ab "$mode" "$round" "$s"; done
  done

  echo "$mode,end,$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadavg.txt"
  stop_servers
}

# ---------------------------------------------------------------- run

: >"$OUT/loadavg.txt"
: >"$OUT/logs/portico-error.log"
for s in "${NGINX_SERVERS[@]}"; do : >"$OUT/logs/$s-error.log"; done
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
for mode in $MODES; do run_mode "$mode"; done

# ---------------------------------------------------------------- report

# shellcheck source=bench/report.sh
source "$REPO/bench/report.sh"
write_report >"$OUT/results.md"
write_chart
cat "$OUT/results.md"
log "wrote $OUT/results.md, $OUT/results.csv and $OUT/results.png"
