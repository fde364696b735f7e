"""What the JSON API (geoevents.api) and the dashboard (geoevents.web) share, so that neither imports the other:

- `service`: `EventService`, the app's one store (every call under one lock) and its lazily loaded pipeline;
- `params`: query parameters and request bodies, validated once;
- `data`: what each endpoint returns - the HTML page of the same name renders the very same records;
- `deps`: the FastAPI dependencies both declare; `names`: display names of entity codes.

`geoevents.server` assembles the app from the API's routes and the dashboard's pages.
"""
