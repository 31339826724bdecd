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
# The REST API's documentation page (/api/v1/docs/) renders the OpenAPI schema with Swagger UI.
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js static/vendor/swagger-ui-bundle.js
cp node_modules/swagger-ui-dist/swagger-ui.css static/vendor/swagger-ui.css
cp node_modules/swagger-ui-dist/LICENSE static/vendor/swagger-ui.LICENSE
# axe-core checks pages for WCAG violations in the browser tests (never linked from a page).
cp node_modules/axe-core/axe.min.js static/vendor/axe.min.js
cp node_modules/axe-core/LICENSE static/vendor/axe-core.LICENSE
echo "static/vendor: $(ls static/vendor | tr '\n' ' ')"
