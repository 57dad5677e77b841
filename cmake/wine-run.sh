#!/bin/sh
# Runs a cross-built Windows program under Wine; CMAKE_CROSSCOMPILING_EMULATOR of
# cmake/toolchain-mingw64.cmake, so ctest runs the unit tests through it.
#
#   cmake/wine-run.sh --prefix DIR -- program.exe [args...]
#   cmake/wine-run.sh --prefix DIR --init            only create the prefix
#
# DIR is the Wine prefix (one per build tree). Creating one takes several seconds; it happens
# once, under an flock, so that parallel ctest jobs neither race nor see a half-made prefix.
# WINEDEBUG=-all keeps Wine's own diagnostics out of the test output. The program's exit code is
# passed through.
set -eu

wine=${PORTICO_WINE:-/usr/lib/wine/wine64}
prefix=""
init_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --init) init_only=1; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ -z "$prefix" ]; then
  echo "wine-run.sh: --prefix DIR is required" >&2
  exit 2
fi
if [ ! -x "$wine" ]; then
  echo "wine-run.sh: $wine not found (apt-get install wine64, or scripts/setup.sh windows)" >&2
  exit 2
fi

mkdir -p "$(dirname "$prefix")"
prefix=$(cd "$(dirname "$prefix")" && pwd)/$(basename "$prefix")
export WINEPREFIX="$prefix"
export WINEDEBUG=-all
# No Mono or Gecko install prompts: nothing here needs .NET or an HTML engine.
export WINEDLLOVERRIDES="mscoree=;mshtml="

if [ ! -f "$prefix/.portico-ready" ]; then
  (
    flock 9
    if [ ! -f "$prefix/.portico-ready" ]; then
      rm -rf "$prefix"
      "$wine" wineboot --init >/dev/null 2>&1 </dev/null
      # wineboot returns before the registry is flushed: wait for this prefix's wineserver.
      server=$(dirname "$wine")/wineserver
      if [ -x "$server" ]; then "$server" -w; fi
      touch "$prefix/.portico-ready"
    fi
  ) 9>"$prefix.lock"
fi

[ "$init_only" = 1 ] && exit 0
if [ $# -eq 0 ]; then
  echo "wine-run.sh: no program given" >&2
  exit 2
fi
exec "$wine" "$@"
