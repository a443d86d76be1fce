"""The leak test of the internal pages: nothing confidential, and nothing of a draft or
withdrawn agenda or decision list, reaches someone who is not an insider of the meeting.

Marker strings sit in confidential proposals, items, documents (their titles and their
files), cover notes and decisions, and in the public items and decisions of an agenda and
decision list that are not (or no longer) published. Every URL of the resolver is
requested — every object id of the world in its id slot — as anonymous, as a contact
official of another municipality and as a member of another body, with the meeting's
agenda and decision list unpublished, the agenda published, both published, and both
withdrawn. No marker may appear in a response body, nor in the text or metadata of a
PDF. The same pages shown to a member of the body do hold the markers, so the test can
fail.
"""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from governance import services
from governance.models import (
    Action,
    AgendaItem,
    Body,
    ClosingDay,
    Confidentiality,
    Document,
    DocumentVersion,
    Meeting,
    Municipality,
    PrivateNote,
    Proposal,
    ReviewComment,
    ReviewRound,
    RouteStep,
    Track,
    User,
    WooGround,
)
from governance.services.notes import note_add
from pcycle.models import CouncilMeeting, CouncilView, PcDocument, QuickWin
from tests.factories import (
    TZ,
    AgendaItemFactory,
    CoverNoteFactory,
    DecisionFactory,
    DocumentFactory,
    DocumentVersionFactory,
    MeetingFactory,
    MunicipalityFactory,
    ProposalFactory,
    RouteStepFactory,
    pdf_bytes,
)

NOW = dt.datetime(2026, 12, 2, 10, tzinfo=TZ)
CONFIDENTIAL = {"confidentiality": Confidentiality.CONFIDENTIAL, "woo_ground": WooGround.ECONOMIC}

# Never shown to an outsider, whatever is published.
SECRET = {
    "item_title": "Grondpositie Hazerswoude",
    "item_description": "Biedingsruimte Hazerswoude",
    "item_document": "Taxatie Hazerswoude",
    "item_file": "Bestandsinhoud Hazerswoude",
    "item_decision": "Besloten Hazerswoude aan te kopen",
    "proposal_title": "Herinrichting Noordhoek",
    "proposal_summary": "Samenvatting Noordhoek",
    "legacy_item_title": "Agendapunt Noordhoek",
    "proposal_document": "Rapport Noordhoek",
    "proposal_file": "Bestandsinhoud Noordhoek",
    "cover_note": "Beslispunten Noordhoek",
    "cover_note_revision": "Herziene risicoanalyse Noordhoek",
    "proposal_decision": "Besloten Noordhoek te herinrichten",
    "confidential_annex": "Persoonsgegevens Kwakernaak",
    "later_proposal": "Vastgoedstrategie Zevenhuizen",
    "later_decision": "Besloten Zevenhuizen te verkopen",
    # A council's view and the board's reply on the P&C document of the confidential
    # proposal (pcycle: the document is seen only by who sees its proposal, even once sent).
    "council_view": "Zienswijze Nieuwerbrug",
    "council_reply": "Reactie Nieuwerbrug",
}
# A private note of the secretary: read by its owner only (governance/queries/notes.py).
PRIVATE_NOTE = {"private_note": "Privénotitie Bodegraven"}
# Gouda's side of a closed review round (Leiden, the outsider contact official, is invited
# to it too): never shown to Leiden, nor to anyone else outside the round.
REVIEW = {
    "gouda_comment": "Opmerking Gouda Benthuizen",
    "gouda_draft": "Concept Gouda Moerkapelle",
    "gouda_answer": "Antwoord aan Gouda Haastrecht",
    "gouda_only_document": "Conceptnota Gouda Stolwijk",
}
# Shown once the agenda is published.
DRAFT_AGENDA = {
    "draft_item_title": "Jaarplanning Reeuwijk",
    "draft_item_description": "Toelichting Reeuwijk",
    "draft_document": "Notitie Reeuwijk",
}
# Shown once the decision list is published.
DRAFT_DECISION = {"draft_decision": "Besloten Reeuwijk vast te stellen"}

