"""Who sent a report, for the rate limit: the reader's address, believed from a proxy's header only
when the proxy is one the operator trusts (CORRECTIONS_TRUSTED_PROXIES), and the key it is counted by.

The rules are OWASP's and nginx's realip module's: a forwarding header is believed only when the
direct peer is a trusted proxy; in X-Forwarded-For each proxy appends the address it saw, so the
reader is the right-most address that is not itself a trusted proxy (anything left of it may have
been written by the reader).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

from sistercities.settings import Network

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
UNKNOWN = "unknown"


def parse_address(text: str | None) -> Address | None:
    """An IP address, IPv4-mapped IPv6 (::ffff:192.0.2.1) read as the IPv4 it carries; else None."""
    try:
        address = ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address | None, trusted: Iterable[Network]) -> bool:
    return address is not None and any(address in network for network in trusted)


def _from_forwarded_for(header: str, trusted: tuple[Network, ...]) -> Address | None:
    hops = [parse_address(hop) for hop in header.split(",")]
    for hop in reversed(hops):
        if hop is None:
            return None  # a garbled hop that a trusted proxy did not write: believe nothing left of it
        if not is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else None  # every hop a trusted proxy: the first one spoke for itself


def reader_address(peer: str | None, headers: Mapping[str, str], trusted: tuple[Network, ...]) -> str:
    """The reader's address: the direct peer's, or, when the peer is a trusted proxy, the one its
    X-Real-IP or X-Forwarded-For names. Streamlit reports a loopback peer as None."""
    direct = parse_address(peer) if peer else ipaddress.IPv4Address("127.0.0.1")
    if direct is None:
        return UNKNOWN
    if is_trusted(direct, trusted):
        real = parse_address(headers.get("X-Real-IP"))
        if real is None and headers.get("X-Forwarded-For"):
            real = _from_forwarded_for(headers["X-Forwarded-For"], trusted)
        if real is not None:
            return str(real)
    return str(direct)


def rate_key(address: str) -> str:
    """What one reader is counted as: an IPv4 address as itself, an IPv6 address as its /64 (a home
    or phone is given a whole /64 and may use any address in it, RFC 4291, 6177)."""
    parsed = parse_address(address)
    if parsed is None:
        return UNKNOWN
    if parsed.version == 6:
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)
