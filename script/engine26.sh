#!/usr/bin/env bash
# A private Docker engine 26 (Debian trixie's docker.io, containerd 1.7) with
# the containerd image store, beside the main engine and without installing
# anything over it: the two trixie .debs are downloaded (apt-get download, the
# trixie source and its pin come from script/test-env.sh) and unpacked
# (dpkg -x) under .tmp/test-env/engine26/root, and dockerd runs with its own
# socket, data-root, exec-root, pidfile and containerd. The main dockerd and
# its containerd are never touched. Bookworm's runc is used (trixie's needs
# glibc 2.38).
# With it, buildx's docker driver can export cache, build several platforms
# and attach attestations: __tests__/e2e/build.test.ts runs those tests
# against it (and fails them under CI=true when it does not answer).
# script/test-env.sh runs this; by hand:
#   bash script/engine26.sh        start (idempotent; instant when it answers)
#   bash script/engine26.sh stop   stop this engine only (by its pid files)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Under the test environment's state, so every checkout that shares it shares
# one engine. Keep the path short: unix socket paths end at 107 bytes.
mkdir -p "$root/.tmp/test-env"
dir="$(cd "$root/.tmp/test-env" && pwd -P)/engine26"
s="$dir/state"
host="unix://$dir/docker.sock"
say() { echo "engine26: $*"; }
die() {
  echo "engine26: error: $*" >&2
  exit 1
}
up() { DOCKER_HOST=$host timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
alive() {
  local pid
  pid=$(cat "$s/$1.pid" 2>/dev/null || true)
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

if [[ "${1:-}" == stop ]]; then
  for p in dockerd containerd; do
    if alive "$p"; then
      pid=$(<"$s/$p.pid")
      kill "$pid"
      for _ in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
      done
    fi
  done
  say "stopped"
  exit 0
fi
if up; then
  say "ready: DOCKER_HOST=$host"
  exit 0
fi
[[ $EUID -eq 0 ]] || die "starting a Docker engine needs root"
((${#dir} + 30 < 107)) || die "$dir is too long for the unix sockets below it (107 bytes)"
command -v runc >/dev/null 2>&1 || die "no runc on PATH (bookworm's runc package provides it)"

mkdir -p "$dir/debs" "$s"
if [[ ! -x "$dir/root/usr/sbin/dockerd" || ! -x "$dir/root/usr/bin/containerd" ]]; then
  [[ "$(apt-cache policy docker.io 2>/dev/null)" == *trixie* ]] ||
    die "apt has no trixie source (bash script/test-env.sh adds one, pinned)"
  say "downloading trixie's docker.io and containerd (apt-get download, unpacked under $dir/root)"
  rm -rf "$dir/debs" "$dir/root.tmp"
  mkdir -p "$dir/debs" "$dir/root.tmp"
  (cd "$dir/debs" && apt-get download docker.io/trixie containerd/trixie >"$dir/download.log" 2>&1) ||
    die "apt-get download failed (log: $dir/download.log)"
  for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root.tmp"; done
  # Bookworm's runc, found on PATH, runs the containers.
  rm -f "$dir/root.tmp/usr/bin/runc" "$dir/root.tmp/usr/sbin/runc"
  rm -rf "$dir/root" "$dir/debs"
  mv "$dir/root.tmp" "$dir/root"
fi
export PATH="$dir/root/usr/bin:$dir/root/usr/sbin:$PATH"
mkdir -p "$s/containerd-root" "$s/containerd-state" "$s/data" "$s/exec"
cat >"$s/containerd.toml" <<EOT
version = 2
root = "$s/containerd-root"
state = "$s/containerd-state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$s/containerd.sock"
[ttrpc]
  address = "$s/containerd.sock.ttrpc"
[debug]
  address = "$s/containerd-debug.sock"
EOT
# native = containerd's copy snapshotter (like vfs): works where overlayfs does not.
echo '{"features": {"containerd-snapshotter": true}, "storage-driver": "native"}' >"$s/daemon.json"
# Daemons are detached and keep no descriptor of the caller (test-env.sh's lock is fd 9).
if ! alive containerd; then
  rm -f "$s/containerd.sock" "$s/containerd.sock.ttrpc"
  setsid nohup containerd --config "$s/containerd.toml" </dev/null >>"$s/containerd.log" 2>&1 9>&- &
  echo $! >"$s/containerd.pid"
  for _ in $(seq 1 50); do
    [[ -S "$s/containerd.sock" ]] && break
    sleep 0.2
  done
  [[ -S "$s/containerd.sock" ]] || { tail -n 20 "$s/containerd.log" >&2; die "containerd 1.7 did not start"; }
fi
group=()
# test-env.sh, run by a user with sudo, lets that user's group use the socket.
[[ -z "${ENGINE26_GROUP:-}" ]] || group=(--group "$ENGINE26_GROUP")
if ! alive dockerd; then
  say "starting dockerd 26 (log: $s/dockerd.log)"
  setsid nohup dockerd "${group[@]}" --config-file "$s/daemon.json" --containerd "$s/containerd.sock" \
    -H "$host" --data-root "$s/data" --exec-root "$s/exec" --pidfile "$s/dockerd.pid" \
    --iptables=false --ip6tables=false --bridge=none </dev/null >>"$s/dockerd.log" 2>&1 9>&- &
fi
for _ in $(seq 1 120); do
  up && break
  sleep 0.5
done
up || { tail -n 20 "$s/dockerd.log" >&2; die "dockerd 26 did not answer within 60 s"; }
say "ready: docker $(DOCKER_HOST=$host docker version --format '{{.Server.Version}}'), DOCKER_HOST=$host"