STATES = ("unpublished", "agenda_published", "both_published", "withdrawn")


def _document(marker_title: str, marker_file: str | None = None, **kwargs) -> Document:
    document = DocumentFactory(title=marker_title, versions=0, **kwargs)
    # The file carries a marker of its own (in its metadata): a download must not leak.
    data = pdf_bytes(text=marker_file or marker_title)
    DocumentVersionFactory(document=document, file=ContentFile(data, name="stuk.pdf"))
    return document


def build_world(ab: Body, secretary) -> Meeting:
    """The public AB meeting of 9 December with every kind of marker, and a held public AB
    meeting whose proposal was made confidential afterwards (through the service)."""
    meeting = MeetingFactory(
        body=ab, is_public=True, starts_at=dt.datetime(2026, 12, 9, 14, tzinfo=TZ)
    )
    draft = AgendaItemFactory(
        meeting=meeting,
        order=1,
        title=DRAFT_AGENDA["draft_item_title"],
        description=DRAFT_AGENDA["draft_item_description"],
    )
    draft_document = _document(DRAFT_AGENDA["draft_document"], agenda_item=draft)
    note_add(
        actor=secretary,
        version=draft_document.current_version,
        page=1,
        text=PRIVATE_NOTE["private_note"],
    )
    _document(SECRET["confidential_annex"], agenda_item=draft, is_confidential=True)
    DecisionFactory(agenda_item=draft, text=DRAFT_DECISION["draft_decision"])

    confidential = AgendaItemFactory(
        meeting=meeting,
        order=2,
        title=SECRET["item_title"],
        description=SECRET["item_description"],
        **CONFIDENTIAL,
    )
    _document(SECRET["item_document"], SECRET["item_file"], agenda_item=confidential)
    DecisionFactory(agenda_item=confidential, text=SECRET["item_decision"])

    # The reported leak: an item left public under a confidential proposal (set so by
    # hand before the services refused it). The one rule hides it all the same.
    proposal = ProposalFactory(
        title=SECRET["proposal_title"], summary=SECRET["proposal_summary"], **CONFIDENTIAL
    )
    step = RouteStepFactory(proposal=proposal, body=ab, meeting=meeting)
    legacy = AgendaItemFactory(
        meeting=meeting, order=3, route_step=step, title=SECRET["legacy_item_title"]
    )
    assert legacy.confidentiality == Confidentiality.PUBLIC
    _document(SECRET["proposal_document"], SECRET["proposal_file"], proposal=proposal)
    cover_note = CoverNoteFactory(proposal=proposal, decision_points=SECRET["cover_note"])
    # A second version, so that the version comparison shows both sides.
    cover_note.risks = SECRET["cover_note_revision"]
    cover_note._change_reason = "Risico's aangevuld"
    cover_note.save()
    DecisionFactory(agenda_item=legacy, text=SECRET["proposal_decision"])
    pc_document = PcDocument.objects.create(
        proposal=proposal,
        kind=PcDocument.Kind.BUDGET,
        year=2028,
        sent_to_councils_on=dt.date(2026, 11, 2),
    )
    CouncilView.objects.create(
        document=pc_document,
        municipality=MunicipalityFactory(cbs_code="GM0513", name="Gouda", population=75_500),
        received_on=dt.date(2026, 11, 20),
        position=CouncilView.Position.DISAGREES,
        text=SECRET["council_view"],
        reply=SECRET["council_reply"],
        registered_by=secretary,
    )

    # A public proposal decided at a held meeting, made confidential afterwards.
    held = MeetingFactory(
        body=ab,
        is_public=True,
        status=Meeting.Status.HELD,
        starts_at=dt.datetime(2026, 11, 4, 14, tzinfo=TZ),
    )
    later = ProposalFactory(title=SECRET["later_proposal"])
    later_step = RouteStepFactory(proposal=later, body=ab, meeting=held)
    later_item = AgendaItemFactory(
        meeting=held, order=1, route_step=later_step, title=SECRET["later_proposal"]
    )
    DecisionFactory(agenda_item=later_item, text=SECRET["later_decision"])
    services.agenda_publish(actor=secretary, meeting=held)
    services.decisions_publish(actor=secretary, meeting=held)
    services.proposal_update(actor=secretary, proposal=later, **CONFIDENTIAL)
    _review_world(meeting, secretary)
    return meeting


