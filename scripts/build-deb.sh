#!/usr/bin/env bash
# Builds the Debian package, offline, with debhelper (dh, compat 13):
#   build/deb/dhcplite_<version>_amd64.deb   (version: packaging/debian/changelog)
# and runs lintian on it. The source tree is copied to build/deb-src/dhcplite-<version>/ with
# packaging/debian as its debian/ (the repository keeps its own top-level layout). Needs the
# build dependencies (scripts/install-deps.sh installs them); no root needed (fakeroot).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD

version=$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)
out=${DEB_OUT_DIR:-$root/build/deb}
work=$root/build/deb-src
src=$work/dhcplite-$version

echo "build-deb: dhcplite $version"
rm -rf "$src"
mkdir -p "$src" "$out"
# What git tracks (a fresh clone's tree) plus uncommitted edits of tracked files; never build/.
git ls-files -z --cached --others --exclude-standard | grep -zv '^build' |
    tar --null --files-from=- --ignore-failed-read -cf - | tar -xf - -C "$src"
cp -r packaging/debian "$src/debian"

# ccache, when there, makes a rebuild cheap (same temporary path every time).
if command -v ccache >/dev/null; then
    export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR=$work
fi
(cd "$src" && dpkg-buildpackage --build=binary --no-sign -rfakeroot -j"$(nproc)")

deb=dhcplite_${version}_amd64.deb
mv -f "$work/$deb" "$out/$deb"
rm -f "$work"/dhcplite_"${version}"_amd64.{buildinfo,changes} "$work"/dhcplite-dbgsym_"${version}"_amd64.deb
echo "build-deb: lintian"
lintian --fail-on error,warning --tag-display-limit 0 "$out/$deb"
echo "build-deb: $out/$deb"
