"""The front-end enhancements in a real browser: focus on the error summary after a
rejected submit, the mobile menu, and reordering the agenda and the route by keyboard and
by drag and drop (with the buttons still working without JavaScript), removing behind a
confirmation. Every visited state is scanned with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import services
from tests.e2e.conftest import log_in
from tests.factories import AgendaItemFactory, MeetingFactory, UserFactory
from tests.governance.route_helpers import bodies, pc_template

pytestmark = pytest.mark.e2e

TITLES = ("Opening", "Notulen", "Kaderbrief")


@pytest.fixture
def agenda(ab):
    meeting = MeetingFactory(body=ab, starts_at=timezone.now() + dt.timedelta(days=40))
    for number, title in enumerate(TITLES, start=1):
        AgendaItemFactory(meeting=meeting, order=number, number=str(number), title=title)
    return meeting


def _order(meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("order").values_list("title", flat=True))


def _row(page, title: str):
    return page.locator("[data-reorder-item]", has_text=title)


def test_focus_moves_to_the_error_summary_after_a_rejected_submit(page, scan, db):
    user = UserFactory()
    page.goto("/account/inloggen/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill("not the password")
    page.locator("main form button[type=submit]").click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fout: "))
    expect(summary.get_by_role("heading")).to_have_text("Er is een probleem")
    expect(page.locator("#id_password")).to_have_attribute("aria-invalid", "true")
    scan(page, "01-login-error")
    # The link in the summary takes the keyboard to the field.
    summary.get_by_role("link").click()
    expect(page.locator("#id_username")).to_be_focused()


def test_the_error_summary_of_a_form_links_to_each_field(page, scan, secretary, agenda):
    page.goto("/account/inloggen/")
    log_in(page, secretary)
    page.goto(f"/vergaderingen/{agenda.pk}/agenda/")
    page.locator("#id_title").fill("   ")
    page.get_by_role("button", name=re.compile("Agendapunt toevoegen|Add item")).click()
    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fout: "))
    link = summary.locator('a[href="#id_title"]')
    expect(link).to_be_visible()
    scan(page, "02-form-error")
    link.click()
    expect(page.locator("#id_title")).to_be_focused()


def test_the_menu_folds_away_on_a_small_screen(new_page, scan, db):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    toggle = page.locator(".hecht-menu-toggle")
    menu = page.locator("#hecht-menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    scan(page, "03-menu-closed")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link").first).to_be_visible()
    expect(page.locator("#hecht-tools")).to_be_visible()
    scan(page, "04-menu-open")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()
    # Without JavaScript there is no button: the menu simply stays open.
    plain = new_page(javascript=False)
    plain.set_viewport_size({"width": 390, "height": 800})
    plain.goto("/")
    expect(plain.locator(".hecht-menu-toggle")).to_be_hidden()
    expect(plain.locator("#hecht-menu").get_by_role("link").first).to_be_visible()
    # Wide, the button is not needed.
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(toggle).to_be_hidden()
    expect(menu).to_be_visible()


def test_agenda_reorders_by_keyboard_and_by_dragging(page, scan, secretary, agenda):
    page.goto("/account/inloggen/")
    log_in(page, secretary)
    page.goto(f"/vergaderingen/{agenda.pk}/agenda/")
    page.evaluate("window.hechtNoReload = true")
    # Keyboard: the Down button of "Opening", pressed with Enter.
    _row(page, "Opening").locator('[data-direction="down"]').press("Enter")
    status = page.locator("[data-reorder-status]")
    expect(status).to_have_text("“Opening” staat nu op plaats 2 van 3.")
    focused = _row(page, "Opening").locator('[data-direction="down"]')
    expect(focused).to_be_focused()
    assert _order(agenda) == ["Notulen", "Opening", "Kaderbrief"]
    # Pressing on keeps the focus on the moved row: now the last, so on its Up button.
    focused.press("Enter")
    expect(status).to_have_text("“Opening” staat nu op plaats 3 van 3.")
    expect(_row(page, "Opening").locator('[data-direction="up"]')).to_be_focused()
    assert _order(agenda) == ["Notulen", "Kaderbrief", "Opening"]
    scan(page, "05-agenda-moved")
    # Drag "Opening" by its handle onto the top half of the first row.
    handle = _row(page, "Opening").locator(".hecht-drag-handle")
    first = _row(page, "Notulen")
    handle.drag_to(first, target_position={"x": 40, "y": 4})
    expect(status).to_have_text("“Opening” staat nu op plaats 1 van 3.")
    assert _order(agenda) == ["Opening", "Notulen", "Kaderbrief"]
    expect(page.locator("tbody tr").first).to_contain_text("Opening")
    assert page.evaluate("window.hechtNoReload") is True  # no page load on the way


def test_agenda_buttons_work_without_javascript_and_removing_asks_first(
    new_page, scan, secretary, agenda
):
    page = new_page(javascript=False)
    page.goto("/account/inloggen/")
    log_in(page, secretary)
    page.goto(f"/vergaderingen/{agenda.pk}/agenda/")
    expect(page.locator(".hecht-drag-handle")).to_have_count(0)
    _row(page, "Kaderbrief").locator('[data-direction="up"]').click()
    expect(page).to_have_url(re.compile(rf"/vergaderingen/{agenda.pk}/agenda/$"))
    assert _order(agenda) == ["Opening", "Kaderbrief", "Notulen"]
    # Removing: the first button only opens the question.
    row = _row(page, "Notulen")
    row.locator("summary").click()
    confirm = row.locator(".hecht-confirm__panel")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Agendapunt 3 “Notulen” van de agenda verwijderen?")
    assert _order(agenda) == ["Opening", "Kaderbrief", "Notulen"]
    scan(page, "06-agenda-remove-question")
    confirm.get_by_role("button").click()
    expect(page.locator(".hecht-messages")).to_contain_text("Notulen")
    assert _order(agenda) == ["Opening", "Kaderbrief"]


def test_route_reorders_by_keyboard_and_removes_after_confirmation(
    page, scan, secretary, ab, db_body, ac
):
    template = pc_template(bodies(ab, db_body, ac))
    proposal = services.proposal_create(
        actor=secretary, title="Herstelplan eigen vermogen", route_template=template
    )
    page.goto("/account/inloggen/")
    log_in(page, secretary)
    page.goto(f"/voorstellen/{proposal.pk}/route/")
    ac_step = page.locator("[data-reorder-item]", has_text="(AC)")
    ac_step.locator('[data-direction="up"]').press("Enter")
    expect(page.locator("[data-reorder-status]")).to_contain_text("staat nu op plaats 1 van 4.")
    codes = list(proposal.steps.order_by("position").values_list("body__code", flat=True))
    assert codes == ["AC", "BAO", "DB", "AB"]
    expect(ac_step.locator('[data-direction="down"]')).to_be_focused()
    scan(page, "07-route-moved")
    last = page.locator("[data-reorder-item]").last
    last.locator("summary").click()
    last.get_by_role("button", name=re.compile("Ja, verwijderen")).click()
    expect(page.locator("[data-reorder-item]")).to_have_count(3)
    assert proposal.steps.count() == 3
    scan(page, "08-route-removed")
