"""The JSON API (django-ninja): one router per institution, OpenAPI at /api/v1/openapi.json."""
