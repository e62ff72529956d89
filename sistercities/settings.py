"""Every setting the app reads from its environment, read once and checked at start.

One frozen dataclass: the app, the corrections command line and the tools read their settings
here and nowhere else (no other module looks at os.environ). A bad value stops the start with a
sentence naming the variable and the value (`python -m sistercities.settings` checks them;
tools/start.sh runs it first), never a reader's click later. README ("Settings") and
.env.example document each one.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "data"
DEFAULT_DB = ROOT / "corrections.sqlite3"
KEY_FILE_NAME = ".corrections-key"
# The record is of US places and US decisions: a council vote "on 3 March" is dated in US time, and
# most of the ties are in the eastern half of the country, so "today" is New York's day.
DEFAULT_TIME_ZONE = "America/New_York"
LOOPBACK = "127.0.0.0/8,::1/128"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_log = logging.getLogger(__name__)


class SettingsError(ValueError):
    """A setting has a value the app cannot use; the message names the variable and the value."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR  # SISTER_CITIES_DATA_DIR
    database_url: str = ""  # DATABASE_URL; empty: SQLite at corrections_db
    corrections_db: Path = DEFAULT_DB  # CORRECTIONS_DB
    per_client: int = 3  # CORRECTIONS_PER_CLIENT, reports per reader in 10 minutes
    per_minute: int = 60  # CORRECTIONS_PER_MINUTE, reports from everyone a minute
    corrections_key: str = ""  # CORRECTIONS_KEY (a secret); empty: read key_file
    key_file: Path | None = None  # CORRECTIONS_KEY_FILE; None: .corrections-key beside the database
    trusted_proxies: tuple[Network, ...] = ()  # CORRECTIONS_TRUSTED_PROXIES
    site_url: str = ""  # SITE_URL
    time_zone: str = DEFAULT_TIME_ZONE  # SITE_TIME_ZONE
    editor: str = ""  # CORRECTIONS_EDITOR: who marks reader reports; empty: the login name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def corrections_url(self) -> str:
        """The corrections database's address: DATABASE_URL, else the SQLite file."""
        return self.database_url or f"sqlite:///{self.corrections_db}"


def _text(env: Mapping[str, str], name: str) -> str:
    return env.get(name, "").strip()


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    text = _text(env, name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise SettingsError(f"{name}={text!r}: expected a whole number of 1 or more")
    return value


def parse_networks(name: str, text: str) -> tuple[Network, ...]:
    """'127.0.0.1/32, 10.0.0.0/8' -> networks (ipaddress; a bare address is a /32 or /128)."""
    networks = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(f"{name}={text!r}: {part!r} is not an IP address or network") from None
    return tuple(networks)


def _trusted_proxies(env: Mapping[str, str]) -> tuple[Network, ...]:
    text = _text(env, "CORRECTIONS_TRUSTED_PROXIES")
    legacy = _text(env, "CORRECTIONS_TRUST_PROXY")
    if not text and legacy == "1":
        # Deprecated: the old switch believed X-Real-IP from anyone. It now means the one safe
        # reading of "behind a proxy on this machine": trust loopback only.
        _log.warning("CORRECTIONS_TRUST_PROXY=1 is deprecated: set CORRECTIONS_TRUSTED_PROXIES=%s", LOOPBACK)
        text = LOOPBACK
    elif legacy not in ("", "0", "1"):
        raise SettingsError(
            f"CORRECTIONS_TRUST_PROXY={legacy!r}: expected 1 (deprecated: use CORRECTIONS_TRUSTED_PROXIES)"
        )
    return parse_networks("CORRECTIONS_TRUSTED_PROXIES", text)


def _site_url(env: Mapping[str, str]) -> str:
    from urllib.parse import urlsplit

    text = _text(env, "SITE_URL").rstrip("/")
    if text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise SettingsError(f"SITE_URL={text!r}: expected an http(s) address such as https://news.example/path")
    return text


def _time_zone(env: Mapping[str, str]) -> str:
    text = _text(env, "SITE_TIME_ZONE") or DEFAULT_TIME_ZONE
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"SITE_TIME_ZONE={text!r}: not an IANA time zone such as America/New_York") from None
    return text


def _corrections_key(env: Mapping[str, str]) -> str:
    key = _text(env, "CORRECTIONS_KEY")
    if not key and _text(env, "CORRECTIONS_SALT"):
        # Deprecated name: an operator-set salt was always a secret; only its built-in default was
        # not. Taken as it is (deployments set short ones), with a warning.
        _log.warning("CORRECTIONS_SALT is deprecated: set a secret of 16 characters or more as CORRECTIONS_KEY")
        return _text(env, "CORRECTIONS_SALT")
    if key and len(key) < 16:
        raise SettingsError("CORRECTIONS_KEY is set but shorter than 16 characters (value hidden: it is a secret)")
    return key


def from_env(env: Mapping[str, str]) -> Settings:
    """The settings in `env`, or SettingsError naming the first bad one."""
    key_file = _text(env, "CORRECTIONS_KEY_FILE")
    return Settings(
        data_dir=Path(_text(env, "SISTER_CITIES_DATA_DIR") or DEFAULT_DATA_DIR),
        database_url=_text(env, "DATABASE_URL"),
        corrections_db=Path(_text(env, "CORRECTIONS_DB") or DEFAULT_DB),
        per_client=_count(env, "CORRECTIONS_PER_CLIENT", Settings.per_client),
        per_minute=_count(env, "CORRECTIONS_PER_MINUTE", Settings.per_minute),
        corrections_key=_corrections_key(env),
        key_file=Path(key_file) if key_file else None,
        trusted_proxies=_trusted_proxies(env),
        site_url=_site_url(env),
        time_zone=_time_zone(env),
        editor=_text(env, "CORRECTIONS_EDITOR"),
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """This process's settings, read from its environment once."""
    return from_env(os.environ)


def main() -> int:
    """`python -m sistercities.settings`: check the environment's settings before starting."""
    try:
        current = settings()
    except SettingsError as error:
        print(f"bad setting: {error}", file=sys.stderr)
        return 1
    shown = {**vars(current), "corrections_key": "(set)" if current.corrections_key else "(not set)"}
    for name, value in shown.items():
        print(f"{name} = {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
