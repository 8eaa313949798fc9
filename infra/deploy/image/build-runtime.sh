#!/usr/bin/env bash
# Assembles the files every Parley image starts from (docs/adr/0165), in two directories Jib
# layers onto `scratch`, so building an image needs no registry:
#   <out>/runtime  a jlink'd Java runtime at /opt/java/openjdk (where eclipse-temurin keeps it
#                  too), the shared libraries it and libjvm.so load (found with ldd on the build
#                  machine) and /etc/passwd with the numeric non-root user 10001
#   <out>/app      the health probe (/opt/parley/probe), /tmp and /var/lib/parley
#   <out>/empty    stands in for runtime/ on a registry base that brings its own Java
# Usage: build-runtime.sh <out> [java-home]
set -euo pipefail
out=${1:?output directory}
java_home=${2:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
here=$(cd "$(dirname "$0")" && pwd)
stamp="$out/.built-from"
want="$(sha256sum "$0" "$here"/*.java | sha256sum | cut -c1-16) $java_home"
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "image root up to date: $out"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/runtime" "$out/app" "$out/empty"
root="$out/runtime"
rt="$root/opt/java/openjdk"

# The modules Spring Boot, Axon, the CQL and S3 clients, ImageIO (thumbnails) and JFR use.
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management
modules+=,java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting
modules+=,java.security.jgss,java.security.sasl,java.sql,java.sql.rowset,java.transaction.xa
modules+=,java.xml,java.xml.crypto,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.httpserver,jdk.jfr
modules+=,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.net
modules+=,jdk.unsupported,jdk.zipfs,jdk.localedata
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$rt"
# Headless: no X11, sound or splash screen libraries (and none of what they would load).
rm -f "$rt"/lib/libawt_xawt.so "$rt"/lib/libjawt.so "$rt"/lib/libsplashscreen.so "$rt"/lib/libjsound.so
# A distribution's runtime may link its trust store to the system one: copy the file itself.
if [[ -L $rt/lib/security/cacerts ]]; then
  cp --remove-destination "$(readlink -f "$rt/lib/security/cacerts")" "$rt/lib/security/cacerts"
fi

# Every shared library the runtime's binaries load, at the path the loader found it.
find "$rt" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  LD_LIBRARY_PATH="$rt/lib:$rt/lib/server" xargs -0 ldd 2>/dev/null | awk '/=> \// {print $3} /^\t\/.*ld-linux/ {print $1}' |
  grep -v "^$rt/" | sort -u | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
missing=$(find "$rt" -type f -name '*.so' -print0 | LD_LIBRARY_PATH="$rt/lib:$rt/lib/server" xargs -0 ldd 2>/dev/null | grep 'not found' || true)
if [[ -n $missing ]]; then
  echo "unresolved libraries: $missing" >&2
  exit 1
fi

mkdir -p "$root/etc" "$out/app/tmp" "$out/app/var/lib/parley/files" "$out/app/opt/parley/probe"
printf 'root:x:0:0:root:/root:/sbin/nologin\nparley:x:10001:10001:parley:/var/lib/parley:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nparley:x:10001:\n' >"$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
"$java_home/bin/javac" --release 17 -d "$out/app/opt/parley/probe" "$here/HealthProbe.java" "$here/ClientFiles.java"
echo "$want" >"$stamp"
echo "image root built: $out ($(du -sh "$out" | cut -f1))"
