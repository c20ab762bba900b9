#!/usr/bin/env bash
# OPT-IN, not run by test-env.sh: a private Docker engine 26 (Debian trixie's
# docker.io, containerd 1.7) with the containerd image store, beside the
# shared engine and without installing anything: the trixie .debs are
# downloaded (apt-get download) and unpacked (dpkg -x) under .tmp/engine26,
# and dockerd runs with its own socket, data-root, exec-root, pidfile and
# containerd. Bookworm's runc is used (trixie's needs glibc 2.38).
# With it, the docker driver can export cache, build several platforms and
# attach attestations; the e2e tests in __tests__/e2e/build.test.ts that need
# that run against it when .tmp/engine26/docker.sock answers.
#   bash script/engine26.sh        start (idempotent), prints the DOCKER_HOST
#   bash script/engine26.sh stop   stop this engine only (by its pid files)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/.tmp/engine26"
s="$dir/state"
host="unix://$dir/docker.sock"
say() { echo "engine26: $*"; }
die() { echo "engine26: error: $*" >&2; exit 1; }
up() { DOCKER_HOST=$host timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if [[ "${1:-}" == stop ]]; then
  for p in dockerd containerd; do
    pid=$(cat "$s/$p.pid" 2>/dev/null || true)
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
  done
  say "stopped"
  exit 0
fi
if up; then say "ready: DOCKER_HOST=$host"; exit 0; fi

mkdir -p "$dir/debs" "$s"
if [[ ! -x "$dir/root/usr/sbin/dockerd" ]]; then
  [[ "$(apt-cache policy docker.io 2>/dev/null)" == *trixie* ]] ||
    die "no trixie source for apt (bash script/test-env.sh adds one, pinned)"
  (cd "$dir/debs" && apt-get download docker.io/trixie containerd/trixie >"$dir/download.log" 2>&1) ||
    die "apt-get download failed (log: $dir/download.log)"
  for deb in "$dir"/debs/*.deb; do dpkg -x "$deb" "$dir/root"; done
  rm -f "$dir/root/usr/bin/runc" "$dir/root/usr/sbin/runc"
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
setsid nohup containerd --config "$s/containerd.toml" </dev/null >>"$s/containerd.log" 2>&1 &
echo $! >"$s/containerd.pid"
for _ in $(seq 1 50); do [[ -S "$s/containerd.sock" ]] && break; sleep 0.2; done
setsid nohup dockerd --config-file "$s/daemon.json" --containerd "$s/containerd.sock" \
  -H "$host" --data-root "$s/data" --exec-root "$s/exec" --pidfile "$s/dockerd.pid" \
  --iptables=false --ip6tables=false --bridge=none </dev/null >>"$s/dockerd.log" 2>&1 &
for _ in $(seq 1 120); do up && break; sleep 0.5; done
up || { tail -n 20 "$s/dockerd.log" >&2; die "dockerd 26 did not answer within 60 s"; }
say "ready: docker $(DOCKER_HOST=$host docker version --format '{{.Server.Version}}'), DOCKER_HOST=$host"
