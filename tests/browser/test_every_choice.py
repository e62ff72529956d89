"""Every choice a reader can click, clicked, on every page, at desktop and phone size.

The test finds the controls itself (segmented controls and pills, radios, tabs, toggles,
expanders, buttons, download buttons, the copy button of every code box), so a control added later is covered without
editing it. It clicks each one once, waits for the app to settle, and fails on Streamlit's error
box, an exception in the page, or a download that does not arrive. It is the test that would have
caught the California map replacing the map with "This app has encountered an error".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import screenshot, wait_for_app

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
PAGES = {
    "overview": "/",
    "map": "/map",
    "timeline": "/timeline",
    "compare": "/compare",
    "data": "/data",
    "record": "/data?pair=san-jose-ca_yekaterinburg",
}
# A page whose controls keep adding controls would never end: far more than any page has.
MOST_CLICKS = 200

# What a reader can click, as Streamlit draws it. Every visible, enabled match is a choice.
CONTROLS = {
    "option": '[data-testid="stButtonGroup"] button',
    "radio": '[data-testid="stRadio"] label',
    "tab": '[role="tab"]',
    "toggle": '[data-testid="stCheckbox"] label',
    "expander": '[data-testid="stExpander"] summary',
    "button": '[data-testid="stButton"] button, [data-testid="stFormSubmitButton"] button, '
    '[data-testid="stPopover"] button',
    # A code box (a shared link, a citation, an embed) copies itself with the button it shows on hover.
    "copy": '[data-testid="stCode"]',
    # The shared link's own box: a field and a "Copy link" button.
    "copy link": ".copy-box button",
    "download": '[data-testid="stDownloadButton"] button',
    # The » that opens the sidebar on a phone; what it shows is then found like the rest.
    "sidebar": '[data-testid="stExpandSidebarButton"]',
}

# Marks each visible, enabled control with a number and returns what it is: kind, the label of
# its group (the widget's own label), its text, and how many equal ones came before it. The
# signature stays the same across reruns, so a control is clicked once however often it redraws.
DISCOVER = """(controls) => {
  document.querySelectorAll('[data-every-choice]').forEach((e) => e.removeAttribute('data-every-choice'));
  const found = [];
  const seen = {};
  let number = 0;
  // On a phone the open sidebar lies over the page: the page's controls are out of reach then.
  const side = document.querySelector('[data-testid="stSidebar"]');
  const sideBox = side && side.getBoundingClientRect();
  const mainBox = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
  const overlaid = side && side.getAttribute('data-collapsed') === 'false' && sideBox.right > mainBox.left + 1;
  for (const [kind, selector] of Object.entries(controls)) {
    for (const element of document.querySelectorAll(selector)) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      // A closed sidebar slides off the screen's side: what is there is not in reach.
      if (box.right <= 0 || box.left >= window.innerWidth) continue;
      // Inside a closed expander only its summary line shows.
      const shut = element.closest('details:not([open])');
      if (shut && element.tagName !== 'SUMMARY') continue;
      if (element.disabled || element.getAttribute('aria-disabled') === 'true') continue;
      // A widget's own label names its group; an expander is named by its summary alone.
      const container = kind === 'expander' ? null : element.closest('[data-testid="stElementContainer"]');
      const label = container && container.querySelector('[data-testid="stWidgetLabel"]');
      const group = label ? label.innerText.trim() : '';
      // Icons are drawn as ligature words ("flag", "keyboard_arrow_down") that change with the state.
      const copy = element.cloneNode(true);
      copy.querySelectorAll('[data-testid="stIconMaterial"], [data-testid="stExpanderIcon"]').forEach((i) => i.remove());
      const text = (copy.textContent || element.getAttribute('aria-label') || element.title || '').trim();
      const where = element.closest('[data-testid="stSidebar"]') ? 'sidebar' : 'main';
      if (overlaid && where === 'main') continue;
      const base = [kind, where, group, text].join(' | ');
      seen[base] = (seen[base] || 0) + 1;
      element.setAttribute('data-every-choice', String(number));
      found.push({number: number, signature: base + ' #' + seen[base], kind: kind});
      number += 1;
    }
  }
  return found;
}"""

CRASH_TEXT = "This app has encountered an error"


def crashed(page) -> str:
    """What the reader sees of a crash, or '' when there is none."""
    if page.get_by_text(CRASH_TEXT).count():
        return CRASH_TEXT
    boxes = page.locator('[data-testid="stException"]')
    return boxes.first.inner_text() if boxes.count() else ""


class Redrawn(Exception):
    """The control was replaced by a rerun between finding and clicking it: find it again."""


def click_once(page, control: dict, downloads: list[str], size: str) -> None:
    target = page.locator(f'[data-every-choice="{control["number"]}"]')
    try:
        target.scroll_into_view_if_needed(timeout=30_000)
    except PlaywrightError as error:
        if not target.count() or "not attached" in error.message:
            raise Redrawn from None
        raise AssertionError(f"{control['signature']}: cannot be reached to click ({error.message[-600:]})") from None
    if control["kind"] == "copy":
        # On a phone a tap on the box shows its copy button; with a mouse, pointing at it does.
        # A rerun the last click started late can still replace the box under the pointer.
        try:
            target.tap(timeout=30_000) if size == "phone" else target.hover(timeout=30_000)
            target.locator('button[aria-label="Copy to clipboard"]').click(timeout=30_000)
        except PlaywrightError as error:
            if not target.count() or "detached" in error.message or "not attached" in error.message:
                raise Redrawn from None
            raise
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.strip() == target.inner_text().strip(), f"{control['signature']}: copied {copied!r}"
    elif control["kind"] == "copy link":
        target.click()
        field = target.locator("xpath=..").get_by_role("textbox")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied.strip() == field.input_value().strip(), f"{control['signature']}: copied {copied!r}"
    elif control["kind"] == "download":
        with page.expect_download(timeout=180_000) as arrival:
            target.click()
        download = arrival.value
        failure = download.failure()
        assert failure is None, f"{control['signature']}: the download failed ({failure})"
        downloads.append(download.suggested_filename)
    else:
        try:
            target.click(timeout=30_000)
        except PlaywrightError as error:
            if not target.count() or "not attached" in error.message:
                raise Redrawn from None
            raise AssertionError(f"{control['signature']}: the click did not land ({error.message[-600:]})") from None
    if control["kind"] == "sidebar":  # it slides in: its controls are in reach once it is on the screen
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().x >= 0"
        )
    wait_for_app(page, timeout=180_000)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_every_choice_on_every_page_draws_without_an_error(browser, app_server, name, size):
    context = browser.new_context(accept_downloads=True, **SIZES[size])
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(app_server.url + PAGES[name])
    wait_for_app(page)
    clicked: list[str] = []
    downloads: list[str] = []
    redrawn: dict[str, int] = {}
    try:
        for _ in range(MOST_CLICKS):
            controls = page.evaluate(DISCOVER, CONTROLS)
            fresh = [c for c in controls if c["signature"] not in clicked]
            if not fresh:
                break
            control = fresh[0]
            if not page.locator(f'[data-every-choice="{control["number"]}"]').count():
                # A late rerun redrew the page between finding and clicking: find the controls again.
                wait_for_app(page)
                continue
            clicked.append(control["signature"])
            print(f"{name} at {size}: clicking {control['signature']}")
            try:
                click_once(page, control, downloads, size)
            except Redrawn:
                redrawn[control["signature"]] = redrawn.get(control["signature"], 0) + 1
                assert redrawn[control["signature"]] <= 3, f"{control['signature']}: redrawn under the pointer 3 times"
                clicked.remove(control["signature"])
                wait_for_app(page)
                continue
            shown = crashed(page)
            assert not shown, f"{name} at {size}: after clicking {control['signature']!r} the page shows {shown!r}"
            assert not errors, f"{name} at {size}: after clicking {control['signature']!r}: {errors}"
        else:
            pytest.fail(f"{name} at {size}: still finding new controls after {MOST_CLICKS} clicks")
    finally:
        screenshot(page, f"every-choice-{name}-{size}")
        context.close()
    # The page had choices, and the test reached them: a page with none means the finder is blind.
    assert clicked, f"{name} at {size}: no control found"
    print(f"{name} at {size}: {len(clicked)} controls clicked, {len(downloads)} downloads")
