#!/usr/bin/env bash
# Refresh the vendored NL Design System CSS from the npm registry.
# Usage: scripts/vendor-assets.sh [utrecht-version] [voorbeeld-tokens-version]
set -euo pipefail
cd "$(dirname "$0")/.."
UTRECHT=${1:-9.0.4}
TOKENS=${2:-7.4.1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@utrecht/component-library-css@$UTRECHT" "@nl-design-system-unstable/voorbeeld-design-tokens@$TOKENS" >/dev/null)
dest=static/vendor/nl-design-system
mkdir -p "$tmp/u" "$tmp/t"
tar xzf "$tmp"/utrecht-component-library-css-"$UTRECHT".tgz -C "$tmp/u"
tar xzf "$tmp"/nl-design-system-unstable-voorbeeld-design-tokens-"$TOKENS".tgz -C "$tmp/t"
cp "$tmp/u/package/dist/index.css" "$tmp/u/package/LICENSE.md" "$dest/utrecht-component-library-css/"
cp "$tmp/t/package/dist/theme.css" "$tmp/t/package/LICENSE.md" "$dest/voorbeeld-design-tokens/"
echo "Vendored @utrecht/component-library-css@$UTRECHT and voorbeeld-design-tokens@$TOKENS; update $dest/README.md."
