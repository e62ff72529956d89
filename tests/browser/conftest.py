"""Browser tests: the real app served by Streamlit on a free port, driven in Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.conftest import ROOT
from tests.hostile import FREE_TEXT, MARKED_PLACE, hostile_text
from tests.hostile import make_hostile_folder as make_full_hostile_folder

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CORRECTIONS_DB = ROOT / "test-artifacts" / "corrections-browser.sqlite3"


class AppServer:
    def __init__(
        self, data_dir: Path | None = None, base_path: str = "", script: str = "dashboard.py", env: dict | None = None
    ):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}" + (f"/{base_path}" if base_path else "")
        self.health = f"http://127.0.0.1:{self.port}" + (f"/{base_path}" if base_path else "") + "/_stcore/health"
        env = {**os.environ, "CORRECTIONS_DB": str(CORRECTIONS_DB), **(env or {})}
        env.pop("DATABASE_URL", None)
        if data_dir is not None:
            env["SISTER_CITIES_DATA_DIR"] = str(data_dir)
        else:
            env.pop("SISTER_CITIES_DATA_DIR", None)
        # The corrections schema is an explicit step, taken once per database (README).
        subprocess.run([sys.executable, "-m", "sistercities.corrections", "init"], cwd=ROOT, env=env, check=True)
        # Open for the server's whole life, closed in stop().
        self.log = open(ROOT / "test-artifacts" / f"server-{self.port}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / script),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                *(["--server.baseUrlPath", base_path] if base_path else []),
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.health, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start on port {self.port}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The app on the embedded data/."""
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    for stale in CORRECTIONS_DB.parent.glob(CORRECTIONS_DB.name + "*"):
        stale.unlink()
    server = AppServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site_server() -> Iterator[AppServer]:
    """app.py on the embedded data/: the Streamlit pages and the web routes in one server."""
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    server = AppServer(script="app.py", env={"SITE_URL": ""})
    yield server
    server.stop()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Until Streamlit has finished the script run and drawn the page."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
                && document.querySelectorAll('[data-stale="true"]').length === 0;
        }""",
        timeout=timeout,
    )


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


HOSTILE_PLACE = MARKED_PLACE
HOSTILE_PARTNER = hostile_text("Ekaterinburg", 0, FREE_TEXT["pairs.csv"].index("ru_place"))
HOSTILE_SUMMARY = hostile_text(
    "Fixture: the council sent a letter and kept the tie.", 0, FREE_TEXT["pairs.csv"].index("summary")
)
HOSTILE_PUBLISHER = hostile_text("Example News", 0, FREE_TEXT["sources.csv"].index("publisher"))


def _bay_area_centre() -> tuple[float, float]:
    from sistercities.mapview import VIEW_PRESETS

    return VIEW_PRESETS["bay-area"].latitude, VIEW_PRESETS["bay-area"].longitude


BAY_AREA_CENTRE = _bay_area_centre()


def make_hostile_folder(target: Path) -> Path:
    """The hostile fixture (tests/hostile.py), with Alpha alone at the Bay Area view's centre so a
    hover there finds it."""
    import pandas as pd

    make_full_hostile_folder(target)
    pairs = pd.read_csv(target / "pairs.csv", dtype=str, keep_default_na=False)
    alpha = pairs["pair_id"] == "alpha-ca_ekaterinburg"
    pairs.loc[alpha, ["us_lat", "us_lon"]] = [str(BAY_AREA_CENTRE[0]), str(BAY_AREA_CENTRE[1])]
    pairs.loc[pairs["pair_id"] == "beta-county-ca_moscow", ["us_lat", "us_lon"]] = ["34.05", "-118.24"]
    pairs.to_csv(target / "pairs.csv", index=False)
    return target


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory) -> Iterator[AppServer]:
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    folder = make_hostile_folder(tmp_path_factory.mktemp("hostile") / "data")
    server = AppServer(folder)
    yield server
    server.stop()


def no_script_ran(page) -> bool:
    return page.evaluate("() => window.__xss === undefined")


def table_rows(page):
    """The rows (header first) of the page's st.dataframe, once the grid has drawn them.

    The grid is a lazily loaded script chunk: the script run can finish, and the page look done,
    before its rows exist, so wait for the first data row rather than count too early."""
    rows = page.locator('[data-testid="stDataFrame"] [role="row"]')
    rows.nth(1).wait_for(state="attached")
    return rows


def choose_table_row(page, row: int) -> None:
    """Choose a row of the first st.dataframe with the keyboard, as a reader without a mouse would:
    focus the grid, arrow down to the row, Shift+Space selects it. Choosing a tie writes `pair=`
    into the link, so the link says when the page has taken the choice."""
    table_rows(page)
    grid = page.locator('[data-testid="stDataFrame"] canvas').first
    grid.scroll_into_view_if_needed()
    grid.focus()
    page.keyboard.press("ArrowDown")  # puts the grid's cursor on a cell

    def cursor_row() -> int:  # the focused cell is "glide-cell-<column>-<row>"
        page.wait_for_function("() => document.activeElement.id.startsWith('glide-cell-')")
        return int(page.evaluate("() => document.activeElement.id").rsplit("-", 1)[1])

    for _ in range(200):
        if cursor_row() == row:
            break
        page.keyboard.press("ArrowDown" if cursor_row() < row else "ArrowUp")
    assert cursor_row() == row
    page.keyboard.press("Shift+Space")
    page.wait_for_url("**pair=**")
    wait_for_app(page)


def type_and_commit(page, box, text: str) -> None:
    """Type into a Streamlit text box and press Enter, then wait for the rerun it starts to end.
    Waiting for the app alone could return before the rerun began, and a click made then lands on
    an element the rerun replaces."""
    box.fill(text)
    box.press("Enter")
    # A rerun quicker than the check has ended already: then the wait for it times out, harmlessly.
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-script-state') === 'running'",
            timeout=5_000,
        )
    wait_for_app(page)
