// Starts Swagger UI on the API's schema (dxtrack/api/docs.py). A static file, not an inline
// script: the Content-Security-Policy allows scripts from this site only.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    // "Try it out" sends real requests with the reader's token; keep it, it is the point.
    tryItOutEnabled: false,
    validatorUrl: null,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
