#!/usr/bin/env bash
# bench/run.sh's report: results.md (medians and ratio rows) and results.png from results.csv.
# Sourced by run.sh after the runs; reads its settings (CSV, OUT, MODES, SERVERS, FILES, ...).

# agg FUNC MODE TEST FILE SERVER COLUMN: median (or sum) of the column over the rounds.
agg() {
  awk -F, -v m="$2" -v t="$3" -v f="$4" -v s="$5" -v c="$6" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) col = i; next }
    $1 == m && $3 == t && $4 == f && $5 == s && $col != "" { print $col }' "$CSV" |
    sort -g |
    awk -v fn="$1" '{ a[NR] = $1; s += $1 }
      END { if (NR == 0) exit
            if (fn == "sum") print s
            else if (NR % 2) print a[(NR + 1) / 2]
            else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Per mode, the median and the largest steal_pct of its recorded wrk runs: a busy host (a
# steal of more than a few percent) moves the ratios more than a code change would.
steal_summary() {
  local mode first=1 med
  for mode in $MODES; do
    med=$(awk -F, -v m="$mode" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "steal_pct") c = i; next }
      $1 == m && $3 !~ /-disturbed$/ && $c != "" { print $c }' "$CSV" | sort -g |
      awk '{ a[NR] = $1 } END { if (NR) printf "median %s%%, largest %s%%", (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[NR] }')
    ((first)) || printf '; '
    first=0
    printf '%s %s' "$mode" "${med:-none recorded}"
  done
  echo
}

# Per mode, from the CSV: how many pairs of wrk runs were run again for steal (their rows are
# "<test>-disturbed"), and how many kept pairs still had more than STEAL_LIMIT percent stolen.
disturbed_summary() {
  awk -F, -v modes="$MODES" -v limit="$STEAL_LIMIT" -v servers=${#SERVERS[@]} '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "steal_pct") c = i; next }
    $3 ~ /-disturbed$/ { rerun[$1]++ }
    ($3 == "wrk" || $3 == "highconn") && $c + 0 > limit { above[$1 "," $2 "," $3 "," $4] = $1 }
    END {
      for (k in above) kept[above[k]]++
      n = split(modes, m, " ")
      for (i = 1; i <= n; i++)
        printf "%s%s %d re-run, %d kept above it", (i > 1 ? "; " : ""), m[i],
          rerun[m[i]] / servers, kept[m[i]]
      print ""
    }' "$CSV"
}

split_of() {  # mode test file server: round 1's cpu_split_s
  awk -F, -v m="$1" -v t="$2" -v f="$3" -v s="$4" \
    'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "cpu_split_s") c = i; next }
     $1 == m && $2 == 1 && $3 == t && $4 == f && $5 == s { print $c; exit }' "$CSV"
}

fmt() {  # value kind
  awk -v v="$1" -v k="$2" 'BEGIN {
    if (v == "") { print "–"; exit }
    if (k == "int") printf "%.0f", v
    else if (k == "ms") { if (v < 1) printf "%.3f", v; else if (v < 10) printf "%.2f", v;
                          else if (v < 100) printf "%.1f", v; else printf "%.0f", v }
    else if (k == "mb") { if (v < 100) printf "%.1f", v; else printf "%.0f", v }
    else if (k == "cpu") printf "%.2f", v
    else if (k == "kib") printf "%.0f", v
    else printf "%s", v }'
}

ratio() {  # a b
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f", a / b }'
}

# One table row per server, then the ratio row. Columns: name|column|kind ...
emit_rows() {  # mode test file label spec...
  local mode=$1 test=$2 file=$3 label=$4 s spec col kind fn line
  shift 4
  local -A val=()
  for s in "${SERVERS[@]}"; do
    line="| $label | $s |"
    for spec in "$@"; do
      IFS='|' read -r col kind fn <<<"$spec"
      val[$s,$col]=$(agg "${fn:-median}" "$mode" "$test" "$file" "$s" "$col")
      line+=" $(fmt "${val[$s,$col]}" "$kind") |"
    done
    echo "$line"
  done
  for s in "${SERVERS[@]}"; do
    [[ $s == nginx ]] && continue
    line="| $label | **$s/nginx** |"
    for spec in "$@"; do
      IFS='|' read -r col kind fn <<<"$spec"
      if [[ $col == conns || $col == client_cpu_pct || ($test == ab && $col == requests) ]]; then line+=" – |"; else line+=" $(ratio "${val[$s,$col]}" "${val[nginx,$col]}") |"; fi
    done
    echo "$line"
  done
}

