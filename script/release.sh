#!/usr/bin/env bash
# Publishes the release of a pushed version tag; .github/workflows/release.yml
# runs it on every `v*.*.*` tag.
#
#   bash script/release.sh [--dry-run] [--remote NAME] vX.Y.Z[-PRE]
#
# 1. Checks, before anything changes: the tag exists and is vX.Y.Z (or
#    vX.Y.Z-PRE); package.json at the tag says X.Y.Z; CHANGELOG.md at the tag
#    has a non-empty `## [X.Y.Z]` section; the working tree is the tag's
#    commit; dist/ is what the sources build to (script/check-dist.sh); the
#    tree ships what a release must (script/release-files.ts).
# 2. Creates the GitHub release of the tag (gh), that section as its notes; a
#    pre-release for vX.Y.Z-PRE. A release that exists already is left as is,
#    so a re-run only finishes what is missing.
# 3. Moves the major tag (vX) to the tag's commit and pushes it, unless a
#    higher X.*.* release exists (a patch of an older line never moves vX
#    back) or this is a pre-release.
#
# --dry-run does every check of step 1 and prints what steps 2 and 3 would do,
# changing nothing (no gh call, no tag written or pushed).
set -euo pipefail

dry_run=false
remote=origin
tag=
while (($#)); do
  case $1 in
    --dry-run) dry_run=true; shift ;;
    --remote) remote=${2:?--remote needs a name}; shift 2 ;;
    -*) echo "release: unknown option $1 (use --dry-run, --remote NAME)" >&2; exit 2 ;;
    *) [[ -z $tag ]] || { echo "release: one tag only" >&2; exit 2; }; tag=$1; shift ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { echo "release: $*"; }
die() {
  echo "::error::release: $*" >&2
  exit 1
}
# Runs a command that changes something, or only prints it on a dry run.
act() {
  if $dry_run; then
    say "would run: $*"
  else
    say "running: $*"
    "$@"
  fi
}

[[ -n $tag ]] || die "no tag given: bash script/release.sh [--dry-run] vX.Y.Z"
[[ $tag =~ ^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$ ]] ||
  die "tag $tag is not a version tag vX.Y.Z (or vX.Y.Z-PRE)"
version=${tag#v}
major=v${BASH_REMATCH[1]}
prerelease=${BASH_REMATCH[4]}

commit=$(git rev-parse --verify --quiet "refs/tags/$tag^{commit}") ||
  die "tag $tag does not exist here (fetch the tags: actions/checkout with fetch-depth: 0)"
head=$(git rev-parse HEAD)
[[ $head == "$commit" ]] ||
  die "the working tree is at ${head:0:12}, not at $tag (${commit:0:12}): check out the tag first"

# package.json and the changelog, as committed at the tag.
pkg_version=$(git show "$commit:package.json" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).version ?? ""))')
[[ $pkg_version == "$version" ]] ||
  die "package.json at $tag says version \"$pkg_version\", the tag says $version: set \"version\": \"$version\" and tag that commit"

notes=$(mktemp "${TMPDIR:-/tmp}/release-notes.XXXXXX")
trap 'rm -f "$notes"' EXIT
# The lines after "## [X.Y.Z]" up to the next "## " heading, blank edges trimmed.
git show "$commit:CHANGELOG.md" | awk -v want="## [$version]" '
  index($0, "## ") == 1 { if (inside) exit; inside = (index($0, want) == 1); next }
  inside { lines[++n] = $0; if ($0 ~ /[^[:space:]]/) { if (!first) first = n; last = n } }
  END { for (i = first; first && i <= last; i++) print lines[i] }
' >"$notes"
[[ -s $notes ]] ||
  die "CHANGELOG.md at $tag has no \"## [$version]\" section with text: move the Unreleased entries under it"

say "$tag is ${commit:0:12}, package.json $pkg_version, changelog section of $(wc -l <"$notes") lines"

bash script/check-dist.sh || die "dist/ does not match the sources at $tag"
npx --no-install tsx script/release-files.ts --ref "$commit" --quiet ||
  die "$tag does not ship what a release must (script/release-files.ts)"

# 2. The GitHub release.
if ! $dry_run && gh release view "$tag" >/dev/null 2>&1; then
  say "the GitHub release $tag exists already; left as it is"
else
  flags=(--verify-tag --title "$tag" --notes-file "$notes")
  [[ -z $prerelease ]] || flags+=(--prerelease)
  act gh release create "$tag" "${flags[@]}"
  if $dry_run; then
    say "release notes:"
    sed 's/^/  | /' "$notes"
  fi
fi

# 3. The major tag, only ever forward.
if [[ -n $prerelease ]]; then
  say "pre-release: $major stays where it is"
  exit 0
fi
newest=$(git tag --list "$major.*.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1)
if [[ $newest != "$tag" ]]; then
  say "$newest is newer than $tag: $major stays where it is"
  exit 0
fi
current=$(git rev-parse --verify --quiet "refs/tags/$major^{commit}" || true)
if [[ $current == "$commit" ]]; then
  say "$major is at $tag already"
  exit 0
fi
act git tag --force "$major" "$commit" # lightweight: needs no committer identity
act git push --force "$remote" "refs/tags/$major"
say "$major -> $tag (${commit:0:12})"
