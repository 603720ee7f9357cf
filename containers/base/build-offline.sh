#!/usr/bin/env bash
# Builds keepalive-lab/base without any container registry: a minimal Debian bookworm root from Debian's
# archive (debootstrap), the Node binary that runs the lab, then `docker import`.
# Usage: build-offline.sh IMAGE_TAG NODE_BINARY [LABEL=VALUE]
set -euo pipefail

image=${1:?usage: build-offline.sh IMAGE_TAG NODE_BINARY [LABEL=VALUE]}
node_bin=${2:?usage: build-offline.sh IMAGE_TAG NODE_BINARY [LABEL=VALUE]}
label=${3:-}
packages=iproute2,iptables,nftables,tcpdump,procps,conntrack

fail() { echo "build-offline: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || fail "debootstrap needs root; run as root (or use the online Dockerfile where a registry is reachable)"
command -v debootstrap >/dev/null || fail "debootstrap is missing; install it with: apt-get install -y debootstrap"
[ -x "$node_bin" ] || fail "no executable Node binary at $node_bin"

# The Debian mirror this machine already uses (deb822 'URIs:' or one-line 'deb' form), unless overridden.
mirror=${KEEPALIVE_LAB_DEBIAN_MIRROR:-$(
  cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -Eo '(URIs:[[:space:]]*|^deb[[:space:]]+)https?://[^[:space:]]+/debian/?([[:space:]]|$)' |
    grep -Eo 'https?://[^[:space:]]+' | head -n 1 || true
)}
mirror=${mirror:-http://deb.debian.org/debian}

rootfs=$(mktemp -d /tmp/keepalive-lab-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

echo "build-offline: debootstrap bookworm from $mirror (about 30 s)"
debootstrap --variant=minbase --include="$packages" bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
  { tail -n 20 "$rootfs.log" >&2; rm -f "$rootfs.log"; fail "debootstrap failed (log above)"; }
rm -f "$rootfs.log"

install -m 0755 "$node_bin" "$rootfs/usr/local/bin/node"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

echo "build-offline: importing $image"
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  ${label:+--change "LABEL $label"} \
  --change 'CMD ["node"]' - "$image" >/dev/null
echo "build-offline: built $image"
