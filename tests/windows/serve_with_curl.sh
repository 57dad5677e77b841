#!/bin/sh
# portico.exe under Wine serves the bundled site to curl on Linux: the whole program (console
# main, config file, listener, IOCP workers), spoken to from outside Wine.
#
#   serve_with_curl.sh PORTICO_EXE SITE_DIR WINE_RUN WINEPREFIX
set -eu
exe=$1 site=$2 wine_run=$3 prefix=$4
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

printf 'root: Z:%s\nlisten: 127.0.0.1:0\naccess_log: {path: off}\n' "$site" > "$work/portico.yaml"
"$wine_run" --prefix "$prefix" -- "$exe" --config "Z:$work/portico.yaml" \
  > "$work/out.log" 2> "$work/err.log" &
pid=$!

url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/out.log" | tr -d '\r')
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "portico.exe did not start; its output:" >&2
  cat "$work/out.log" "$work/err.log" >&2
  exit 1
fi
echo "portico.exe listening on $url"

fail=0
check() {  # check WHAT EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: expected '$2', got '$3'"; fail=1; fi
}
check "GET / status" 200 "$(curl -s -o "$work/index" -w '%{http_code}' "$url/")"
check "GET / body is www/index.html" "$(sha256sum < "$site/index.html")" "$(sha256sum < "$work/index")"
check "HEAD / status" 200 "$(curl -s -I -o /dev/null -w '%{http_code}' "$url/")"
check "GET /missing status" 404 "$(curl -s -o /dev/null -w '%{http_code}' "$url/no-such-page")"
# %{num_connects}: 1 for the first request, 0 for the second (the connection was reused).
check "keep-alive: two requests, one connection" "200:1 200:0 " \
  "$(curl -s -o /dev/null -o /dev/null -w '%{http_code}:%{num_connects} ' "$url/" "$url/")"
check "GET /index.html::\$DATA status" 404 \
  "$(curl -s -o /dev/null -w '%{http_code}' "$url/index.html::\$DATA")"
exit $fail
