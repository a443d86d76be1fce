#!/usr/bin/env bash
# Refresh the vendored front-end assets from the npm registry: the NL Design System CSS
# and pdf.js (the document viewer, governance:document-read).
# Usage: scripts/vendor-assets.sh [utrecht-version] [voorbeeld-tokens-version] [pdfjs-version]
set -euo pipefail
cd "$(dirname "$0")/.."
UTRECHT=${1:-9.0.4}
TOKENS=${2:-7.4.1}
PDFJS=${3:-5.7.284}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

vendor_nl_design_system() {
  (cd "$tmp" && npm pack --silent "@utrecht/component-library-css@$UTRECHT" "@nl-design-system-unstable/voorbeeld-design-tokens@$TOKENS" >/dev/null)
  local dest=static/vendor/nl-design-system
  mkdir -p "$tmp/u" "$tmp/t"
  tar xzf "$tmp"/utrecht-component-library-css-"$UTRECHT".tgz -C "$tmp/u"
  tar xzf "$tmp"/nl-design-system-unstable-voorbeeld-design-tokens-"$TOKENS".tgz -C "$tmp/t"
  cp "$tmp/u/package/dist/index.css" "$tmp/u/package/LICENSE.md" "$dest/utrecht-component-library-css/"
  cp "$tmp/t/package/dist/theme.css" "$tmp/t/package/LICENSE.md" "$dest/voorbeeld-design-tokens/"
  echo "Vendored @utrecht/component-library-css@$UTRECHT and voorbeeld-design-tokens@$TOKENS; update $dest/README.md."
}

# Only the two minified ES modules (library and worker) and the licence; the text layer
# rules are our own (static/css/hecht.css, "Document viewer"), not pdf_viewer.css.
vendor_pdfjs() {
  (cd "$tmp" && npm pack --silent "pdfjs-dist@$PDFJS" >/dev/null)
  local dest=static/vendor/pdfjs
  mkdir -p "$tmp/p" "$dest"
  tar xzf "$tmp"/pdfjs-dist-"$PDFJS".tgz -C "$tmp/p"
  cp "$tmp/p/package/build/pdf.min.mjs" "$tmp/p/package/build/pdf.worker.min.mjs" "$tmp/p/package/LICENSE" "$dest/"
  echo "Vendored pdfjs-dist@$PDFJS; update $dest/README.md."
}

vendor_nl_design_system
vendor_pdfjs
