"""geoevents.web"""