mode_title() {
  if [[ $1 == 1core ]]; then
    echo "1core: each server on CPU $CPU_A (one worker), client on CPU $CPU_B"
  else
    echo "2core: each server with two workers on CPUs $CPU_A,$CPU_B, client unpinned"
  fi
}

# The CPU's model name and its family and model numbers: a VM's name can be as bare as
# "AMD EPYC", which two hosts of different speed have shared here.
cpu_model() {
  awk -F': *' '/^model name/ && !n { n = $2 } /^cpu family/ && !f { f = $2 }
               /^model\t/ && !m { m = $2 }
               END { printf "%s, family %s model %s", n, f, m }' /proc/cpuinfo
}

write_report() {
  local mode i c s line
  local wrk_cols=(conns\|int requests\|int\|sum req_s\|int mb_s\|mb p50_ms\|ms p99_ms\|ms cpu_s\|cpu
                  req_per_cpu_s\|int mb_per_cpu_s\|mb errors\|int\|sum non2xx\|int\|sum
                  client_cpu_pct\|int)
  echo "# portico vs nginx — loopback benchmark"
  echo
  echo "- started $STARTED on $(uname -sr), $(nproc) CPUs ($(cpu_model))"
  echo "- portico: $PORTICO_SOURCE ($PORTICO), precompressed: $PORTICO_PRECOMPRESSED; $("$NGINX_BIN" -v 2>&1 | sed 's/.*: //')"
  echo "- wrk -t$WRK_THREADS, ${DURATION}s runs, $CONNS connections ($BIG_CONNS for 100m.bin), --timeout $WRK_TIMEOUT; ab -k -n $AB_REQUESTS -c $AB_CONCURRENCY; $IDLE_CONNS idle connections"
  echo "- TCP congestion control: $(cat "$CC_SYSCTL")$([[ -n $RESTORE_CC ]] && echo " (set by CONGESTION; the system's default is $SYSTEM_CC)")"
  echo "- every number is the median over $ROUNDS round(s), except requests, errors and non-2xx (summed over the rounds); MB = 10^6 bytes; CPU s = the server's user+system time during the run (nginx: master + workers); client CPU % = how busy the client's CPU was during the run (1core mode only: user, system, irq and softirq time of CPU $CPU_B; near 100 the client sets the rate, and a ratio of req/s or MB/s near 1 is a tie)"
  echo "- load average (1/5/15 min) at the start and end of each mode: $(awk -F, '{ printf "%s%s %s: %s", (NR > 1 ? "; " : ""), $1, $2, $3 }' "$OUT/loadavg.txt")"
  echo "- CPU time stolen by the hypervisor during the wrk runs (/proc/stat steal, both CPUs; per run in the CSV's steal_pct): $(steal_summary)"
  echo "- pairs of wrk runs with more than ${STEAL_LIMIT}% stolen from either, run again (up to $STEAL_RETRIES re-runs each; the disturbed tries are in the CSV as <test>-disturbed, not in the tables): $(disturbed_summary)"
  [[ $TWIN == 1 ]] && echo "- nginx-twin is a second nginx identical to the first (its own master, its worker on the same CPU): the nginx-twin/nginx rows are a server against its exact twin, the spread a tie shows in this run"
  echo "- ratio rows are portico/nginx: above 1 is better for req/s, MB/s and per-CPU-s columns; below 1 is better for latency, CPU s and bytes per connection"
  for mode in $MODES; do
    echo
    echo "## $(mode_title "$mode")"
    echo
    echo "| file | server | conns | requests | req/s | MB/s | p50 ms | p99 ms | CPU s | req/CPU-s | MB/CPU-s | socket errors | non-2xx | client CPU % |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    for i in "${!FILES[@]}"; do emit_rows "$mode" wrk "${FILES[$i]}" "${FILES[$i]}" "${wrk_cols[@]}"; done
    emit_rows "$mode" highconn 1k.bin "1k.bin, $HIGH_CONNS conns" "${wrk_cols[@]}"
    echo
    echo "| round 1: CPU s per thread/worker | portico (main thread, then workers) | nginx (per worker) |"
    echo "|---|--:|--:|"
    for i in "${!FILES[@]}"; do
      echo "| ${FILES[$i]} | $(split_of "$mode" wrk "${FILES[$i]}" portico) | $(split_of "$mode" wrk "${FILES[$i]}" nginx) |"
    done
    echo "| 1k.bin, $HIGH_CONNS conns | $(split_of "$mode" highconn 1k.bin portico) | $(split_of "$mode" highconn 1k.bin nginx) |"
    echo
    echo "| ab -k -n $AB_REQUESTS -c $AB_CONCURRENCY 1k.bin | server | complete | req/s | failed | non-2xx | CPU s | req/CPU-s |"
    echo "|---|---|--:|--:|--:|--:|--:|--:|"
    emit_rows "$mode" ab 1k.bin "ab -k" requests\|int req_s\|int errors\|int\|sum non2xx\|int\|sum \
      cpu_s\|cpu req_per_cpu_s\|int
    echo
    echo "| idle keep-alive | server | held | RSS before KiB | RSS after KiB | bytes/conn | failed or closed |"
    echo "|---|---|--:|--:|--:|--:|--:|"
    emit_rows "$mode" idle index.html "idle" conns\|int rss_before_kib\|kib rss_after_kib\|kib \
      bytes_per_conn\|int errors\|int\|sum
  done
  line="Server logs: $OUT/logs/ (portico-error.log: $(wc -l <"$OUT/logs/portico-error.log") line(s)"
  for s in "${NGINX_SERVERS[@]}"; do
    c=$(grep -c -i -E '\[(error|crit|alert|emerg)\]' "$OUT/logs/$s-error.log" || true)
    line+="; $s-error.log: $c error line(s)"
  done
  echo
  echo "$line)."
}

# Chart: requests per server CPU-second, 1core mode (or the first mode run).
write_chart() {
  local chart_mode=1core i
  [[ " $MODES " == *" 1core "* ]] || chart_mode=${MODES%% *}
  : >"$OUT/chart.dat"
  for i in "${!FILES[@]}"; do
    echo "${FILES[$i]%.bin} $(agg median "$chart_mode" wrk "${FILES[$i]}" portico req_per_cpu_s) \
  $(agg median "$chart_mode" wrk "${FILES[$i]}" nginx req_per_cpu_s)" >>"$OUT/chart.dat"
  done
  if awk 'NF != 3 { bad = 1 } END { exit bad }' "$OUT/chart.dat"; then
    gnuplot <<EOF || log "gnuplot failed; no chart"
set terminal pngcairo size 960,560 font ",11"
set output '$OUT/results.png'
set title "Requests per server CPU-second ($chart_mode mode, median of $ROUNDS; higher is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set format y '%.0f'
set yrange [1:*]
set ylabel 'requests / server CPU-second (log scale)'
set xlabel 'file size'
set grid ytics
set key top right
plot '$OUT/chart.dat' using 2:xtic(1) title 'portico' lc rgb '#1f77b4', \
     '' using 3 title 'nginx' lc rgb '#d62728', \
     '' using (\$0 - 1.0/6):2:(sprintf('%.0f', \$2)) with labels offset 0,0.7 notitle, \
     '' using (\$0 + 1.0/6):3:(sprintf('%.0f', \$3)) with labels offset 0,0.7 notitle
EOF
  else
    log "missing numbers for the chart; no chart"
  fi
}
