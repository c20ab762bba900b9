#!/usr/bin/env bash
# Installs node_modules exactly as package-lock.json says: `npm ci`, and when
# npm ci refuses the lockfile only because optional platform packages it
# lists for other systems are not on the registry (npm 11 then reports
# "Missing: @unrs/resolver-binding-…" and EUSAGE), `npm install` from the same
# lockfile, which skips those the same way and keeps every locked version.
# The lockfile is left as committed either way.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec </dev/null
mkdir -p .tmp
log=.tmp/npm-ci.log

if npm ci --no-audit --no-fund --loglevel=error --no-progress >"$log" 2>&1; then
  grep -v -e '^npm warn' "$log" || true
  exit 0
fi
if ! grep -q 'EUSAGE' "$log" || ! grep -q 'Missing: ' "$log"; then
  cat "$log" >&2
  echo "npm-install: npm ci failed (log above)" >&2
  exit 1
fi
missing=$(grep -c 'Missing: ' "$log" || true)
echo "npm-install: npm ci refused the lockfile ($missing optional packages for other platforms are not on this registry); installing from the same lockfile with npm install"
cp package-lock.json .tmp/package-lock.committed.json
npm install --no-audit --no-fund --loglevel=error --no-progress
if ! cmp -s package-lock.json .tmp/package-lock.committed.json; then
  echo "npm-install: npm install rewrote package-lock.json; restoring the committed one so the work tree stays clean"
  cp .tmp/package-lock.committed.json package-lock.json
fi
