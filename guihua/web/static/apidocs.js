// Swagger UI from the vendored bundle; the validator badge (an outside call) is turned off.
window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", validatorUrl: null,
  deepLinking: true, presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout" });