def _review_world(meeting: Meeting, secretary) -> None:
    """A public proposal on the meeting's agenda, co-read in a closed round by Leiden and
    Gouda: Gouda's submitted comment (answered, in the attached response note) and its
    draft; and a round for Gouda only on a confidential document."""
    from governance.roles import CONTACT_OFFICIAL
    from governance.services import review
    from tests.factories import MunicipalityFactory, UserFactory

    # The conftest's Leiden and Gouda (get or create by their CBS codes).
    leiden = MunicipalityFactory(cbs_code="GM0546", name="Leiden", population=127_400)
    gouda = MunicipalityFactory(cbs_code="GM0513", name="Gouda", population=75_500)
    official = UserFactory(username="ca-gouda-leak", roles=[CONTACT_OFFICIAL], municipality=gouda)
    proposal = ProposalFactory(title="Wegenonderhoud", status=Proposal.Status.IN_ROUTE)
    step = RouteStepFactory(proposal=proposal, body=meeting.body, meeting=meeting)
    AgendaItemFactory(meeting=meeting, order=4, route_step=step, title="Wegenonderhoud")
    CoverNoteFactory(proposal=proposal)
    read = _document("Wegenplan", proposal=proposal)
    shared = review.review_round_open(
        actor=secretary,
        proposal=proposal,
        working_days=10,
        municipalities=[leiden, gouda],
        versions=[read.current_version],
    )
    review.review_comment_add(actor=official, review_round=shared, text=REVIEW["gouda_comment"])
    review.review_finish(actor=official, review_round=shared, outcome="remarks")
    review.review_round_close(actor=secretary, review_round=shared)
    comment = shared.comments.get()
    review.review_comment_answer(
        actor=secretary, comment=comment, answer="partly", reason=REVIEW["gouda_answer"]
    )
    shared.refresh_from_db()
    from governance.queries.review import response_note_pdf

    review.response_note_attach(actor=secretary, review_round=shared, pdf=response_note_pdf(shared))
    hidden = _document(REVIEW["gouda_only_document"], proposal=proposal, is_confidential=True)
    gouda_only = review.review_round_open(
        actor=secretary,
        proposal=proposal,
        working_days=10,
        municipalities=[gouda],
        versions=[hidden.current_version],
    )
    review.review_comment_add(actor=official, review_round=gouda_only, text=REVIEW["gouda_draft"])


def set_state(meeting: Meeting, state: str, secretary) -> None:
    if state == "unpublished":
        return
    services.agenda_publish(actor=secretary, meeting=meeting)
    if state == "agenda_published":
        return
    services.decisions_publish(actor=secretary, meeting=meeting)
    if state == "withdrawn":
        services.decisions_unpublish(actor=secretary, meeting=meeting, reason="Fout in lijst")
        services.agenda_unpublish(actor=secretary, meeting=meeting, reason="Fout in agenda")


# --- every URL of the resolver -------------------------------------------------------------

# Which rows fill the ``pk`` of a URL, by the path before its first parameter.
MODEL_OF_PREFIX = {
    "vergaderingen/": Meeting,
    "openbaar/vergaderingen/": Meeting,
    "api/v1/vergaderingen/": Meeting,
    "voorstellen/": Proposal,
    "routestappen/": RouteStep,
    "agendapunten/": AgendaItem,
    "documenten/": Document,
    "openbaar/documenten/": Document,
    "documentversies/": DocumentVersion,
    "acties/": Action,
    "ontwikkelagenda/sporen/": Track,
    "gebruikers/": User,
    "vrije-dagen/": ClosingDay,
    "notities/": PrivateNote,
    "notities/vergaderingen/": Meeting,
    "meelezen/": ReviewRound,
    "meelezen/opmerkingen/": ReviewComment,
    "quick-wins/": QuickWin,
    "raadskalenders/": Municipality,
    "raadskalenders/vergaderingen/": CouncilMeeting,
    "pc-cyclus/documenten/": PcDocument,
    "pc-cyclus/zienswijzen/": CouncilView,
}
FOREIGN_NAMESPACES = {"admin"}


