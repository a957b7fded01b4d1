// Swagger UI for the OpenAPI document; calls made from it carry the session's CSRF token.
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof SwaggerUIBundle === "undefined") return;
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  SwaggerUIBundle({
    url: el.getAttribute("data-url"), dom_id: "#swagger-ui", deepLinking: true,
    requestInterceptor: function (req) { req.headers["X-CSRF-Token"] = csrf; return req; }
  });
})();
