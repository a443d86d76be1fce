"""Agenda packs and decision lists as PDF (views/packs.py); included in the
``governance`` namespace by governance/urls.py."""

from django.urls import path

from governance.views import packs

urlpatterns = [
    path("vergaderingen/<int:pk>/vergaderboek.pdf", packs.pack_download, name="pack-download"),
    path(
        "openbaar/vergaderingen/<int:pk>/vergaderboek.pdf",
        packs.public_pack_download,
        name="public-pack-download",
    ),
    path(
        "vergaderingen/<int:pk>/besluitenlijst.pdf",
        packs.decision_list_pdf,
        name="decision-list-pdf",
    ),
    path(
        "openbaar/vergaderingen/<int:pk>/besluitenlijst.pdf",
        packs.public_decision_list_pdf,
        name="public-decision-list-pdf",
    ),
    path(
        "vergaderingen/<int:pk>/vergaderboek/status/",
        packs.pack_status,
        name="pack-status",
    ),
    path(
        "vergaderingen/<int:pk>/vergaderboek/opnieuw/",
        packs.pack_rebuild,
        name="pack-rebuild",
    ),
]
