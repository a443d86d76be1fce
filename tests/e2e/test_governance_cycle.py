"""The secretariat runs a governance cycle in the browser: a proposal for an AB meeting,
its route planned backwards with the computed deadlines, a late document flagged, a cover
note with financial consequences, the DB's decision on the decision list and an action.
Every page is scanned with axe-core and screenshotted (see conftest.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Body, Decision, Document, Proposal, RouteTemplate, StepPurpose
from tests.e2e.conftest import log_in
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MunicipalityFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.e2e


def _text(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(a) for a in alternatives))


@pytest.fixture
def cycle(ab, db_body, leiden, gouda):
    """A DB meeting in three days (its document deadline has passed) that prepares an
    AB meeting in a month; a DB meeting two weeks ago with an item awaiting its decision;
    a route template DB → AB."""
    MunicipalityFactory(cbs_code="GM0484", name="Alphen aan den Rijn", population=116_000)
    Body.objects.filter(pk__in=[ab.pk, db_body.pk]).update(document_lead_days=10)
    now = timezone.localtime()
    ab_meeting = MeetingFactory(
        body=ab,
        starts_at=(now + dt.timedelta(days=30)).replace(hour=14, minute=0, second=0),
        is_public=True,
    )
    db_meeting = MeetingFactory(
        body=db_body, starts_at=(now + dt.timedelta(days=3)).replace(hour=9, minute=0)
    )
    past_db = MeetingFactory(
        body=db_body, starts_at=(now - dt.timedelta(days=14)).replace(hour=9, minute=0)
    )
    AgendaItemFactory(meeting=past_db, title="Kaderbrief 2028: eerste bespreking", order=1)
    template = RouteTemplate.objects.create(name="Besluit AB: DB → AB")
    template.steps.create(position=1, body=db_body, purpose=StepPurpose.ADVISE)
    template.steps.create(position=2, body=ab, purpose=StepPurpose.DECIDE)
    return ab_meeting, db_meeting, past_db, template


def test_secretariat_runs_a_governance_cycle(page, scan, secretary, cycle, tmp_path):
    ab_meeting, db_meeting, past_db, template = cycle
    page.goto("/account/inloggen/?next=/voorstellen/")
    log_in(page, secretary)
    expect(page.get_by_role("heading", level=1)).to_have_text(_text("Voorstellen", "Proposals"))
    scan(page, "01-proposal-list")

    # A new proposal from the route template.
    page.goto("/voorstellen/nieuw/")
    page.locator("#id_title").fill("Kadernota 2028")
    page.locator("#id_summary").fill("Uitgangspunten voor de begroting 2028.")
    page.locator("#id_route_template").select_option(str(template.pk))
    scan(page, "02-proposal-create")
    page.locator("main form button[type=submit]").click()
    proposal = Proposal.objects.get(title="Kadernota 2028")
    expect(page).to_have_url(re.compile(rf"/voorstellen/{proposal.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kadernota 2028")
    scan(page, "03-proposal-detail-new")

    # Plan the route backwards from the AB meeting and see the computed deadlines.
    page.goto(f"/voorstellen/{proposal.pk}/route/")
    scan(page, "04-route")
    plan = page.locator("main form[method=get]")
    plan.locator("select").select_option(str(ab_meeting.pk))
    plan.locator("button[type=submit]").click()
    scan(page, "05-route-plan")
    page.get_by_role(
        "button", name=_text("Deze vergaderingen inplannen", "Schedule these meetings")
    ).click()  # noqa: E501
    steps = list(proposal.steps.order_by("position"))
    assert [step.meeting_id for step in steps] == [db_meeting.pk, ab_meeting.pk]
    page.goto(f"/voorstellen/{proposal.pk}/")
    timeline = page.locator("main")
    expect(timeline).to_contain_text(_text("Deadline", "deadline"))
    scan(page, "06-proposal-detail-planned")

    # Upload the proposal document now: after the DB deadline, so it is flagged late there.
    pdf = tmp_path / "kadernota-2028.pdf"
    pdf.write_bytes(pdf_bytes(pages=3))
    page.goto(f"/voorstellen/{proposal.pk}/documenten/nieuw/")
    page.locator("#id_kind").select_option(Document.Kind.PROPOSAL)
    page.locator("#id_title").fill("Kadernota 2028")
    page.locator("#id_file").set_input_files(str(pdf))
    scan(page, "07-document-upload")
    page.locator("main form button[type=submit]").click()
    document = Document.objects.get(proposal=proposal)
    assert document.current_version.page_count == 3
    page.goto(f"/vergaderingen/{db_meeting.pk}/")
    expect(page.locator("main")).to_contain_text(_text("te laat", "late"))
    scan(page, "08-meeting-late-document")

    # The cover note with its financial consequences, divided over the municipalities.
    page.goto(f"/voorstellen/{proposal.pk}/oplegger/wijzigen/")
    page.locator("#id_decision_points").fill("De kadernota 2028 vast te stellen.")
    page.locator("#id_introduction").fill("De kadernota geeft de uitgangspunten.")
    page.locator("input[name=financial][value=some]").check()
    page.locator("#id_amount").fill("250000")
    page.locator("select#id_nature, input[name=nature][value=structural]").first.evaluate(
        "el => el.tagName === 'SELECT' ? (el.value = 'structural') : (el.checked = true)"
    )
    page.locator("#id_budget_year_from").fill("2028")
    page.locator("#id_budget_year_to").fill("2031")
    page.locator("#id_budget_line").fill("Programma Publieke Gezondheid")
    scan(page, "09-cover-note-form")
    page.locator("main form button[type=submit]").last.click()
    page.goto(f"/voorstellen/{proposal.pk}/oplegger/")
    expect(page.locator("main table").first).to_contain_text("Leiden")
    page.get_by_role("button", name=_text("Als compleet markeren", "Mark complete")).click()
    proposal.cover_note.refresh_from_db()
    assert proposal.cover_note.is_complete
    scan(page, "10-cover-note")

    # The DB meeting held two weeks ago records its decision; the decision list shows it.
    item = past_db.agenda_items.get()
    page.goto(f"/agendapunten/{item.pk}/")
    scan(page, "11-agenda-item")
    page.goto(f"/agendapunten/{item.pk}/besluit/")
    page.locator("input[name=outcome][value=adopted]").check()
    page.locator("#id_text").fill("Het DB stemt in met de uitgangspunten voor de kadernota 2028.")
    scan(page, "12-decision-form")
    page.locator("main form button[type=submit]").last.click()
    assert Decision.objects.get(agenda_item=item).outcome == Decision.Outcome.ADOPTED
    page.goto(f"/vergaderingen/{past_db.pk}/besluitenlijst/")
    expect(page.locator("main")).to_contain_text("Het DB stemt in met de uitgangspunten")
    scan(page, "13-decision-list")

    # An action agreed at the DB meeting, reported back at the AB meeting.
    page.goto("/acties/nieuw/")
    page.locator("#id_description").fill("Gemeenten vooraf informeren over de kadernota.")
    page.locator("#id_due_date").fill((timezone.localdate() + dt.timedelta(days=7)).isoformat())
    page.locator("#id_origin_meeting").select_option(str(past_db.pk))
    page.locator("#id_report_meeting").select_option(str(ab_meeting.pk))
    scan(page, "14-action-form")
    page.locator("main form button[type=submit]").last.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Gemeenten vooraf informeren")
    scan(page, "15-action-detail")
    page.goto("/acties/")
    scan(page, "16-action-list")
    page.goto("/ontwikkelagenda/")
    scan(page, "17-programme")
