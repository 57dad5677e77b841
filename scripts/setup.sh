#!/bin/sh
# Installs what portico needs from Debian's packages, and nothing from anywhere else.
# Idempotent: packages already present are not touched. Runs apt-get directly as root,
# through sudo otherwise.
#
#   scripts/setup.sh            build and test dependencies (the Linux build)
#   scripts/setup.sh bench      plus nginx, wrk, ab and gnuplot for bench/
#   scripts/setup.sh fuzz       plus clang and its sanitizer/libFuzzer runtime
#   scripts/setup.sh windows    plus mingw-w64, wine64 and googletest's sources for the Windows
#                               cross-build, then Debian's yaml-cpp source package into
#                               build/deps (scripts/fetch-yaml-cpp-source.sh)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
windows=0

packages="cmake ninja-build g++ pkg-config ccache ca-certificates curl
node-llhttp libspdlog-dev libyaml-cpp-dev libgtest-dev libgmock-dev liburing-dev"
for group in "$@"; do
  case "$group" in
    bench) packages="$packages nginx-light wrk apache2-utils gnuplot-nox procps util-linux" ;;
    fuzz) packages="$packages clang libclang-rt-14-dev" ;;
    windows)
      packages="$packages mingw-w64 g++-mingw-w64-x86-64-posix wine64 googletest dpkg-dev"
      windows=1 ;;
    *) echo "setup.sh: unknown group '$group' (known: bench, fuzz, windows)" >&2; exit 2 ;;
  esac
done

missing=""
for p in $packages; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing="$missing $p"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then as_root=""; else as_root="sudo"; fi
  echo "setup.sh: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  $as_root apt-get update -qq
  # shellcheck disable=SC2086
  $as_root apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Runs as the calling user (no root needed): it writes only under build/deps.
if [ "$windows" = 1 ]; then "$here/fetch-yaml-cpp-source.sh" "$here/../build/deps"; fi
