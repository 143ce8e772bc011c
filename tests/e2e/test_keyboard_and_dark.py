"""Study-pack, exercise and import pages used with the keyboard alone, and in dark mode.

Keyboard: Tab, from the top of the page, reaches every visible control in turn and comes back
round (no trap); each control shows a focus ring when it has the focus; in the code editor Tab
indents and Esc then Tab leaves it, as the hint under the editor says. Dark mode: the system's
dark scheme and the site's own theme switch (chosen with the keyboard) both pass axe, the
colour-contrast rule included."""

import pytest
from playwright.sync_api import expect

from interview.bank.models import Question
from interview.bank.starter_bank import exercise_bank_files, starter_bank_load
from tests.conftest import PASSWORD
from tests.e2e.test_interview import log_in
from tests.e2e.test_packs import pack_page_paths
from tests.e2e.test_pages import axe_problems
from tests.factories import TopicFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURE_MD = "tests/fixtures/transfer/statistics.md"

# Every visible control that Tab should reach, each tagged with a number; one radio per group.
CONTROLS = """() => {
  const seen = new Set();
  const out = [];
  const all = document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable=true]');
  for (const el of all) {
    if (el.disabled || el.type === 'hidden' || el.tabIndex < 0) continue;
    if (el.closest('[inert], [hidden]')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (el.closest('.CodeMirror') === null && (box.width === 0 || box.height === 0)) continue;
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    let key = el.closest('.CodeMirror') ? 'editor:' + out.length : 'c' + out.length;
    if (el.type === 'radio') {
      key = 'radio:' + el.name;
      if (seen.has(key)) continue;
    }
    seen.add(key);
    el.dataset.kbd = key;
    out.push({key, label: (el.getAttribute('aria-label') || el.textContent || el.name || el.id
      || el.tagName).trim().slice(0, 50)});
  }
  return out;
}"""