def _patterns():
    """(route, converter names) of every URL pattern outside the admin."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace not in FOREIGN_NAMESPACES:
                    walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                found.append((prefix + str(entry.pattern), set(entry.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


def _fill(route: str, values: dict) -> str:
    path = route
    for name, value in values.items():
        start = path.index("<")
        end = path.index(">", start)
        assert path[start:end].endswith(name), (route, name)
        path = path[:start] + str(value) + path[end + 1 :]
    return "/" + path


def internal_urls(user, sample: dict[type, list[int]] | None = None) -> list[str]:
    """Every GET-able address: each pattern with each id of its model (of ``sample`` when
    given for that model), plus the lists with their filters and the searches for every
    marker."""
    sample = sample or {}

    def ids(model) -> list[int]:
        if model in sample:
            return sample[model]
        return list(model.objects.values_list("pk", flat=True))

    urls = []
    for route, converters in _patterns():
        if not converters:
            urls.append("/" + route)
        elif converters == {"pk"}:
            prefix = route[: route.index("<")]
            model = MODEL_OF_PREFIX.get(prefix)
            assert model is not None, f"map the ids of {route!r} in MODEL_OF_PREFIX"
            urls += [_fill(route, {"pk": pk}) for pk in ids(model)]
        elif converters == {"pk", "version"}:
            # A document read in a review round: each round with each of its versions.
            pairs = ReviewRound.versions.through.objects.filter(
                reviewround_id__in=ids(ReviewRound)
            ).values_list("reviewround_id", "documentversion_id")
            urls += [_fill(route, {"pk": pk, "version": version}) for pk, version in pairs]
        elif converters == {"pk", "municipality"}:
            # A council's view to register: each P&C document with each municipality.
            urls += [
                _fill(route, {"pk": pk, "municipality": municipality})
                for pk in ids(PcDocument)
                for municipality in ids(Municipality)
            ]
        elif converters == {"year", "month"}:
            urls += [_fill(route, {"year": 2026, "month": m}) for m in (11, 12)]
        elif converters == {"year"}:
            urls += [_fill(route, {"year": year}) for year in (2026, 2027)]
        elif converters == {"code"}:
            urls += [
                _fill(route, {"code": code}) for code in Body.objects.values_list("code", flat=True)
            ]
        elif converters == {"token"}:
            token = getattr(user, "calendar_token", "") or "onbekend"
            urls.append(_fill(route, {"token": token}))
        else:
            pytest.fail(f"fill the parameters {converters} of {route!r}")
    for pk in ids(Meeting):
        for name in ("public-api-agenda-items", "public-api-documents", "public-api-decisions"):
            urls.append(reverse(f"governance:{name}") + f"?vergadering={pk}")
    urls += [
        reverse("governance:meeting-calendar") + "?jaar=2026",
        reverse("governance:proposal-list") + "?status=&q=Noordhoek",
    ]
    return urls


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(content))
        text += "\n".join(page.extract_text() or "" for page in reader.pages)
        text += "\n".join(str(value) for value in (reader.metadata or {}).values())
    return text


def _search_urls() -> list[str]:
    markers = {**SECRET, **DRAFT_AGENDA, **DRAFT_DECISION, **REVIEW}.values()
    return [reverse("governance:public-search") + "?" + urlencode({"q": m}) for m in markers]


def forbidden_for_outsiders(state: str) -> dict[str, str]:
    forbidden = dict(SECRET) | PRIVATE_NOTE | REVIEW
    if state != "agenda_published" and state != "both_published":
        forbidden |= DRAFT_AGENDA
    if state != "both_published":
        forbidden |= DRAFT_DECISION
    return forbidden


@pytest.fixture
def outsiders(contact_official, ac_member):
    """Anonymous, a contact official of another municipality (Leiden, on no body) and a
    member of another body (the audit committee)."""
    return {"anonymous": None, "contact_official": contact_official, "ac_member": ac_member}


@pytest.mark.parametrize("state", STATES)
def test_no_marker_reaches_an_outsider_on_any_internal_url(client, ab, secretary, outsiders, state):
    with time_machine.travel(NOW, tick=False):
        meeting = build_world(ab, secretary)
        set_state(meeting, state, secretary)
        forbidden = forbidden_for_outsiders(state)
        for actor, user in outsiders.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            urls = internal_urls(user)
            assert len(urls) > 120
            ok = 0
            for url in urls + _search_urls():
                response = client.get(url)
                assert response.status_code < 500, (actor, url)
                text = _body(response)
                if response.resolver_match and response.resolver_match.url_name == "public-search":
                    text = text.replace(response.context["query"], "")
                leaked = [key for key, marker in forbidden.items() if marker in text]
                assert not leaked, (state, actor, url, leaked)
                ok += response.status_code == 200
            assert ok > 30, (actor, ok)


def test_an_outsider_reads_the_published_agenda_and_decision_list(client, ab, secretary):
    """The other side of the leak test: what is published does show, so the markers are
    where the pages would print them."""
    with time_machine.travel(NOW, tick=False):
        meeting = build_world(ab, secretary)
        detail = reverse("governance:meeting-detail", args=[meeting.pk])
        decisions = reverse("governance:decision-list", args=[meeting.pk])
        assert DRAFT_AGENDA["draft_item_title"] not in _body(client.get(detail))
        assert "De besluitenlijst van deze vergadering is niet gepubliceerd." in _body(
            client.get(decisions)
        )
        set_state(meeting, "agenda_published", secretary)
        assert DRAFT_AGENDA["draft_item_title"] in _body(client.get(detail))
        assert DRAFT_DECISION["draft_decision"] not in _body(client.get(decisions))
        services.decisions_publish(actor=secretary, meeting=meeting)
        assert DRAFT_DECISION["draft_decision"] in _body(client.get(decisions))


def test_a_member_of_the_body_reads_every_marker(client, ab, secretary, ab_member):
    with time_machine.travel(NOW, tick=False):
        meeting = build_world(ab, secretary)
        client.force_login(ab_member)
        page = _body(client.get(reverse("governance:meeting-detail", args=[meeting.pk])))
        page += _body(client.get(reverse("governance:decision-list", args=[meeting.pk])))
        for item in AgendaItem.objects.all():
            page += _body(client.get(reverse("governance:agenda-item-detail", args=[item.pk])))
        for proposal in Proposal.objects.all():
            page += _body(client.get(reverse("governance:proposal-detail", args=[proposal.pk])))
            page += _body(client.get(reverse("governance:covernote-detail", args=[proposal.pk])))
            page += _body(client.get(reverse("governance:covernote-versions", args=[proposal.pk])))
        for pc_document in PcDocument.objects.all():
            page += _body(client.get(reverse("pcycle:views", args=[pc_document.pk])))
        # The comparison of the confidential cover note shows its revision as inserted.
        assert "</span>" + SECRET["cover_note_revision"] + "</ins>" in page
        missing = [
            key
            for key, marker in {**SECRET, **DRAFT_AGENDA, **DRAFT_DECISION}.items()
            if marker not in page and not key.endswith("_file")
        ]
        assert not missing


def test_gouda_reads_its_own_review_markers(client, ab, secretary):
    """The other side for the co-reading markers: Gouda's official reads its comment, its
    draft, the answer and the Gouda-only document where the pages print them."""
    with time_machine.travel(NOW, tick=False):
        build_world(ab, secretary)
        client.force_login(User.objects.get(username="ca-gouda-leak"))
        page = ""
        for review_round in ReviewRound.objects.all():
            page += _body(client.get(reverse("governance:review-read", args=[review_round.pk])))
            page += _body(
                client.get(reverse("governance:review-response-note", args=[review_round.pk]))
            )
        assert [key for key, marker in REVIEW.items() if marker not in page] == []
