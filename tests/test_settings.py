"""The one settings module: every environment setting, read once, a bad value refused at start;
and the one "today", in the story's time zone."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import subprocess
import sys

import pytest

from sistercities import clock
from sistercities.settings import Settings, SettingsError, from_env
from tests.conftest import ROOT

# Every variable the app reads, as documented in the README and .env.example.
SETTINGS = [
    "SISTER_CITIES_DATA_DIR",
    "DATABASE_URL",
    "CORRECTIONS_DB",
    "CORRECTIONS_PER_CLIENT",
    "CORRECTIONS_PER_MINUTE",
    "CORRECTIONS_KEY",
    "CORRECTIONS_KEY_FILE",
    "CORRECTIONS_TRUSTED_PROXIES",
    "SITE_URL",
    "SITE_TIME_ZONE",
]


@pytest.mark.parametrize(
    "name, value",
    [
        ("CORRECTIONS_PER_CLIENT", "abc"),
        ("CORRECTIONS_PER_MINUTE", "-5"),
        ("CORRECTIONS_TRUSTED_PROXIES", "10.0.0.0/8,not-a-net"),
        ("SITE_URL", "javascript:alert(1)"),
        ("SITE_TIME_ZONE", "Mars/Olympus_Mons"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable_and_the_value(name, value):
    with pytest.raises(SettingsError) as caught:
        from_env({name: value})
    assert name in str(caught.value) and value.split(",")[-1] in str(caught.value)


def test_a_bad_value_stops_the_start_not_a_readers_click():
    env = {**os.environ, "CORRECTIONS_PER_CLIENT": "abc"}
    checked = subprocess.run(
        [sys.executable, "-m", "sistercities.settings"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 1 and "CORRECTIONS_PER_CLIENT='abc'" in checked.stderr
    assert "sistercities.settings" in (ROOT / "tools" / "start.sh").read_text(encoding="utf-8")


def test_the_defaults_need_no_environment():
    assert from_env({}) == Settings()
    assert from_env({}).trusted_proxies == () and from_env({}).corrections_key == ""


def test_the_deprecated_trust_switch_means_loopback_only():
    trusted = from_env({"CORRECTIONS_TRUST_PROXY": "1"}).trusted_proxies
    assert ipaddress.ip_address("127.0.0.1") in trusted[0] and ipaddress.ip_address("::1") in trusted[1]
    assert not any(ipaddress.ip_address("10.0.0.1") in network for network in trusted)


def test_no_module_reads_the_environment_but_settings():
    readers = [
        str(path.relative_to(ROOT))
        for folder in ("sistercities", "components", "pages")
        for path in (ROOT / folder).glob("*.py")
        if re.search(r"os\.environ|getenv", path.read_text(encoding="utf-8"))
    ]
    assert readers == ["sistercities/settings.py"]


@pytest.mark.parametrize("document", ["README.md", ".env.example"])
def test_every_setting_is_documented(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    assert [name for name in SETTINGS if name not in text] == []


def test_just_after_midnight_utc_it_is_still_yesterday_in_new_york():
    # 00:30 UTC on 1 March 2026 is 19:30 on 28 February in New York (EST, UTC-5).
    assert clock.today(dt.datetime(2026, 3, 1, 0, 30, tzinfo=dt.UTC)) == dt.date(2026, 2, 28)
    assert clock.today(dt.datetime(2026, 3, 1, 5, 30, tzinfo=dt.UTC)) == dt.date(2026, 3, 1)


def test_the_time_zone_is_a_setting(monkeypatch):
    monkeypatch.setenv("SITE_TIME_ZONE", "Asia/Tokyo")
    assert clock.today(dt.datetime(2026, 2, 28, 20, 0, tzinfo=dt.UTC)) == dt.date(2026, 3, 1)


def test_no_server_midnight_is_left():
    found = [
        str(path.relative_to(ROOT))
        for folder in ("sistercities", "components", "pages")
        for path in (ROOT / folder).glob("*.py")
        if "date.today()" in path.read_text(encoding="utf-8")
    ]
    assert found == []
