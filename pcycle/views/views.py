"""The councils' views (zienswijzen) on a P&C document: the overview of every council,
registering and correcting a view, the executive board's reply, the council decision's
download, the consolidated views document (PDF) and attaching it to the proposal, and
"my views" for a contact official. Who may do what is ``pcycle.access``'s; writes go
through ``pcycle.services.views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.access import require
from governance.models import Municipality
from governance.views._files import LazyFile
from governance.views._http import AuthenticatedRequest, add_service_errors
from pcycle import access
from pcycle.forms.views import CouncilViewForm, CouncilViewReplyForm
from pcycle.models import CouncilView, PcDocument
from pcycle.queries import views as queries
from pcycle.services import views as services


def _require_views_procedure(document: PcDocument) -> None:
    """A document on which the councils give no view has no views pages (404)."""
    if not document.has_view_procedure:
        raise Http404


def _overview(document: PcDocument) -> queries.ViewsOverview:
    overview = queries.views_overview(document)
    if overview is None:  # no views procedure: there is no such page
        raise Http404
    return overview


@login_required
@require_GET
def views(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every council on one document: received, outstanding or late, its position, the
    reply; the actions each reader may take per row."""
    user = request.user
    document = access.access_pc_document(user, pk)
    overview = _overview(document)
    may_reply = user.has_perm("pcycle.reply_councilview")
    rows = [
        {
            "row": row,
            "may_register": access.may_register_view(user, row.municipality),
            "may_reply": may_reply and row.view is not None,
        }
        for row in overview.rows
    ]
    return render(
        request,
        "pcycle/views.html",
        {
            "document": document,
            "proposal": document.proposal,
            "overview": overview,
            "rows": rows,
            "can_attach": may_reply and user.has_perm("governance.add_document"),
            "attached": services.views_document_of(document),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def view_register(request: AuthenticatedRequest, pk: int, municipality: int) -> HttpResponse:
    """Register a council's view (a contact official: only their own council's)."""
    document = access.access_pc_document(request.user, pk)
    council = get_object_or_404(Municipality, pk=municipality)
    access.require_register_view(request.user, council)
    if not document.has_view_procedure:
        raise Http404
    existing = CouncilView.objects.filter(document=document, municipality=council).first()
    if existing is not None:
        return redirect("pcycle:view-edit", pk=existing.pk)
    form = CouncilViewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_view_register(
                actor=request.user, document=document, municipality=council, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The view of %(municipality)s has been registered.")
                % {"municipality": council.name},
            )
            return redirect("pcycle:views", pk=document.pk)
    return render(
        request,
        "pcycle/view_form.html",
        {"document": document, "municipality": council, "form": form, "view": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def view_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Correct a registered view."""
    view = access.access_council_view(request.user, pk, write=True)
    form = CouncilViewForm(request.POST or None, request.FILES or None, view=view)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_view_update(actor=request.user, view=view, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The view of %(municipality)s has been changed.")
                % {"municipality": view.municipality.name},
            )
            return redirect("pcycle:views", pk=view.document_id)
    return render(
        request,
        "pcycle/view_form.html",
        {"document": view.document, "municipality": view.municipality, "form": form, "view": view},
    )


@login_required
@require_http_methods(["GET", "POST"])
def view_reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The executive board's reasoned reply to a view: a draft, or sent with its date."""
    view = access.access_council_view(request.user, pk, reply=True)
    form = CouncilViewReplyForm(request.POST or None, view=view)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.council_view_reply(
                actor=request.user, view=view, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if saved.is_answered:
                message = _("The reply to %(municipality)s has been recorded as sent.")
            else:
                message = _("The draft reply to %(municipality)s has been saved.")
            messages.success(request, message % {"municipality": view.municipality.name})
            return redirect("pcycle:views", pk=view.document_id)
    return render(
        request,
        "pcycle/view_reply.html",
        {"document": view.document, "view": view, "form": form},
    )


@login_required
@require_GET
def view_decision(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The council decision, only through the access check and always as a download."""
    view = access.access_council_view(request.user, pk)
    file = view.decision_file
    if not file.name or not file.storage.exists(file.name):
        raise Http404
    response = FileResponse(
        LazyFile.stored(file),
        as_attachment=True,
        filename=view.decision_file_name or "raadsbesluit.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def views_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The consolidated views document as a PDF download."""
    document = access.access_pc_document(request.user, pk)
    _require_views_procedure(document)
    response = HttpResponse(queries.views_pdf(document), content_type="application/pdf")
    name = f"zienswijzen-{document.proposal.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def views_attach(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Attach the consolidated views document to the proposal: it then travels into the
    agenda pack of the AB meeting."""
    document = access.access_pc_document(request.user, pk, reply=True)
    require(request.user, "governance.add_document")
    _require_views_procedure(document)
    try:
        attached = services.views_document_attach(actor=request.user, document=document)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The views have been attached to the proposal as “%(title)s”.")
            % {"title": attached.title},
        )
    return redirect("pcycle:views", pk=document.pk)


@login_required
@require_GET
def my_views(request: AuthenticatedRequest) -> HttpResponse:
    """The documents with a views procedure and, for a contact official, their own
    council's view on each (where they start registering)."""
    user = request.user
    require(user, access.VIEW_PERM)
    documents = list(
        access.pc_document_scope(user)
        .filter(kind__in=PcDocument.VIEW_KINDS, exempt_category__isnull=True)
        .order_by("-year", "kind", "number")
    )
    overviews = queries.views_overviews(documents)
    own_id = user.municipality_id
    rows = []
    for document in documents:
        overview = overviews[document.pk]
        own = next((r for r in overview.rows if r.municipality.pk == own_id), None)
        rows.append(
            {
                "document": document,
                "overview": overview,
                "own": own,
                "may_register": own is not None
                and access.may_register_view(user, own.municipality),
            }
        )
    return render(
        request,
        "pcycle/my_views.html",
        {"rows": rows, "municipality": user.municipality if own_id else None},
    )
