#!/usr/bin/env bash
# Fails when the committed dist/ is not what the sources build to.
#
# Rebuilds into a temporary directory with script/package.mjs (the same build
# `npm run package` runs: every entry, main and post, with the main bundle's
# chunks) and compares it with dist/, file by file, so new and removed files
# (a chunk renamed, an entry added) count as well as changed ones. Also fails
# when dist/ has changes git has not committed: the runner executes what is
# committed.
#
#   bash script/check-dist.sh [--keep DIR]
#
# --keep DIR: on a mismatch, copy the fresh build to DIR (CI uploads it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

keep=
while (($#)); do
  case $1 in
    --keep) keep=${2:?--keep needs a directory}; shift 2 ;;
    *) echo "check-dist: unknown argument $1 (use --keep DIR)" >&2; exit 2 ;;
  esac
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-dist.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "check-dist: building dist/ into a temporary directory"
node script/package.mjs --out "$tmp/fresh" --quiet

if [[ ! -d dist ]]; then
  echo "::error::dist/ is missing. Run 'npm run package' and commit dist/." >&2
  exit 1
fi
cp -R dist "$tmp/committed"

if ! (cd "$tmp" && diff -rq committed fresh >changes.txt 2>&1); then
  {
    echo "::error::dist/ does not match the sources. Run 'npm run package' and commit dist/."
    echo "Files that differ (committed: dist/ as it is, fresh: built from the sources now):"
    cat "$tmp/changes.txt"
    echo
    echo "Diff stat:"
    (cd "$tmp" && git diff --no-index --stat=100 --text -- committed fresh) || true
    echo
    echo "First lines of the diff:"
    (cd "$tmp" && diff -ru --text committed fresh | head -n 60) || true
  } >&2
  if [[ -n "$keep" ]]; then
    rm -rf "$keep" && mkdir -p "$keep" && cp -R "$tmp/fresh/." "$keep/"
    echo "check-dist: the fresh build is in $keep" >&2
  fi
  exit 1
fi

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  pending=$(git status --porcelain --untracked-files=all -- dist)
  if [[ -n "$pending" ]]; then
    {
      echo "::error::dist/ matches the sources but is not committed:"
      echo "$pending"
      echo "Commit dist/ (the runner executes the committed bundle)."
    } >&2
    exit 1
  fi
fi

echo "check-dist: dist/ is up to date ($(find dist -type f | wc -l) files)"
