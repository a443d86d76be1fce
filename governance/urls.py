from django.urls import path

import hecht.converters  # noqa: F401  (registers <id:…>, <token:…>, <code:…>)
from governance import urls_accounts, urls_packs, urls_public
from governance.views import (
    actions,
    agenda,
    cover_notes,
    days_off,
    decisions,
    documents,
    feeds,
    meetings,
    notes,
    proposals,
    publication,
    reminders,
    review,
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
    path("vergaderingen/<id:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("vergaderingen/<id:pk>/wijzigen/", meetings.meeting_edit, name="meeting-edit"),
    path("vergaderingen/<id:pk>/wijzigingen/", meetings.meeting_history, name="meeting-history"),
    # --- publication (views/publication.py) ------------------------------------------
    path(
        "vergaderingen/<id:pk>/publicatie/",
        publication.meeting_publication,
        name="meeting-publication",
    ),
    path(
        "vergaderingen/<id:pk>/publicatie/agenda/",
        publication.agenda_publish,
        name="meeting-publish-agenda",
    ),
    path(
        "vergaderingen/<id:pk>/publicatie/agenda/intrekken/",
        publication.agenda_unpublish,
        name="meeting-unpublish-agenda",
    ),
    path(
        "vergaderingen/<id:pk>/publicatie/besluitenlijst/",
        publication.decisions_publish,
        name="meeting-publish-decisions",
    ),
    path(
        "vergaderingen/<id:pk>/publicatie/besluitenlijst/intrekken/",
        publication.decisions_unpublish,
        name="meeting-unpublish-decisions",
    ),
    # --- proposals, route, agenda (views/proposals.py, views/agenda.py) -------------
    path("voorstellen/", proposals.proposal_list, name="proposal-list"),
    path("voorstellen/nieuw/", proposals.proposal_create, name="proposal-create"),
    path("voorstellen/<id:pk>/", proposals.proposal_detail, name="proposal-detail"),
    path("voorstellen/<id:pk>/wijzigen/", proposals.proposal_edit, name="proposal-edit"),
    path("voorstellen/<id:pk>/intrekken/", proposals.proposal_withdraw, name="proposal-withdraw"),
    path("voorstellen/<id:pk>/route/", proposals.proposal_route, name="proposal-route"),
    path(
        "voorstellen/<id:pk>/route/stap-toevoegen/",
        proposals.route_step_add,
        name="route-step-add",
    ),
    path("voorstellen/<id:pk>/route/plannen/", proposals.route_plan, name="route-plan"),
    path("routestappen/<id:pk>/verplaatsen/", proposals.route_step_move, name="route-step-move"),
    path(
        "routestappen/<id:pk>/verwijderen/", proposals.route_step_remove, name="route-step-remove"
    ),
    path(
        "routestappen/<id:pk>/vergadering/",
        proposals.route_step_schedule,
        name="route-step-schedule",
    ),
    path("voorstellen/<id:pk>/wijzigingen/", proposals.proposal_history, name="proposal-history"),
    path("vergaderingen/<id:pk>/agenda/", agenda.agenda_builder, name="agenda-builder"),
    path("agendapunten/<id:pk>/wijzigen/", agenda.agenda_item_edit, name="agenda-item-edit"),
    path("agendapunten/<id:pk>/verplaatsen/", agenda.agenda_item_move, name="agenda-item-move"),
    path("agendapunten/<id:pk>/verwijderen/", agenda.agenda_item_delete, name="agenda-item-delete"),
    # --- documents and cover notes (views/documents.py) -----------------------------
    path(
        "voorstellen/<id:pk>/documenten/nieuw/",
        documents.proposal_document_upload,
        name="proposal-document-upload",
    ),
    path(
        "agendapunten/<id:pk>/documenten/nieuw/",
        documents.item_document_upload,
        name="item-document-upload",
    ),
    path("documenten/<id:pk>/", documents.document_detail, name="document-detail"),
    path("documenten/<id:pk>/lezen/", documents.document_read, name="document-read"),
    path(
        "documenten/<id:pk>/nieuwe-versie/",
        documents.document_version_upload,
        name="document-version-upload",
    ),
    path(
        "documentversies/<id:pk>/download/",
        documents.document_version_download,
        name="document-version-download",
    ),
    # --- co-reading, the author's side (views/review.py) -----------------------------
    path("voorstellen/<id:pk>/meelezen/nieuw/", review.review_open, name="review-open"),
    path("meelezen/", review.review_overview, name="review-overview"),
    path("meelezen/<id:pk>/reacties/", review.review_comments, name="review-comments"),
    path(
        "meelezen/opmerkingen/<id:pk>/beantwoorden/",
        review.review_comment_answer,
        name="review-comment-answer",
    ),
    path("meelezen/<id:pk>/sluiten/", review.review_close, name="review-close"),
    path(
        "meelezen/<id:pk>/reactienota/",
        review.review_response_note,
        name="review-response-note",
    ),
    path(
        "meelezen/<id:pk>/reactienota.pdf",
        review.review_response_note_pdf,
        name="review-response-note-pdf",
    ),
    path(
        "meelezen/<id:pk>/reactienota/toevoegen/",
        review.review_response_note_attach,
        name="review-response-note-attach",
    ),
    path("voorstellen/<id:pk>/oplegger/", documents.covernote_detail, name="covernote-detail"),
    path(
        "voorstellen/<id:pk>/oplegger/gereed/",
        documents.covernote_complete,
        name="covernote-complete",
    ),
    path(
        "voorstellen/<id:pk>/oplegger/heropenen/",
        documents.covernote_reopen,
        name="covernote-reopen",
    ),
    path(
        "voorstellen/<id:pk>/oplegger/wijzigen/",
        documents.covernote_edit,
        name="covernote-edit",
    ),
    path(
        "voorstellen/<id:pk>/oplegger/versies/",
        cover_notes.covernote_versions,
        name="covernote-versions",
    ),
    # --- co-reading, the reader's side (views/review.py) -----------------------------
    path("te-lezen/", review.review_todo, name="review-todo"),
    path("meelezen/<id:pk>/", review.review_read, name="review-read"),
    path(
        "meelezen/<id:pk>/documenten/<id:version>/",
        review.review_document,
        name="review-document",
    ),
    path(
        "meelezen/<id:pk>/opmerkingen/nieuw/",
        review.review_comment_add,
        name="review-comment-add",
    ),
    path(
        "meelezen/opmerkingen/<id:pk>/wijzigen/",
        review.review_comment_edit,
        name="review-comment-edit",
    ),
    path(
        "meelezen/opmerkingen/<id:pk>/intrekken/",
        review.review_comment_withdraw,
        name="review-comment-withdraw",
    ),
    path("meelezen/<id:pk>/afronden/", review.review_finish, name="review-finish"),
    # --- decisions and written procedures (views/decisions.py) ----------------------
    path("agendapunten/<id:pk>/", agenda.agenda_item_detail, name="agenda-item-detail"),
    path("agendapunten/<id:pk>/besluit/", decisions.decision_record, name="decision-record"),
    path("vergaderingen/<id:pk>/besluitenlijst/", decisions.decision_list, name="decision-list"),
    path("agendapunten/<id:pk>/reactie/", decisions.written_respond, name="written-respond"),
    path(
        "vergaderingen/<id:pk>/schriftelijke-ronde/afronden/",
        decisions.written_close,
        name="written-close",
    ),
    # --- actions and development programme (views/actions.py) -----------------------
    path("acties/", actions.action_list, name="action-list"),
    path("acties/nieuw/", actions.action_create, name="action-create"),
    path("acties/<id:pk>/", actions.action_detail, name="action-detail"),
    path("acties/<id:pk>/wijzigen/", actions.action_edit, name="action-edit"),
    path("acties/<id:pk>/wijzigingen/", actions.action_history, name="action-history"),
    path("acties/<id:pk>/voortgang/", actions.action_note_add, name="action-note-add"),
    path("ontwikkelagenda/", actions.programme_overview, name="programme-overview"),
    path("ontwikkelagenda/sporen/<id:pk>/", actions.track_detail, name="track-detail"),
    path("ontwikkelagenda/sporen/<id:pk>/wijzigen/", actions.track_edit, name="track-edit"),
    # --- the organisation's days off (views/days_off.py) ----------------------------
    path("vrije-dagen/", days_off.days_off, name="days-off"),
    path("vrije-dagen/nieuw/", days_off.closing_day_add, name="days-off-add"),
    path("vrije-dagen/werkdag/", days_off.national_day_waive, name="days-off-waive"),
    path(
        "vrije-dagen/<id:pk>/verwijderen/",
        days_off.closing_day_remove,
        name="days-off-remove",
    ),
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
        "agenda/persoonlijk/<token:token>.ics",
        feeds.calendar_feed_personal,
        name="calendar-feed-personal",
    ),
    path("agenda/<code:code>.ics", feeds.calendar_feed_body, name="calendar-feed-body"),
    # --- private notes of board members (views/notes.py) ----------------------------
    path("notities/", notes.notes_overview, name="notes"),
    path("notities/vergaderingen/<id:pk>/", notes.notes_meeting, name="notes-meeting"),
    path("notities/<id:pk>/wijzigen/", notes.note_edit, name="note-edit"),
    path("notities/<id:pk>/verwijderen/", notes.note_delete_view, name="note-delete"),
    path(
        "documentversies/<id:pk>/notities/nieuw/",
        notes.note_add_version,
        name="note-add-version",
    ),
    path("vergaderingen/<id:pk>/vergaderboek/lezen/", notes.pack_read, name="pack-read"),
    path(
        "vergaderingen/<id:pk>/vergaderboek/notities/nieuw/",
        notes.note_add_pack,
        name="note-add-pack",
    ),
]

# Agenda packs and decision-list PDFs (urls_packs.py), the public portal, open data
# API and Woo sitemap (urls_public.py) and the account pages (urls_accounts.py) keep
# their own route lists.
urlpatterns += urls_packs.urlpatterns + urls_public.urlpatterns + urls_accounts.urlpatterns
