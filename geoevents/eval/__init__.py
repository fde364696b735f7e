"""geoevents.eval"""
