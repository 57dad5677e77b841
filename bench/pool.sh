#!/usr/bin/env bash
# Pools bench/run.sh results over several runs: for every server beside nginx, the ratio to
# nginx of each round (same run, mode, round, test and file), then the mean, median, standard
# deviation and an approximate 95% interval of the mean (mean ± 2·sd/√n) of those ratios.
# One run's median moves with a single odd round; twenty rounds show whether a ratio is off
# 1.0 by more than chance, and a twin's row (TWIN=1 runs) shows what chance alone gives.
#
# Usage: bench/pool.sh [-m MODE] results.csv...     (MODE: 1core, the default, or 2core)
#   e.g. bench/pool.sh bench/results/2026-12-07-run2[1-4].csv
set -euo pipefail

mode=1core
if [[ ${1:-} == -m ]]; then
  mode=${2:?"-m needs a mode (1core or 2core)"}
  shift 2
fi
(($# > 0)) || { echo "usage: $0 [-m MODE] results.csv..." >&2; exit 2; }
for f in "$@"; do [[ -r $f ]] || { echo "$0: cannot read $f" >&2; exit 2; }; done

awk -F, -v mode="$mode" '
  FNR == 1 {
    delete col
    for (i = 1; i <= NF; i++) col[$i] = i
    if (!("mb_per_cpu_s" in col)) { printf "%s: not a bench/run.sh CSV\n", FILENAME > "/dev/stderr"; bad = 1; exit 2 }
    next
  }
  $col["mode"] == mode && ($col["test"] == "wrk" || $col["test"] == "highconn") {
    key = FILENAME SUBSEP $col["round"] SUBSEP $col["test"] SUBSEP $col["file"]
    for (m = 1; m <= nmetric; m++) value[key, $col["server"], metric[m]] = $col[metric[m]]
    rounds[key] = 1
    if (!($col["server"] in seen)) { seen[$col["server"]] = 1; servers[++nserver] = $col["server"] }
  }
  BEGIN {
    # For one file, MB per CPU-s has the same ratio as requests per CPU-s.
    nmetric = split("req_per_cpu_s mb_s p99_ms", metric, " ")
    label["req_per_cpu_s"] = "req (and MB) per CPU-s"; label["mb_s"] = "MB/s"; label["p99_ms"] = "p99"
  }
  END {
    if (bad) exit 2
    print "| test | file | metric | ratio | rounds | mean | median | sd | ≈95% interval of the mean |"
    print "|---|---|---|---|--:|--:|--:|--:|--:|"
    for (key in rounds) { split(key, k, SUBSEP); present[k[3] SUBSEP k[4]] = 1 }
    # The ratio rows: portico first, then the others (a twin) in the order the CSV met them.
    if ("portico" in seen) others[++nothers] = "portico"
    for (s = 1; s <= nserver; s++) if (servers[s] != "portico" && servers[s] != "nginx") others[++nothers] = servers[s]
    # The order of results.md: wrk by file size, then the many-connections run.
    n_tf = split("wrk,1k.bin wrk,64k.bin wrk,1m.bin wrk,100m.bin highconn,1k.bin", want, " ")
    for (i = 1; i <= n_tf; i++) {
      split(want[i], tf, ",")
      if (!((tf[1] SUBSEP tf[2]) in present)) continue
      for (m = 1; m <= nmetric; m++) for (s = 1; s <= nothers; s++) {
        n = 0
        for (key in rounds) {
          split(key, k, SUBSEP)
          if (k[3] != tf[1] || k[4] != tf[2]) continue
          a = value[key, others[s], metric[m]]; b = value[key, "nginx", metric[m]]
          if (a == "" || b == "" || b + 0 == 0) continue
          r[++n] = a / b
        }
        if (n == 0) continue
        sum = 0; for (x = 1; x <= n; x++) sum += r[x]
        mean = sum / n
        ss = 0; for (x = 1; x <= n; x++) ss += (r[x] - mean) ^ 2
        sd = n > 1 ? sqrt(ss / (n - 1)) : 0
        for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (r[y] < r[x]) { t = r[x]; r[x] = r[y]; r[y] = t }
        median = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
        half = 2 * sd / sqrt(n)
        printf "| %s | %s | %s | %s/nginx | %d | %.3f | %.3f | %.3f | %.3f-%.3f |\n",
          tf[1], tf[2], label[metric[m]], others[s], n, mean, median, sd, mean - half, mean + half
        delete r
      }
    }
  }' "$@"
