"""Event coding: triggers, arguments, factuality, dates and places -> PLOVER Event records."""

from geoevents.events.extract import EventExtractor, ExtractionResult, primary_event

__all__ = ["EventExtractor", "ExtractionResult", "primary_event"]
