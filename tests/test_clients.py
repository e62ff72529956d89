"""Who a report came from: a proxy's header believed only from a trusted proxy (OWASP), IPv6 readers
counted by their /64, and the address kept only as an HMAC under a secret key that changes daily."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import subprocess
import sys

import pytest
import sqlalchemy as sa

from sistercities import corrections
from sistercities.clients import rate_key, reader_address
from sistercities.settings import SettingsError, from_env, parse_networks
from tests.conftest import ROOT
from tests.test_overview_app import run_page

NGINX = parse_networks("CORRECTIONS_TRUSTED_PROXIES", "127.0.0.1/32,10.0.0.0/8")
KEY = b"0123456789abcdef0123456789abcdef"


def test_a_header_from_an_untrusted_peer_is_not_believed():
    # Anyone on the internet can send X-Real-IP; with no trusted proxy, or from outside one, it is ignored.
    assert reader_address("203.0.113.5", {"X-Real-IP": "198.51.100.1"}, ()) == "203.0.113.5"
    assert reader_address("203.0.113.5", {"X-Real-IP": "198.51.100.1"}, NGINX) == "203.0.113.5"
    assert reader_address("203.0.113.5", {"X-Forwarded-For": "198.51.100.1"}, NGINX) == "203.0.113.5"


def test_a_trusted_proxys_header_names_the_reader():
    assert reader_address("10.1.2.3", {"X-Real-IP": "198.51.100.1"}, NGINX) == "198.51.100.1"
    # Streamlit reports a loopback peer (nginx on the same machine) as None.
    assert reader_address(None, {"X-Real-IP": "2001:db8::1"}, NGINX) == "2001:db8::1"


def test_x_forwarded_for_gives_the_right_most_address_not_itself_trusted():
    # The reader wrote "1.1.1.1" themselves; the CDN (10.9.9.9, trusted) appended what it saw.
    chain = {"X-Forwarded-For": "1.1.1.1, 198.51.100.7, 10.9.9.9"}
    assert reader_address("10.0.0.2", chain, NGINX) == "198.51.100.7"
    assert reader_address("10.0.0.2", {"X-Forwarded-For": "1.1.1.1, not-an-ip, 10.9.9.9"}, NGINX) == "10.0.0.2"


def test_an_ipv6_home_is_one_reader_and_ipv4_addresses_are_each_their_own():
    # RFC 4291 / 6177: a home gets a /64 and picks any address in it (privacy addresses rotate).
    assert rate_key("2001:db8:1:2:aaaa::1") == rate_key("2001:db8:1:2:ffff:1:2:3") == "2001:db8:1:2::/64"
    assert rate_key("2001:db8:1:3::1") != rate_key("2001:db8:1:2::1")
    assert rate_key("192.0.2.1") != rate_key("192.0.2.2")
    assert rate_key("::ffff:192.0.2.1") == rate_key("192.0.2.1")  # the same IPv4 reader


def test_one_reader_rotating_ipv6_addresses_is_held_to_the_limit(tmp_path):
    engine = corrections.make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    corrections.init_schema(engine)
    submission, _ = corrections.validate("a", "Wrong vote", "https://example.org", {"a"})
    limits = corrections.RateLimits(per_client=3, per_minute=100)
    day = dt.date(2026, 11, 22)
    kept = [
        corrections.store(
            engine, submission, "s", client=corrections.client_key(f"2001:db8:0:1::{n}", KEY, day), limits=limits
        )
        for n in range(1, 10)
    ]
    assert sum(k is not None for k in kept) == 3


def test_the_stored_value_is_no_plain_or_default_salted_hash_and_changes_daily():
    address = "203.0.113.7"
    today = corrections.client_key(address, KEY, dt.date(2026, 11, 22))
    tomorrow = corrections.client_key(address, KEY, dt.date(2026, 11, 23))
    guesses = {
        hashlib.sha256(address.encode()).hexdigest()[:32],
        hashlib.sha256(f"us-russia-sister-cities:{address}".encode()).hexdigest()[:32],  # the old default
    }
    assert today not in guesses and len(today) == 32
    assert today != tomorrow
    assert corrections.client_key(address, b"another secret key entirely", dt.date(2026, 11, 22)) != today


def test_init_creates_a_private_key_file_once_beside_the_database(tmp_path):
    env = {**os.environ, "CORRECTIONS_DB": str(tmp_path / "c.sqlite3")}
    for name in ("DATABASE_URL", "CORRECTIONS_KEY", "CORRECTIONS_SALT", "CORRECTIONS_KEY_FILE"):
        env.pop(name, None)
    command = [sys.executable, "-m", "sistercities.corrections", "init"]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    key = tmp_path / ".corrections-key"
    first = key.read_text(encoding="utf-8")
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(first.strip()) == 64
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    assert key.read_text(encoding="utf-8") == first  # never replaced
    config = from_env({"CORRECTIONS_DB": str(tmp_path / "c.sqlite3")})
    assert corrections.secret_key(config) == first.strip().encode()
    with sa.create_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}").connect() as connection:
        assert first.strip() not in str(list(connection.exec_driver_sql("SELECT * FROM sqlite_master")))


def send_report(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("CORRECTIONS_DB", str(tmp_path / "c.sqlite3"))
    for name in ("DATABASE_URL", "CORRECTIONS_KEY", "CORRECTIONS_SALT", "CORRECTIONS_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    engine = corrections.make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    corrections.init_schema(engine)
    app = run_page("pages/data.py", monkeypatch, pair="alpha-ca_ekaterinburg")
    app.text_area(key="report_what").input("The vote was 4-1.")
    app.text_input(key="report_url").input("https://example.org/minutes")
    next(b for b in app.button if b.label == "Send the report").click().run()
    return app, corrections.stored(engine)


def test_without_a_key_reports_are_refused_plainly(monkeypatch, tmp_path, caplog):
    app, rows = send_report(monkeypatch, tmp_path)
    assert rows == []
    assert [e.value for e in app.error] == ["Reports are closed for now; nothing was saved. Please try again later."]
    assert "corrections init" in caplog.text  # the operator's hint is in the log, not on the page


def test_with_a_key_a_report_is_stored_under_a_keyed_hash(monkeypatch, tmp_path):
    app, rows = send_report(monkeypatch, tmp_path, CORRECTIONS_KEY=KEY.decode())
    assert not app.error and len(rows) == 1 and len(rows[0]["client"]) == 32


def test_the_deprecated_salt_name_still_works_as_the_key():
    # tests/scaleout gives each replica its own short CORRECTIONS_SALT, to tell their rows apart.
    assert from_env({"CORRECTIONS_SALT": KEY.decode()}).corrections_key == KEY.decode()
    assert from_env({"CORRECTIONS_SALT": "salt-a"}).corrections_key == "salt-a"
    with pytest.raises(SettingsError):
        from_env({"CORRECTIONS_KEY": "short"})


def test_the_nginx_recipe_sends_security_headers_and_documents_a_cdn():
    conf = (ROOT / "tools" / "nginx.conf").read_text(encoding="utf-8")
    location = conf[conf.index("location / {") :]  # a location's add_header hides the server's
    for header in (
        'Content-Security-Policy "frame-ancestors *"',
        'X-Content-Type-Options "nosniff"',
        'Referrer-Policy "strict-origin-when-cross-origin"',
    ):
        assert f"add_header {header} always;" in location
    assert "#   set_real_ip_from" in conf and "#   real_ip_header" in conf
    assert all(p in conf for p in ("{listen}", "{replica_a}", "{replica_b}", "{tmp}"))
