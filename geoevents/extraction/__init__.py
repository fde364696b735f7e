"""Event coding: triggers, arguments, factuality, dates and places -> PLOVER Event records."""

from geoevents.extraction.extract import EventExtractor, primary_event

__all__ = ["EventExtractor", "primary_event"]
