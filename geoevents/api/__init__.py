"""The JSON API under /api/ (`routes`), with the server's HTTP plumbing (`middleware`) and error responses
(`handlers`). It does not know the dashboard: `geoevents.server.create_app` puts both on one app."""
