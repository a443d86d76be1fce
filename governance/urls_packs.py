"""Agenda packs and decision lists as PDF (views/packs.py); included in the
``governance`` namespace by governance/urls.py."""

from django.urls import path

import hecht.converters  # noqa: F401  (registers <id:…>, <token:…>, <code:…>)
from governance.views import packs

urlpatterns = [
    path("vergaderingen/<id:pk>/vergaderboek.pdf", packs.pack_download, name="pack-download"),
    path(
        "openbaar/vergaderingen/<id:pk>/vergaderboek.pdf",
        packs.public_pack_download,
        name="public-pack-download",
    ),
    path(
        "vergaderingen/<id:pk>/besluitenlijst.pdf",
        packs.decision_list_pdf,
        name="decision-list-pdf",
    ),
    path(
        "openbaar/vergaderingen/<id:pk>/besluitenlijst.pdf",
        packs.public_decision_list_pdf,
        name="public-decision-list-pdf",
    ),
    path(
        "vergaderingen/<id:pk>/vergaderboek/status/",
        packs.pack_status,
        name="pack-status",
    ),
    path(
        "vergaderingen/<id:pk>/vergaderboek/opnieuw/",
        packs.pack_rebuild,
        name="pack-rebuild",
    ),
]
