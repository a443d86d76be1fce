"""Councils' views (zienswijzen, Wgr art. 35 lid 1-3): register and correct a council's
view with its council decision (a PDF), write the executive board's reasoned reply and
send it (art. 35 lid 4), and attach the consolidated views document to the document's
proposal so that it travels into the AB agenda pack (art. 35 lid 3: the DB offers the
views with the draft).

A contact official registers their own council's view, the secretariat any
(``pcycle.access.require_register_view``); the secretariat and the directie reply
(``pcycle.reply_councilview``). The council decision is inspected like every upload
(``governance.uploads``) before anything is written; a stored file whose transaction
does not commit is deleted, and a replaced one only once the replacement is committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import Document, Municipality, User
from governance.services._common import apply_changes, changed_reason, save_with_history
from governance.services.documents import document_upload, document_version_upload
from governance.uploads import UploadInfo, inspect_upload
from pcycle.access import require_register_view
from pcycle.models import CouncilView, PcDocument
from pcycle.queries.views import views_document_title, views_pdf

T = TypeVar("T")

# What a registration or a correction sets (the forms edit these).
VIEW_FIELDS = ("received_on", "position", "text")


def _with_file_cleanup(work: Callable[[list[str]], T]) -> T:
    """Run ``work`` in one durable transaction; delete the files it stored (their
    storage names, appended to the list as soon as they exist) when the transaction
    does not commit. Not the decorator: the cleanup must run after the rollback."""
    stored: list[str] = []
    try:
        with transaction.atomic(durable=True):
            return work(stored)
    except BaseException:
        storage = CouncilView._meta.get_field("decision_file").storage
        for name in stored:
            storage.delete(name)
        raise


def _inspect(decision_file: File[bytes] | None) -> UploadInfo | None:
    """The council decision must be a readable, clean PDF (any kind but an annex is
    PDF only in ``inspect_upload``)."""
    if decision_file is None:
        return None
    try:
        return inspect_upload(decision_file, kind=Document.Kind.REPORT)
    except ValidationError as exc:
        raise ValidationError({"decision_file": exc.messages}) from exc


def _clean(
    document: PcDocument, *, received_on: dt.date | None, position: str, text: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if received_on is None:
        errors["received_on"] = [_("Give the date the view was received.")]
    elif received_on > timezone.localdate():
        errors["received_on"] = [_("The view cannot have been received in the future.")]
    elif document.sent_to_councils_on is not None and received_on < document.sent_to_councils_on:
        errors["received_on"] = [
            _("The view cannot have been received before the document was sent on %(date)s.")
            % {"date": date_format(document.sent_to_councils_on, "j F Y")}
        ]
    if position not in CouncilView.Position.values:
        errors["position"] = [_("Choose the council's position.")]
    elif position in CouncilView.POSITIONS_NEEDING_TEXT and not text.strip():
        errors["text"] = [_("Give the council's view: what it remarks or why it disagrees.")]
    return errors


def _store(view: CouncilView, info: UploadInfo, file: File[bytes], stored: list[str]) -> None:
    file.seek(0)
    view.decision_file.save(info.original_name, File(file), save=False)
    if view.decision_file.name:
        stored.append(view.decision_file.name)
    view.decision_file_name = info.original_name
    view.decision_file_sha256 = info.sha256


def council_view_register(
    *,
    actor: User,
    document: PcDocument,
    municipality: Municipality,
    received_on: dt.date | None,
    position: str,
    text: str = "",
    decision_file: File[bytes] | None = None,
) -> CouncilView:
    """Register the view of ``municipality``'s council on ``document``, with the
    council decision as a PDF (optional). Refused when the document has no views
    procedure, when that council's view is registered already (change it instead), for a
    received date in the future or before the document was sent to the councils, and
    without the text of a view that remarks or disagrees. Nothing is stored then."""
    require_register_view(actor, municipality)
    if not document.has_view_procedure:
        raise ValidationError(_("The councils give no view on this document."))
    errors = _clean(document, received_on=received_on, position=position, text=text)
    if errors or received_on is None:  # no date is one of the errors
        raise ValidationError(errors)
    info = _inspect(decision_file)

    def work(stored: list[str]) -> CouncilView:
        # Serialise registrations on the document: the second of two at once sees the first.
        PcDocument.objects.select_for_update().get(pk=document.pk)
        if CouncilView.objects.filter(document=document, municipality=municipality).exists():
            raise ValidationError(
                _("The view of %(municipality)s is registered already; change it instead.")
                % {"municipality": municipality.name}
            )
        view = CouncilView(
            document=document,
            municipality=municipality,
            received_on=received_on,
            position=position,
            text=text.strip(),
            registered_by=actor,
        )
        if info is not None and decision_file is not None:
            _store(view, info, decision_file, stored)
        save_with_history(view, actor=actor, reason=_("View registered"))
        return view

    return _with_file_cleanup(work)


def council_view_update(
    *,
    actor: User,
    view: CouncilView,
    received_on: dt.date | None,
    position: str,
    text: str = "",
    decision_file: File[bytes] | None = None,
) -> CouncilView:
    """Correct a registered view (same rules as registering); a new council decision
    replaces the old one, whose file is removed once the change is committed."""
    require_register_view(actor, view.municipality_id)
    document = view.document
    errors = _clean(document, received_on=received_on, position=position, text=text)
    if errors:
        raise ValidationError(errors)
    info = _inspect(decision_file)

    def work(stored: list[str]) -> CouncilView:
        locked = CouncilView.objects.select_for_update().get(pk=view.pk)
        changed = apply_changes(
            locked,
            {"received_on": received_on, "position": position, "text": text.strip()},
            allowed=VIEW_FIELDS,
        )
        if info is not None and decision_file is not None:
            old = locked.decision_file.name
            _store(locked, info, decision_file, stored)
            changed.append("decision_file")
            if old:
                storage = locked.decision_file.storage
                transaction.on_commit(lambda: storage.delete(old))
        if changed:
            save_with_history(locked, actor=actor, reason=changed_reason(locked, changed))
        return locked

    return _with_file_cleanup(work)


@transaction.atomic(durable=True)
def council_view_reply(
    *, actor: User, view: CouncilView, reply: str, sent_on: dt.date | None = None
) -> CouncilView:
    """Write the executive board's reasoned reply to a view (Wgr art. 35 lid 4): a draft
    without ``sent_on``, sent once the date it went to the council is given (not in the
    future, not before the view was received)."""
    require(actor, "pcycle.reply_councilview")
    locked = CouncilView.objects.select_for_update().get(pk=view.pk)
    errors: dict[str, list[str]] = {}
    if not reply.strip():
        errors["reply"] = [_("Write the reply: what the executive board did with the view.")]
    if sent_on is not None and sent_on > timezone.localdate():
        errors["sent_on"] = [_("The reply cannot have been sent in the future.")]
    elif sent_on is not None and sent_on < locked.received_on:
        errors["sent_on"] = [_("The reply cannot have been sent before the view was received.")]
    if errors:
        raise ValidationError(errors)
    changed = apply_changes(
        locked,
        {"reply": reply.strip(), "reply_sent_on": sent_on},
        allowed=("reply", "reply_sent_on"),
    )
    if changed:
        if "reply_sent_on" in changed and sent_on is not None:
            reason = _("Reply sent")
        else:
            reason = changed_reason(locked, changed)
        save_with_history(locked, actor=actor, reason=reason)
    return locked


def views_document_of(document: PcDocument) -> Document | None:
    """The consolidated views document attached to ``document``'s proposal, if any: found
    by its title in any of the site's languages (it is named in the language of whoever
    attached it first)."""
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(views_document_title(document))
    return (
        Document.objects.filter(
            proposal_id=document.proposal_id, kind=Document.Kind.REPORT, title__in=titles
        )
        .order_by("pk")
        .first()
    )


def views_document_attach(*, actor: User, document: PcDocument) -> Document:
    """Attach the consolidated views document (``pcycle.queries.views.views_pdf``) to
    ``document``'s proposal as a report: like any document of the proposal it travels
    into the agenda pack of the AB meeting that adopts it (Wgr art. 35 lid 3). Attaching
    again adds a version. Requires ``pcycle.reply_councilview`` and the document
    permissions of the governance document services it goes through."""
    require(actor, "pcycle.reply_councilview", "governance.add_document")
    if not document.has_view_procedure:
        raise ValidationError(_("The councils give no view on this document."))
    file: Any = ContentFile(
        views_pdf(document), name=f"zienswijzen-{document.proposal.reference}.pdf"
    )
    note = _("The councils' views and the executive board's replies")
    existing = views_document_of(document)
    if existing is not None:
        document_version_upload(actor=actor, document=existing, file=file, note=note)
        return existing
    return document_upload(
        actor=actor,
        proposal=document.proposal,
        kind=Document.Kind.REPORT,
        title=views_document_title(document),
        is_confidential=False,
        file=file,
        note=note,
    )
