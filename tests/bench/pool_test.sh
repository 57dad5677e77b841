#!/usr/bin/env bash
# bench/pool.sh on hand-made CSVs whose ratios are known: pairing stays within one run, file
# and round; the mode filter holds; the statistics are right; a file that is not a bench CSV
# is refused. Usage: pool_test.sh REPO
set -euo pipefail
repo=${1:?usage: pool_test.sh REPO}
pool=$repo/bench/pool.sh
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

header=mode,round,test,file,server,conns,requests,req_s,mb_s,p50_ms,p99_ms,cpu_s,req_per_cpu_s,mb_per_cpu_s,errors,non2xx,rss_before_kib,rss_after_kib,bytes_per_conn,steal_pct,cpu_split_s,client_cpu_pct
row() {  # mode round test file server req_per_cpu_s mb_s p99_ms
  echo "$1,$2,$3,$4,$5,64,1000,100,$7,1,$8,1,$6,$6,0,0,,,,0,,100"
}
fail() { echo "FAIL: $*" >&2; exit 1; }

# Run A: portico/nginx req per CPU-s 1.2 then 0.8; run B: 1.0 and 1.0. If rounds were paired
# across runs, nginx's 50 in run B would make a ratio of 2.4 or 1.6 appear.
{
  echo "$header"
  row 1core 1 wrk 1m.bin nginx 100 1000 10
  row 1core 1 wrk 1m.bin portico 120 1100 9
  row 1core 2 wrk 1m.bin nginx 100 1000 10
  row 1core 2 wrk 1m.bin portico 80 1100 9
  row 2core 1 wrk 1m.bin nginx 100 1000 10
  row 2core 1 wrk 1m.bin portico 300 3000 30
  row 1core 1 idle index.html portico 1 1 1
} >"$dir/a.csv"
{
  echo "$header"
  row 1core 1 wrk 1m.bin portico 50 1100 9
  row 1core 1 wrk 1m.bin nginx 50 1000 10
  row 1core 2 wrk 1m.bin nginx 50 1000 10
  row 1core 2 wrk 1m.bin portico 50 1100 9
} >"$dir/b.csv"

out=$("$pool" "$dir/a.csv" "$dir/b.csv")
echo "$out"
# Ratios 1.2, 0.8, 1.0, 1.0: mean 1, median 1, sd sqrt(0.08/3) = 0.163, half width 2*sd/2.
grep -qF '| wrk | 1m.bin | req (and MB) per CPU-s | portico/nginx | 4 | 1.000 | 1.000 | 0.163 | 0.837-1.163 |' <<<"$out" ||
  fail "req per CPU-s statistics"
grep -qF '| wrk | 1m.bin | MB/s | portico/nginx | 4 | 1.100 | 1.100 | 0.000 | 1.100-1.100 |' <<<"$out" ||
  fail "MB/s statistics"
grep -qF '| wrk | 1m.bin | p99 | portico/nginx | 4 | 0.900 |' <<<"$out" || fail "p99 statistics"
[[ $(grep -c '^| wrk' <<<"$out") == 3 ]] || fail "expected 3 rows (no nginx/nginx, no idle)"

out=$("$pool" -m 2core "$dir/a.csv")
grep -qF '| wrk | 1m.bin | req (and MB) per CPU-s | portico/nginx | 1 | 3.000 |' <<<"$out" ||
  fail "-m 2core takes only the 2core rows"

if err=$("$pool" "$repo/README.md" 2>&1); then fail "a README was accepted as a CSV"; fi
grep -q "not a bench/run.sh CSV" <<<"$err" || fail "no clear error for a non-CSV: $err"
if "$pool" 2>/dev/null; then fail "no arguments was accepted"; fi
if "$pool" "$dir/missing.csv" 2>/dev/null; then fail "a missing file was accepted"; fi
echo "pool.sh: all checks passed"
