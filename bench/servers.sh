# shellcheck shell=bash disable=SC2153,SC2004  # run.sh declares the globals, NGINX_PID as -A
# Sourced by bench/run.sh: starting the servers, finding their processes, and reading
# their CPU time and memory from /proc. Uses run.sh's settings and globals (HOST, OUT, WWW,
# CPU_A, CPU_B, NOFILE, CLK_TCK, PORTICO, NGINX_BIN, FILES, SIZES) and its log, die, stop_pid.

# A loopback port nobody listens on (a connect is refused at once).
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 12000))
    [[ $p == "$PORTICO_PORT" ]] && continue
    if ! (exec 3<>"/dev/tcp/$HOST/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# The process running BINARY: PID itself once taskset has exec'd, or its child if a shell
# stood in between. Measuring the wrong process would be silent, so this insists.
server_process() {  # pid binary
  local want c i
  want=$(readlink -f "$2")
  for ((i = 0; i < 50; i++)); do
    if [[ $(readlink -f "/proc/$1/exe" 2>/dev/null) == "$want" ]]; then echo "$1"; return 0; fi
    for c in $(pgrep -P "$1" || true); do
      if [[ $(readlink -f "/proc/$c/exe" 2>/dev/null) == "$want" ]]; then echo "$c"; return 0; fi
    done
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  echo "$1"
  return 1
}

# "exit status N" (and the signal) of a child that has ended.
exit_status() {  # pid
  local rc=0
  wait "$1" 2>/dev/null || rc=$?
  if ((rc > 128)); then echo "exit status $rc, signal $((rc - 128))"; else echo "exit status $rc"; fi
}

# cpumask 3 -> 1000 (nginx's worker_cpu_affinity notation)
cpumask() { printf '1%*s' "$1" '' | tr ' ' 0; }

start_portico() {  # mode
  local threads=1 cpus=$CPU_A i
  [[ $1 == 2core ]] && threads=2 cpus=$CPU_A,$CPU_B
  cat >"$OUT/portico.yaml" <<EOF
# written by bench/run.sh; paths are relative to this file's folder
root: www
listen: $HOST:0
threads: $threads
access_log: {path: off}
error_log: {level: warn}
precompressed: $PORTICO_PRECOMPRESSED
limits: {max_connections: 20000}
timeouts: {shutdown: 2s}
EOF
  : >"$OUT/logs/portico.stdout"
  taskset -c "$cpus" "$PORTICO" --config "$OUT/portico.yaml" --threads "$threads" \
    --listen "$HOST:0" >"$OUT/logs/portico.stdout" 2>>"$OUT/logs/portico-error.log" &
  PORTICO_PID=$!
  PORTICO_PID=$(server_process "$PORTICO_PID" "$PORTICO") ||
    die "portico did not start ($(exit_status "$PORTICO_PID")): $(tail -3 "$OUT/logs/portico-error.log")"
  for ((i = 0; i < 100; i++)); do
    PORTICO_PORT=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$OUT/logs/portico.stdout")
    [[ -n $PORTICO_PORT ]] && break
    kill -0 "$PORTICO_PID" 2>/dev/null ||
      die "portico exited ($(exit_status "$PORTICO_PID")): $(tail -3 "$OUT/logs/portico-error.log")"
    sleep 0.1
  done
  [[ -n $PORTICO_PORT ]] || die "portico did not say where it listens"
  log "portico pid $PORTICO_PID on $HOST:$PORTICO_PORT, $threads thread(s), CPUs $cpus"
}

write_nginx_conf() {  # name workers masks port
  local name=$1 user_line=""
  shift
  # As root, nginx would switch its workers to 'nobody': keep them as the invoking user.
  [[ $(id -u) == 0 ]] && user_line="user $(id -un) $(id -gn);"
  cat >"$OUT/$name.conf" <<EOF
# written by bench/run.sh
$user_line
daemon off;
master_process on;
worker_processes $1;
worker_cpu_affinity $2;
worker_rlimit_nofile $NOFILE;
pid $OUT/$name.pid;
lock_file $OUT/$name.lock;
error_log $OUT/logs/$name-error.log warn;
events {
    worker_connections 20000;
}
http {
    types {
        application/octet-stream bin;
        text/html html;
    }
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    etag on;
    client_body_temp_path $OUT/nginx-tmp/client_body;
    proxy_temp_path $OUT/nginx-tmp/proxy;
    fastcgi_temp_path $OUT/nginx-tmp/fastcgi;
    uwsgi_temp_path $OUT/nginx-tmp/uwsgi;
    scgi_temp_path $OUT/nginx-tmp/scgi;
    server {
        listen $HOST:$3;
        server_name localhost;
        root $WWW;
        index index.html;
    }
}
EOF
}

start_nginx() {  # mode name
  local name=$2 workers=1 cpus=$CPU_A masks attempt i pid port
  masks=$(cpumask "$CPU_A")
  if [[ $1 == 2core ]]; then
    workers=2 cpus=$CPU_A,$CPU_B
    masks="$(cpumask "$CPU_A") $(cpumask "$CPU_B")"
  fi
  for ((attempt = 0; attempt < 5; attempt++)); do
    port=$(free_port) || die "no free port"
    write_nginx_conf "$name" "$workers" "$masks" "$port"
    rm -f "$OUT/$name.pid"
    taskset -c "$cpus" "$NGINX_BIN" -p "$OUT/" -c "$OUT/$name.conf" -e "$OUT/logs/$name-error.log" \
      >>"$OUT/logs/$name.stdout" 2>&1 &
    pid=$!
    pid=$(server_process "$pid" "$NGINX_BIN") || true
    NGINX_PID[$name]=$pid NGINX_PORT[$name]=$port
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      if [[ -s $OUT/$name.pid ]] && port_open "$port" &&
         (($(pgrep -c -P "$pid" || true) >= workers)); then
        log "$name master pid $pid on $HOST:$port, $workers worker(s), CPUs $cpus"
        return 0
      fi
      sleep 0.1
    done
    log "$name did not start on port $port: $(tail -2 "$OUT/logs/$name-error.log" 2>/dev/null)"
    stop_pid "$pid"
    unset "NGINX_PID[$name]" "NGINX_PORT[$name]"
  done
  die "$name would not start; see $OUT/logs/$name-error.log"
}

server_port() { if [[ $1 == portico ]]; then echo "$PORTICO_PORT"; else echo "${NGINX_PORT[$1]}"; fi; }

# The server's processes: portico is one; nginx is its master and workers.
server_pids() {
  if [[ $1 == portico ]]; then
    echo "$PORTICO_PID"
  else
    echo "${NGINX_PID[$1]}"
    pgrep -P "${NGINX_PID[$1]}" || true
  fi
}

# utime + stime in clock ticks, summed over the processes (all their threads).
cpu_ticks() {  # server
  local -a pids files=()
  local p
  mapfile -t pids < <(server_pids "$1")
  for p in "${pids[@]}"; do files+=("/proc/$p/stat"); done
  awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }' "${files[@]}"
}