# What has the focus now: its key (set above), whether it is the code editor, whether a focus
# ring shows (on the element, or on the editor's frame for the editor's hidden textarea).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const editor = el.closest('.CodeMirror');
  const ringed = editor || el;
  const s = getComputedStyle(ringed);
  // The site draws a 3 px outline; the admin keeps the browser's own ring (style "auto").
  const ring = s.outlineStyle === 'auto'
    || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
    || (s.boxShadow && s.boxShadow !== 'none');
  let key = el.dataset.kbd || (el.type === 'radio' ? 'radio:' + el.name : null);
  if (editor && !key) {
    const tagged = editor.querySelector('[data-kbd]');
    key = tagged ? tagged.dataset.kbd : 'editor';
  }
  return {key, editor: !!editor, ring,
          label: (el.getAttribute('aria-label') || el.textContent || el.name || el.tagName)
                 .trim().slice(0, 50)};
}"""


def keyboard_walk(page, label: str) -> list[str]:
    """Tab through the page from its first control and back round; the problems found."""
    controls = page.evaluate(CONTROLS)
    expected = {c["key"]: c["label"] for c in controls}
    # From the first control, Shift+Tab leaves the page: the next Tab comes back to the first.
    page.evaluate("document.querySelector('[data-kbd]').focus()")
    page.keyboard.press("Shift+Tab")
    problems, reached = [], []
    previous = None
    for _ in range(3 * len(controls) + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            if reached:
                break  # past the last control: focus has left the page, no trap
            continue
        key = focused["key"]
        if focused["editor"]:
            # Tab inside the editor indents (the focus stays); Esc then Tab leaves it.
            page.keyboard.press("Tab")
            still = page.evaluate(FOCUSED)
            if not (still and still["editor"]):
                problems.append(f"{label}: Tab in the code editor left it instead of indenting")
            page.keyboard.press("Escape")
        if key == previous and not focused["editor"]:
            problems.append(f"{label}: Tab stays on {focused['label']!r} (keyboard trap)")
            break
        if not focused["ring"]:
            problems.append(f"{label}: no visible focus ring on {focused['label']!r}")
        if reached and key == reached[0]:
            break  # came back round to the first control
        if key is not None:
            reached.append(key)
        previous = key
    else:
        problems.append(f"{label}: Tab never left the page or came back round")
    missing = [expected[k] for k in expected if k not in reached]
    if missing:
        problems.append(f"{label}: Tab never reached {missing}")
    return problems


@pytest.fixture
def desk(browser):
    """A desktop page that may inject axe-core (the site's CSP forbids it otherwise)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def dark_problems(page, label: str) -> list[str]:
    """axe on the page in the system's dark scheme, then with the site's theme switch set to
    dark (pressed with the keyboard) over a light system; the switch is set back after."""
    problems = []
    page.emulate_media(color_scheme="dark")
    page.reload()
    problems += [f"[system dark] {p}" for p in axe_problems(page, label)]
    page.emulate_media(color_scheme="light")
    switch = page.locator(".theme-form button[value=dark]")
    if switch.count():
        switch.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        problems += [f"[theme dark] {p}" for p in axe_problems(page, label)]
        page.locator(".theme-form button[value=system]").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    return problems


def check(page, url: str, label: str, ready=None) -> list[str]:
    page.emulate_media(color_scheme="light")
    page.goto(url)
    page.wait_for_load_state("load")
    if ready is not None:
        ready(page)
    problems = keyboard_walk(page, label)
    problems += dark_problems(page, label)
    return problems


def test_study_pack_pages_by_keyboard_and_in_dark_mode(desk, live_server, alice):
    pages = pack_page_paths(alice)
    draft_path = pages[1][0]
    log_in(desk, live_server)
    problems = []
    for path, label in pages:
        problems += check(desk, live_server.url + path, label)

    # An edit form opened with the keyboard: its fields are reached, then the next item.
    desk.goto(live_server.url + draft_path)
    summary = desk.locator(".draft-item").first.locator("details.edit-item summary")
    summary.focus()
    desk.keyboard.press("Enter")
    expect(desk.locator(".draft-item").first.locator("details.edit-item")).to_have_attribute(
        "open", ""
    )
    desk.keyboard.press("Tab")
    focused = desk.evaluate("document.activeElement.name")
    if focused != "title":
        problems.append(f"an opened edit form: Tab goes to {focused!r}, not its first field")
    assert not problems, "\n".join(problems)


@pytest.fixture
def exercises(transactional_db):
    starter_bank_load(paths=exercise_bank_files())


def test_exercise_pages_by_keyboard_and_in_dark_mode(desk, live_server, alice, exercises):
    sql = Question.objects.get(slug="sqlx-running-revenue")
    python = Question.objects.get(slug="pyx-run-length-encoding")
    log_in(desk, live_server)
    problems = check(desk, f"{live_server.url}/exercises/", "exercise list")

    def editor_ready(page):
        expect(page.locator(".CodeMirror")).to_be_visible()

    problems += check(desk, f"{live_server.url}/exercises/{sql.pk}/", "SQL exercise", editor_ready)
    hint = desk.locator(".exercise-form .hint")
    expect(hint).to_contain_text("Esc then Tab leaves the editor")

    # Run with the keyboard alone (Ctrl+Enter in the editor), then walk the page with the result.
    desk.goto(f"{live_server.url}/exercises/{sql.pk}/")
    editor_ready(desk)
    desk.locator(".CodeMirror textarea").focus()
    desk.keyboard.press("Control+Enter")
    expect(desk.locator("#run-result")).to_contain_text("expected result")
    problems += keyboard_walk(desk, "SQL exercise with a run result")
    problems += [f"[system dark] {p}" for p in _dark_in_place(desk, "SQL run result")]

    problems += check(
        desk,
        f"{live_server.url}/exercises/{python.pk}/",
        "Python exercise",
        lambda page: expect(page.get_by_text("Python is ready")).to_be_visible(timeout=60_000),
    )
    assert not problems, "\n".join(problems)


def _dark_in_place(page, label):
    """axe in the system's dark scheme without reloading (keeps an htmx result on the page)."""
    page.emulate_media(color_scheme="dark")
    found = axe_problems(page, label)
    page.emulate_media(color_scheme="light")
    return found


def test_import_pages_by_keyboard_and_in_dark_mode(desk, live_server):
    TopicFactory(slug="statistics", name="Statistics")
    UserFactory(username="erin", is_staff=True, is_superuser=True)
    desk.goto(live_server.url + "/admin/")
    desk.get_by_label("Username").fill("erin")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    url = live_server.url + "/admin/bank/question/import/"
    problems = check(desk, url, "import form")

    desk.goto(url)
    desk.locator("#id_files").set_input_files(FIXTURE_MD)
    desk.get_by_role("button", name="Check (dry run)").click()
    expect(desk.get_by_text("Dry run: nothing has been written yet")).to_be_visible()
    problems += keyboard_walk(desk, "import dry-run report")
    problems += [f"[system dark] {p}" for p in _dark_in_place(desk, "import dry-run report")]

    # The admin's own theme switch, pressed with the keyboard until it shows the dark theme.
    desk.goto(url)
    toggle = desk.locator("button.theme-toggle")
    for _ in range(3):
        if desk.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        toggle.focus()
        desk.keyboard.press("Enter")
    expect(desk.locator("html")).to_have_attribute("data-theme", "dark")
    problems += [f"[admin theme dark] {p}" for p in axe_problems(desk, "import form")]
    assert not problems, "\n".join(problems)
