"""Private notes of board members on the documents and packs they may read.

A note belongs to one person and is shown to nobody else — not the secretariat, not in
the admin, not in any export, search or e-mail but the owner's own. For that reason it
has no change history (a history table is readable by whoever reads history); the
owner's page is the only place it appears.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .documents import DocumentVersion
from .packs import AgendaPack


class PrivateNote(models.Model):
    """A highlight with a note on a page of a document version or of a meeting's pack.
    On a newer version (or a rebuilt pack) the note is kept where its quoted text can
    still be found (``governance.queries.notes``)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="private_notes",
    )
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("document version"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    pack = models.ForeignKey(
        AgendaPack,
        verbose_name=_("agenda pack"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    page = models.PositiveIntegerField(_("page"))
    quote = models.TextField(_("highlighted text"), blank=True)
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"))
    updated_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("private note")
        verbose_name_plural = _("private notes")
        ordering = ["owner", "page", "created_at"]
        default_permissions = ()  # nobody but the owner, so no model permission either
        constraints = [
            models.CheckConstraint(
                condition=Q(version__isnull=False, pack__isnull=True)
                | Q(version__isnull=True, pack__isnull=False),
                name="privatenote_on_version_or_pack",
            ),
            models.CheckConstraint(condition=Q(page__gte=1), name="privatenote_page_positive"),
        ]
        indexes = [
            models.Index(fields=["owner", "version"]),
            models.Index(fields=["owner", "pack"]),
        ]

    def __str__(self) -> str:
        return str(_("Private note, page %(page)s") % {"page": self.page})