# "id ticks" per portico thread (main thread first, then workers) or per nginx worker.
task_ticks() {  # server
  local -a files=()
  local p
  if [[ $1 == portico ]]; then
    files=("/proc/$PORTICO_PID"/task/*/stat)
  else
    while read -r p; do files+=("/proc/$p/stat"); done < <(pgrep -P "${NGINX_PID[$1]}")
  fi
  awk '{ id = FILENAME; sub(/^.*\) /, ""); print id, $12 + $13 }' "${files[@]}" | sort -V
}

# The CPU seconds of each thread/worker between two task_ticks snapshots, "a/b/c".
cpu_split() {  # before after
  awk -v hz="$CLK_TCK" 'NR == FNR { b[$1] = $2; next }
    { printf "%s%.2f", (n++ ? "/" : ""), ($2 - b[$1]) / hz } END { print "" }' \
    <(printf '%s\n' "$1") <(printf '%s\n' "$2")
}

# VmRSS in KiB: portico's process, or the sum over nginx's workers.
rss_kib() {  # server
  local -a files=()
  local p
  if [[ $1 == portico ]]; then
    files=("/proc/$PORTICO_PID/status")
  else
    while read -r p; do files+=("/proc/$p/status"); done < <(pgrep -P "${NGINX_PID[$1]}")
  fi
  awk '/^VmRSS:/ { t += $2 } END { print t + 0 }' "${files[@]}"
}

check_server() {  # server: every file answers 200 with its exact size
  local port i got
  port=$(server_port "$1")
  for i in "${!FILES[@]}"; do
    got=$(curl -sS -o /dev/null --max-time 60 -w '%{http_code} %{size_download}' \
      "http://$HOST:$port/${FILES[$i]}") || die "$1: GET /${FILES[$i]} failed"
    [[ $got == "200 ${SIZES[$i]}" ]] || die "$1: GET /${FILES[$i]} gave '$got', wanted '200 ${SIZES[$i]}'"
  done
}
