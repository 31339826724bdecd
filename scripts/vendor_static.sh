#!/bin/sh
# Install the JavaScript libraries of package-lock.json from the npm registry and copy their
# built files into static/vendor/ (git-ignored), from where Django serves them. Nothing is
# ever loaded from a CDN. Run from anywhere; needs Node.js and npm.
set -eu
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
mkdir -p static/vendor
cp node_modules/chart.js/dist/chart.umd.min.js static/vendor/chart.umd.min.js
cp node_modules/chart.js/LICENSE.md static/vendor/chart.js.LICENSE.md
echo "static/vendor: $(ls static/vendor | tr '\n' ' ')"
