#!/bin/sh
# Fetches Debian's yaml-cpp source package (the one libyaml-cpp-dev is built from) and unpacks
# it, with Debian's patches applied, for the Windows cross-build (cmake/WindowsDeps.cmake).
#
#   scripts/fetch-yaml-cpp-source.sh [DEST]     DEST defaults to build/deps
#
# Leaves DEST/yaml-cpp (the unpacked tree) and DEST/yaml-cpp-apt (apt's lists, the downloaded
# .dsc and tarballs). Nothing outside DEST is written: the system's apt configuration, lists and
# caches are left alone. A deb-src sources file is derived from the system's own `deb` entries
# for Debian (same mirror, suites and components), and apt-get is pointed at it and at private
# list and cache folders. Idempotent: an unpacked tree that is already there is kept.
# Needs apt-get and dpkg-source (package dpkg-dev; `scripts/setup.sh windows` installs it).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-"$here/../build/deps"}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
tree="$dest/yaml-cpp"
work="$dest/yaml-cpp-apt"

if [ -f "$tree/CMakeLists.txt" ] && [ -f "$tree/.portico-fetched" ]; then
  exit 0
fi

command -v dpkg-source >/dev/null 2>&1 || {
  echo "fetch-yaml-cpp-source.sh: dpkg-source missing (apt-get install dpkg-dev," \
    "or run scripts/setup.sh windows)" >&2
  exit 1
}

mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
sources="$work/deb-src.list"
# The system's apt configuration folder (read only); overridable to test the parsing below.
apt_etc=${PORTICO_APT_ETC:-/etc/apt}

# Prints one "URI|SUITES|COMPONENTS|SIGNED-BY" line for every Debian `deb` entry the system
# uses, from one-line .list files and deb822 .sources files alike.
system_entries() {
  for f in "$apt_etc/sources.list" "$apt_etc"/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -e 's/#.*//' "$f" | awk '
      $1 == "deb" {
        signed = ""; i = 2
        if ($2 ~ /^\[/) {
          # Options in brackets: keep signed-by, skip the rest.
          while (i <= NF) {
            if ($i ~ /^\[?signed-by=/) { s = $i; sub(/^\[?signed-by=/, "", s); sub(/\]$/, "", s); signed = s }
            if ($i ~ /\]$/) { i++; break }
            i++
          }
        }
        uri = $i; suite = $(i + 1); comps = ""
        for (j = i + 2; j <= NF; j++) comps = comps (comps == "" ? "" : " ") $j
        print uri "|" suite "|" comps "|" signed
      }'
  done
  for f in "$apt_etc"/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822: stanzas separated by blank lines; comment lines start with '#'.
    awk '
      function flush() {
        if (types ~ /(^| )deb( |$)/ && enabled != "no")
          for (u = 1; u <= nu; u++)
            for (s = 1; s <= ns; s++) print uris[u] "|" suites[s] "|" comps "|" signed
        types = ""; comps = ""; signed = ""; enabled = ""; nu = 0; ns = 0
      }
      BEGIN { flush() }
      /^#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        line = $0; key = line; sub(/:.*/, "", key); value = line; sub(/^[^:]*:[ \t]*/, "", value)
        key = tolower(key)
        if (key == "types") types = value
        else if (key == "uris") nu = split(value, uris, /[ \t]+/)
        else if (key == "suites") ns = split(value, suites, /[ \t]+/)
        else if (key == "components") comps = value
        else if (key == "signed-by") signed = value
        else if (key == "enabled") enabled = tolower(value)
      }
      END { flush() }' "$f"
  done
}

# Only Debian's own archives (a path segment starting with "debian": /debian, /debian-security,
# snapshot's /archive/debian/...); third-party repositories carry no yaml-cpp sources.
: >"$sources.new"
system_entries | sort -u | while IFS='|' read -r uri suite comps signed; do
  case "$uri" in
    */debian*) ;;
    *) continue ;;
  esac
  # A deb822 Signed-By may hold an inline key rather than a file name; only a path is kept.
  case "$signed" in
    /*) echo "deb-src [signed-by=$signed] $uri $suite $comps" ;;
    *) echo "deb-src $uri $suite $comps" ;;
  esac
done >>"$sources.new"
if [ ! -s "$sources.new" ]; then
  echo "fetch-yaml-cpp-source.sh: no Debian 'deb' entry in $apt_etc/sources.list{,.d}" >&2
  exit 1
fi
mv "$sources.new" "$sources"

apt() {
  apt-get -q \
    -o Dir::Etc::SourceList="$sources" \
    -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$work/lists" \
    -o Dir::Cache="$work/cache" \
    -o APT::Sandbox::User="$(id -un)" \
    "$@"
}

echo "fetch-yaml-cpp-source.sh: fetching Debian's yaml-cpp source into $work" >&2
apt update >"$work/update.log" 2>&1 || {
  cat "$work/update.log" >&2
  exit 1
}
rm -rf "$work/download" && mkdir "$work/download"
(cd "$work/download" && apt source --download-only yaml-cpp >"$work/source.log" 2>&1) || {
  cat "$work/source.log" >&2
  exit 1
}

dsc=""
for f in "$work"/download/yaml-cpp_*.dsc; do dsc=$f; done
[ -f "$dsc" ] || {
  echo "fetch-yaml-cpp-source.sh: apt-get source left no yaml-cpp .dsc" >&2
  exit 1
}
# Unpacked inside $work first (dpkg-source leaves a copy of the orig tarball next to its
# target), then moved into place in one step.
rm -rf "$work/unpacked"
# The signature cannot be checked without debian-keyring; apt already checked the .dsc and
# tarballs against the hashes in the signed Sources index they came from.
dpkg-source --no-check -x "$dsc" "$work/unpacked" >"$work/unpack.log" 2>&1 || {
  cat "$work/unpack.log" >&2
  exit 1
}
basename "$dsc" >"$work/unpacked/.portico-fetched"
rm -rf "$tree"
mv "$work/unpacked" "$tree"
echo "fetch-yaml-cpp-source.sh: unpacked $(basename "$dsc") into $tree" >&2
