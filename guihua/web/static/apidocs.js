// Swagger UI from the vendored bundle; the validator badge (an outside call) is turned off.
// "Try it out" runs with the logged-in session: writes carry its CSRF token (the page's meta tag).
window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", validatorUrl: null,
  deepLinking: true, presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout",
  requestInterceptor: function (req) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) req.headers["X-CSRF-Token"] = meta.getAttribute("content");
    return req;
  } });
