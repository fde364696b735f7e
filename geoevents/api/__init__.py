"""The geoevents HTTP API and dashboard server: `create_app(settings)` and `serve(settings, host, port, token)`."""

from geoevents.api.app import create_app, serve

__all__ = ["create_app", "serve"]
