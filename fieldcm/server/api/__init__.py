"""The HTTP API: routes, dependencies, error handlers and request middleware."""
