"""Helpers shared by the HTTP API and browser tests: a hand-made sample store and a real uvicorn server."""
