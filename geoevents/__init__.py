"""geoevents: news to PLOVER political event data."""
__version__ = "0.1.0"
