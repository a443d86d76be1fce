"""Reflow (WCAG 1.4.10) and accessibility at three widths: every main page of the journeys,
for the roles that see them, at 320, 390 and 1280 px wide: the page never scrolls sideways
(a wide table scrolls inside its wrapper instead) and axe-core finds no violation.

The demo data fills the pages (long titles, full tables); one browser, one logged-in
context per role, each page loaded once and checked at the three widths.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from governance import services
from governance.models import Action, AgendaItem, Document, Meeting, Municipality, Proposal, Track
from governance.models import User as UserModel
from pcycle.models import PcDocument, QuickWin
from tests.e2e.conftest import SCREENSHOTS, WCAG_TAGS, log_in

pytestmark = pytest.mark.e2e

WIDTHS = (320, 390, 1280)

# The elements that stick out of the page, to say where an overflow comes from.
OVERFLOW_CULPRITS = """() => {
  const width = document.documentElement.clientWidth;
  const culprits = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let scrolled = false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow === "auto" || overflow === "scroll" || overflow === "hidden") {
        scrolled = true;
        break;
      }
    }
    if (!scrolled) culprits.push(element.outerHTML.slice(0, 120));
  }
  return culprits.slice(0, 5);
}"""


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{violation['id']}: {violation['help']} at "
        + "; ".join(" ".join(str(part) for part in node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]


def _check(page, url: str, who: str, problems: list[str]) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")
    if page.locator("[data-pdf-viewer]").count():  # the document viewer draws its pages
        page.wait_for_selector('[data-pdf-viewer][data-viewer-ready="true"]')
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        where = f"{who} {url} at {width} px"
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            culprits = page.evaluate(OVERFLOW_CULPRITS)
            problems.append(f"{where}: page {scroll_width} px wide; sticking out: {culprits}")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = f"reflow-{who}-{url.strip('/').replace('/', '-') or 'home'}-{width}.png"
            page.screenshot(path=SCREENSHOTS / name, full_page=True)
        problems.extend(f"{where}: {violation}" for violation in _axe_violations(page))
    page.browser_errors.assert_none(f"{who} {url}")


@pytest.fixture
def demo_site(transactional_db):
    call_command("load_demo", force=True, verbosity=0)


def _revised_cover_note() -> Proposal:
    """A proposal whose cover note has a second version (the demo writes each once):
    the secretariat revises it through the service, as the edit page does."""
    proposal = Proposal.objects.filter(cover_note__isnull=False).order_by("pk").first()
    assert proposal is not None
    note = proposal.cover_note
    services.cover_note_save(
        actor=UserModel.objects.get(username="secretariaat"),
        proposal=proposal,
        introduction=note.introduction.replace(" ", " na bespreking in het dagelijks bestuur ", 1)
        + "\n\nAangevuld: de gemeenten ontvangen een toelichting per gemeenschappelijke regeling.",
        risks=(note.risks + " " if note.risks else "") + "Extra aandachtspunt: de planning.",
    )
    assert note.history.count() >= 2  # the page compares, not "nothing to compare yet"
    return proposal


def _pages() -> dict[str, list[str]]:
    meeting = (
        Meeting.objects.filter(agenda_items__isnull=False, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    public = (
        Meeting.objects.filter(
            is_public=True, agenda_items__isnull=False, starts_at__lt=timezone.now()
        )
        .order_by("-starts_at")
        .first()
    )
    assert meeting is not None and public is not None
    item = meeting.agenda_items.order_by("order").first()
    decided = AgendaItem.objects.filter(decision__isnull=False).order_by("pk").first()
    proposal = Proposal.objects.filter(status=Proposal.Status.IN_ROUTE).order_by("pk").first()
    action = Action.objects.order_by("pk").first()
    track = Track.objects.order_by("pk").first()
    # The demo PDF with the most pages, for the document viewer.
    pdf = (
        Document.objects.filter(current_version__content_type="application/pdf")
        .order_by("-current_version__page_count", "pk")
        .first()
    )
    assert item and decided and proposal and action and track and pdf
    revised = _revised_cover_note()
    budget = PcDocument.objects.filter(kind=PcDocument.Kind.BUDGET).order_by("-year").first()
    answered = PcDocument.objects.get(kind=PcDocument.Kind.BUDGET, year=2026)
    win = QuickWin.objects.get(number=1)
    gouda = Municipality.objects.get(name="Gouda")
    assert budget is not None
    p_and_c = [
        f"/pc-cyclus/{budget.year}/",
        f"/pc-cyclus/documenten/{budget.pk}/",
        f"/pc-cyclus/documenten/{answered.pk}/zienswijzen/",
        "/pc-cyclus/aansluiting/",
        "/quick-wins/",
        f"/quick-wins/{win.pk}/",
    ]
    month = f"/vergaderingen/{meeting.starts_at.year}/{meeting.starts_at.month}/"
    common = ["/", "/vergaderingen/", month, f"/vergaderingen/{public.pk}/", "/vrije-dagen/"]
    return {
        "anonymous": [
            *common,
            "/account/inloggen/",
            "/openbaar/",
            "/openbaar/vergaderingen/",
            f"/openbaar/vergaderingen/{public.pk}/",
            "/openbaar/zoeken/?q=begroting",
        ],
        "secretariaat": [
            *common,
            f"/vergaderingen/{meeting.pk}/",
            f"/vergaderingen/{meeting.pk}/agenda/",
            f"/vergaderingen/{meeting.pk}/publicatie/",
            f"/vergaderingen/{decided.meeting_id}/besluitenlijst/",
            "/vergaderingen/nieuw/",
            f"/agendapunten/{item.pk}/",
            f"/agendapunten/{decided.pk}/",
            "/voorstellen/",
            f"/voorstellen/{proposal.pk}/",
            f"/voorstellen/{proposal.pk}/route/",
            f"/voorstellen/{proposal.pk}/oplegger/",
            f"/documenten/{pdf.pk}/lezen/",
            f"/voorstellen/{revised.pk}/oplegger/versies/",
            "/acties/",
            f"/acties/{action.pk}/",
            "/ontwikkelagenda/",
            f"/ontwikkelagenda/sporen/{track.pk}/",
            "/mijn-taken/",
            "/mijn-taken/herinneringen/",
            "/gebruikers/",
            "/account/tweestapsverificatie/",
            *p_and_c,
            "/pc-cyclus/documenten/nieuw/",
            "/raadskalenders/",
            f"/raadskalenders/{gouda.pk}/",
        ],
        "ca-gouda": ["/pc-cyclus/mijn-zienswijzen/", f"/raadskalenders/{gouda.pk}/"],
        "ab-leiden": [
            *common,
            f"/vergaderingen/{decided.meeting_id}/besluitenlijst/",
            "/mijn-taken/",
            "/voorstellen/",
            "/acties/",
            "/ontwikkelagenda/",
            *p_and_c,
        ],
    }


def test_every_page_reflows_and_passes_axe_at_three_widths(demo_site, new_page):
    pages = _pages()
    problems: list[str] = []
    for who, urls in pages.items():
        page = new_page()
        if who != "anonymous":
            page.goto("/account/inloggen/")
            log_in(page, UserModel.objects.get(username=who), password="hecht-demo-2026")
        for url in urls:
            _check(page, url, who, problems)
    assert not problems, "\n".join(problems)
