from django.urls import path

from governance import urls_accounts, urls_packs, urls_public
from governance.views import (
    actions,
    agenda,
    decisions,
    documents,
    feeds,
    meetings,
    proposals,
    publication,
    reminders,
)

app_name = "governance"

urlpatterns = [
    path("", meetings.home, name="home"),
    # --- my tasks and reminders (views/reminders.py) ----------------------------------
    path("mijn-taken/", reminders.my_tasks, name="my-tasks"),
    path("mijn-taken/aantal/", reminders.my_tasks_count, name="my-tasks-count"),
    path("mijn-taken/herinneringen/", reminders.reminder_preferences, name="reminder-preferences"),
    path("mijn-taken/nu-versturen/", reminders.reminders_send_now, name="reminders-send-now"),
    # --- meetings -----------------------------------------------------------------
    path("vergaderingen/", meetings.meeting_calendar, name="meeting-calendar"),
    path("vergaderingen/<int:year>/<int:month>/", meetings.meeting_month, name="meeting-month"),
    path("vergaderingen/nieuw/", meetings.meeting_create, name="meeting-create"),
    path("vergaderingen/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("vergaderingen/<int:pk>/wijzigen/", meetings.meeting_edit, name="meeting-edit"),
    path("vergaderingen/<int:pk>/wijzigingen/", meetings.meeting_history, name="meeting-history"),
    # --- publication (views/publication.py) ------------------------------------------
    path(
        "vergaderingen/<int:pk>/publicatie/",
        publication.meeting_publication,
        name="meeting-publication",
    ),
    path(
        "vergaderingen/<int:pk>/publicatie/agenda/",
        publication.agenda_publish,
        name="meeting-publish-agenda",
    ),
    path(
        "vergaderingen/<int:pk>/publicatie/agenda/intrekken/",
        publication.agenda_unpublish,
        name="meeting-unpublish-agenda",
    ),
    path(
        "vergaderingen/<int:pk>/publicatie/besluitenlijst/",
        publication.decisions_publish,
        name="meeting-publish-decisions",
    ),
    path(
        "vergaderingen/<int:pk>/publicatie/besluitenlijst/intrekken/",
        publication.decisions_unpublish,
        name="meeting-unpublish-decisions",
    ),
    # --- proposals, route, agenda (views/proposals.py, views/agenda.py) -------------
    path("voorstellen/", proposals.proposal_list, name="proposal-list"),
    path("voorstellen/nieuw/", proposals.proposal_create, name="proposal-create"),
    path("voorstellen/<int:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("voorstellen/<int:pk>/wijzigen/", proposals.proposal_edit, name="proposal-edit"),
    path("voorstellen/<int:pk>/intrekken/", proposals.proposal_withdraw, name="proposal-withdraw"),
    path("voorstellen/<int:pk>/route/", proposals.proposal_route, name="proposal-route"),
    path("voorstellen/<int:pk>/wijzigingen/", proposals.proposal_history, name="proposal-history"),
    path("vergaderingen/<int:pk>/agenda/", agenda.agenda_builder, name="agenda-builder"),
    path("agendapunten/<int:pk>/wijzigen/", agenda.agenda_item_edit, name="agenda-item-edit"),
    path("agendapunten/<int:pk>/verplaatsen/", agenda.agenda_item_move, name="agenda-item-move"),
    path(
        "agendapunten/<int:pk>/verwijderen/", agenda.agenda_item_delete, name="agenda-item-delete"
    ),
    # --- documents and cover notes (views/documents.py) -----------------------------
    path(
        "voorstellen/<int:pk>/documenten/nieuw/",
        documents.proposal_document_upload,
        name="proposal-document-upload",
    ),
    path(
        "agendapunten/<int:pk>/documenten/nieuw/",
        documents.item_document_upload,
        name="item-document-upload",
    ),
    path("documenten/<int:pk>/", documents.document_detail, name="document-detail"),
    path(
        "documenten/<int:pk>/nieuwe-versie/",
        documents.document_version_upload,
        name="document-version-upload",
    ),
    path(
        "documentversies/<int:pk>/download/",
        documents.document_version_download,
        name="document-version-download",
    ),
    path("voorstellen/<int:pk>/oplegger/", documents.covernote_detail, name="covernote-detail"),
    path(
        "voorstellen/<int:pk>/oplegger/wijzigen/",
        documents.covernote_edit,
        name="covernote-edit",
    ),
    # --- decisions and written procedures (views/decisions.py) ----------------------
    path("agendapunten/<int:pk>/", decisions.agenda_item_detail, name="agenda-item-detail"),
    path("agendapunten/<int:pk>/besluit/", decisions.decision_record, name="decision-record"),
    path("vergaderingen/<int:pk>/besluitenlijst/", decisions.decision_list, name="decision-list"),
    path("agendapunten/<int:pk>/reactie/", decisions.written_respond, name="written-respond"),
    path(
        "vergaderingen/<int:pk>/schriftelijke-ronde/afronden/",
        decisions.written_close,
        name="written-close",
    ),
    # --- actions and development programme (views/actions.py) -----------------------
    path("acties/", actions.action_list, name="action-list"),
    path("acties/nieuw/", actions.action_create, name="action-create"),
    path("acties/<int:pk>/", actions.action_detail, name="action-detail"),
    path("acties/<int:pk>/wijzigen/", actions.action_edit, name="action-edit"),
    path("acties/<int:pk>/wijzigingen/", actions.action_history, name="action-history"),
    path("acties/<int:pk>/voortgang/", actions.action_note_add, name="action-note-add"),
    path("ontwikkelagenda/", actions.programme_overview, name="programme-overview"),
    path("ontwikkelagenda/sporen/<int:pk>/", actions.track_detail, name="track-detail"),
    path("ontwikkelagenda/sporen/<int:pk>/wijzigen/", actions.track_edit, name="track-edit"),
    # --- calendar feeds (views/feeds.py) --------------------------------------------
    # No pk: the public feeds take nothing, the personal one a secret key (a credential,
    # not an object id) — their permission tests are in tests/governance/test_feeds.py.
    path("agenda/openbaar.ics", feeds.calendar_feed_public, name="calendar-feed-public"),
    path(
        "agenda/persoonlijk/nieuwe-sleutel/",
        feeds.calendar_token_reset,
        name="calendar-token-reset",
    ),
    path(
        "agenda/persoonlijk/<str:token>.ics",
        feeds.calendar_feed_personal,
        name="calendar-feed-personal",
    ),
    path("agenda/<str:code>.ics", feeds.calendar_feed_body, name="calendar-feed-body"),
]

# Agenda packs and decision-list PDFs (urls_packs.py), the public portal, open data
# API and Woo sitemap (urls_public.py) and the account pages (urls_accounts.py) keep
# their own route lists.
urlpatterns += urls_packs.urlpatterns + urls_public.urlpatterns + urls_accounts.urlpatterns
