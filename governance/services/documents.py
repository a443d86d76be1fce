"""Documents and their versions: upload a new document, upload a new version.

The file is inspected (``governance.uploads.inspect_upload``) before anything is
written. Files live outside the database, so a rolled-back transaction would leave
an orphan file behind: each service deletes the files it stored when its
transaction does not commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import require
from governance.models import (
    AgendaItem,
    Confidentiality,
    Document,
    DocumentVersion,
    Proposal,
    ReviewRound,
    User,
)
from governance.uploads import UploadInfo, inspect_upload

from ._common import save_with_history, stamp_history
from .packs import meetings_of_documents_parent, packs_request_for_published

T = TypeVar("T")


def _with_file_cleanup(work: Callable[[list[DocumentVersion]], T]) -> T:
    """Run ``work`` in one durable transaction; delete the files it stored if the
    transaction does not commit (an exception anywhere, including at commit).

    The services use this instead of the ``@transaction.atomic(durable=True)``
    decorator because the cleanup must run *after* the rollback, outside the block.
    """
    stored: list[DocumentVersion] = []
    try:
        with transaction.atomic(durable=True):
            return work(stored)
    except BaseException:
        for version in stored:
            if version.file.name:
                version.file.storage.delete(version.file.name)
        raise


def _request_packs(document: Document, *, actor: User) -> None:
    """New packs for the published agendas that show ``document``."""
    packs_request_for_published(
        meetings_of_documents_parent(proposal=document.proposal, agenda_item=document.agenda_item),
        actor=actor,
    )


def _store_version(
    *,
    actor: User,
    document: Document,
    number: int,
    info: UploadInfo,
    file: File[bytes],
    note: str,
    at: dt.datetime,
    stored: list[DocumentVersion],
    answers_round: ReviewRound | None = None,
) -> DocumentVersion:
    """Validate the version, store its file, then insert its row. The version is
    recorded in ``stored`` as soon as its file exists, so a failing insert (or any
    later failure) still removes the file."""
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=info.original_name,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        page_count=info.page_count,
        note=note,
        answers_round=answers_round,
        uploaded_by=actor,
        uploaded_at=at,
    )
    version.full_clean(exclude=["file"])  # the stored name is chosen by upload_to
    file.seek(0)
    version.file.save(info.original_name, File(file), save=False)
    stored.append(version)
    stamp_history(version, user=actor, reason=_("Version %(number)s uploaded") % {"number": number})
    version.save()
    return version


def document_upload(
    *,
    actor: User,
    proposal: Proposal | None = None,
    agenda_item: AgendaItem | None = None,
    kind: str,
    title: str,
    is_confidential: bool,
    file: File[bytes],
    note: str = "",
    answers_round: ReviewRound | None = None,
) -> Document:
    """Add a document with its first version to a proposal or to an agenda item.

    A document of a confidential proposal or agenda item is always confidential.
    Requires ``governance.add_document``; raises ``ValidationError`` for a refused
    file or invalid fields, and then nothing is stored.
    """
    require(actor, "governance.add_document")
    if (proposal is None) == (agenda_item is None):
        raise ValidationError(_("A document belongs to a proposal or to an agenda item."))
    if kind not in Document.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of document.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")})
    try:
        info = inspect_upload(file, kind=kind)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if proposal is not None and proposal.confidentiality == Confidentiality.CONFIDENTIAL:
        is_confidential = True
    if agenda_item is not None and agenda_item.confidentiality == Confidentiality.CONFIDENTIAL:
        is_confidential = True

    def work(stored: list[DocumentVersion]) -> Document:
        now = timezone.now()
        document = Document(
            proposal=proposal,
            agenda_item=agenda_item,
            kind=kind,
            title=title.strip(),
            is_confidential=is_confidential,
            delivered_at=now,
        )
        save_with_history(document, actor=actor, reason=_("Document uploaded"))
        version = _store_version(
            actor=actor,
            document=document,
            number=1,
            info=info,
            file=file,
            note=note,
            at=now,
            stored=stored,
            answers_round=answers_round,
        )
        document.current_version = version
        save_with_history(
            document,
            actor=actor,
            reason=_("Version 1 is current"),
            update_fields=["current_version"],
        )
        _request_packs(document, actor=actor)
        return document

    return _with_file_cleanup(work)


def document_version_upload(
    *,
    actor: User,
    document: Document,
    file: File[bytes],
    note: str = "",
    answers_round: ReviewRound | None = None,
) -> DocumentVersion:
    """Add version n+1 to ``document`` and make it current. The document row is
    locked so two simultaneous uploads cannot both become version n+1.

    Requires ``governance.add_documentversion``; raises ``ValidationError`` for a
    refused file, and then nothing is stored. ``delivered_at`` keeps the moment
    of the first delivery. ``answers_round``: the version answers the comments of that
    review round (of the document's proposal).
    """
    require(actor, "governance.add_documentversion")
    if answers_round is not None and answers_round.proposal_id != document.proposal_id:
        raise ValidationError({"answers_round": _("That review round is about another proposal.")})
    try:
        info = inspect_upload(file, kind=document.kind)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc

    def work(stored: list[DocumentVersion]) -> DocumentVersion:
        locked = Document.objects.select_for_update().get(pk=document.pk)
        last = locked.versions.order_by("-number").values_list("number", flat=True).first()
        number = (last or 0) + 1
        version = _store_version(
            actor=actor,
            document=locked,
            number=number,
            info=info,
            file=file,
            note=note,
            at=timezone.now(),
            stored=stored,
            answers_round=answers_round,
        )
        locked.current_version = version
        save_with_history(
            locked,
            actor=actor,
            reason=_("Version %(number)s is current") % {"number": number},
            update_fields=["current_version"],
        )
        document.current_version = version
        _request_packs(locked, actor=actor)
        return version

    return _with_file_cleanup(work)
