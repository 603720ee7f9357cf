# Prepares a bare Debian 12 machine (root) for keepalive-lab: Node >= 22 first on PATH, a running Docker
# engine, debootstrap for the offline base image, tshark to cross-check the classifier. Idempotent. Source it
# to keep the PATH in your shell:
#   source .ci/setup.sh
# Nothing here is specific to CI; .ci/run uses it, and so can a developer on a machine like CI's.

keepalive_lab_log() { printf '[setup] %s\n' "$*" >&2; }

keepalive_lab_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 22 ]; then
    keepalive_lab_log "node $(node --version) is recent enough"
    return 0
  fi
  # No nodejs.org here: Node ships as a binary inside the npm registry's `node` package.
  local prefix="${XDG_CACHE_HOME:-$HOME/.cache}/keepalive-lab/node24"
  if [ ! -x "$prefix/node_modules/.bin/node" ]; then
    keepalive_lab_log "node is $(node --version 2>/dev/null || echo missing); installing Node 24 from the npm registry into $prefix"
    npm install --silent --no-fund --no-audit --prefix "$prefix" node@24 >/dev/null
  fi
  export PATH="$prefix/node_modules/.bin:$PATH"
  keepalive_lab_log "using node $(node --version) from $prefix"
}

keepalive_lab_apt() {
  [ -n "${KEEPALIVE_LAB_APT_UPDATED:-}" ] || { apt-get update -qq; KEEPALIVE_LAB_APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

keepalive_lab_docker() {
  if docker info >/dev/null 2>&1; then
    keepalive_lab_log "docker engine $(docker info --format '{{.ServerVersion}}') is running"
    return 0
  fi
  if ! command -v dockerd >/dev/null; then
    keepalive_lab_log "installing docker.io and iptables (Debian packages)"
    keepalive_lab_apt docker.io iptables
  fi
  local log=/var/log/keepalive-lab-dockerd.log
  keepalive_lab_log "starting dockerd (log: $log)"
  nohup dockerd >"$log" 2>&1 &
  local waited=0
  until docker info >/dev/null 2>&1; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -ge 60 ]; then
      tail -n 20 "$log" >&2
      keepalive_lab_log "dockerd did not answer within 30 s (log above)"
      return 1
    fi
  done
  keepalive_lab_log "docker engine $(docker info --format '{{.ServerVersion}}') is up"
}

keepalive_lab_debootstrap() {
  command -v debootstrap >/dev/null && return 0
  keepalive_lab_log "installing debootstrap (for the offline base image)"
  keepalive_lab_apt debootstrap
}

keepalive_lab_tshark() {
  command -v tshark >/dev/null && return 0
  keepalive_lab_log "installing tshark (the unit tests cross-check the lab's TCP classifier against it)"
  keepalive_lab_apt tshark
}

keepalive_lab_node && keepalive_lab_docker && keepalive_lab_debootstrap && keepalive_lab_tshark
