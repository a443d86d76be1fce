"""The public portal (``openbaar/``), the open data API (``api/v1/``) and the Woo sitemap.

No login anywhere: what they show is decided by ``governance.publication`` only.
"""

from django.urls import path

import hecht.converters  # noqa: F401  (registers <id:…>, <token:…>, <code:…>)
from governance.views import api, public

urlpatterns = [
    # --- portal (views/public.py) ------------------------------------------------------
    path("openbaar/", public.public_home, name="public-home"),
    path("openbaar/vergaderingen/", public.public_meetings, name="public-meetings"),
    path("openbaar/vergaderingen/<id:pk>/", public.public_meeting, name="public-meeting"),
    path(
        "openbaar/documenten/<id:pk>/download/",
        public.public_document_download,
        name="public-document-download",
    ),
    path("openbaar/zoeken/", public.public_search, name="public-search"),
    path("sitemap-woo.xml", public.public_sitemap, name="public-sitemap"),
    # --- open data API (views/api.py) ----------------------------------------------------
    path("api/v1/vergaderingen/", api.api_meetings, name="public-api-meetings"),
    path("api/v1/vergaderingen/<id:pk>/", api.api_meeting, name="public-api-meeting"),
    path("api/v1/agendapunten/", api.api_agenda_items, name="public-api-agenda-items"),
    path("api/v1/documenten/", api.api_documents, name="public-api-documents"),
    path("api/v1/besluiten/", api.api_decisions, name="public-api-decisions"),
    path("api/v1/openapi.json", api.api_openapi, name="public-api-openapi"),
]
