"""The machine-read routes: sitemap.xml, robots.txt and the changelog as an Atom feed (feedgen)."""

from __future__ import annotations

import hashlib

import pandas as pd
from feedgen.feed import FeedGenerator

from sistercities.record import SITE_TITLE
from sistercities.site.templating import render_template
from sistercities.ties import tie_label

STREAMLIT_PAGES = ("/", "/map", "/timeline", "/compare", "/data")


def sitemap(site) -> bytes:
    pairs = site.dataset.pairs
    ties = [
        {"loc": f"{site.base_url}/ties/{row.pair_id}/", "lastmod": _day(row.last_verified)}
        for row in pairs.itertuples(index=False)
    ]
    others = [{"loc": f"{site.base_url}/ties/", "lastmod": site.dataset.last_updated}]
    others += [{"loc": f"{site.app_url}{page}", "lastmod": site.dataset.last_updated} for page in STREAMLIT_PAGES]
    return render_template("sitemap.xml", urls=others + ties)


def robots(site) -> bytes:
    return render_template("robots.txt", sitemap=f"{site.base_url}/sitemap.xml")


def _day(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _entry_id(base_url: str, row) -> str:
    digest = hashlib.sha256("|".join([_day(row.date), row.version, row.pair_id, row.description]).encode()).hexdigest()
    return f"{base_url}/feed.atom#change-{digest[:16]}"


def _entry_title(row, labels: dict[str, str]) -> str:
    about = labels.get(row.pair_id, "the whole dataset")
    return f"Version {row.version}, {row.kind}: {about}"


def atom_feed(site) -> bytes:
    """The changelog, newest first; each entry links its tie's page (or the list of ties)."""
    changes = site.dataset.changelog
    labels = dict(zip(site.dataset.pairs["pair_id"], site.dataset.pairs.apply(tie_label, axis=1)))
    feed = FeedGenerator()
    feed.id(f"{site.base_url}/feed.atom")
    feed.title(f"{SITE_TITLE}: changes to the data")
    feed.author({"name": "The US–Russia sister cities project"})
    feed.link(href=f"{site.base_url}/feed.atom", rel="self")
    feed.link(href=f"{site.base_url}/ties/", rel="alternate")
    feed.language("en")
    newest = changes["date"].max() if len(changes) else pd.Timestamp(site.dataset.last_updated or "2022-02-24")
    feed.updated(pd.Timestamp(newest).tz_localize("UTC").to_pydatetime())
    # feedgen puts each new entry first: add the oldest first so the newest leads the feed.
    for row in changes.iloc[::-1].itertuples(index=False):
        entry = feed.add_entry()
        entry.id(_entry_id(site.base_url, row))
        entry.title(_entry_title(row, labels))
        target = f"/ties/{row.pair_id}/" if row.pair_id in labels else "/ties/"
        entry.link(href=f"{site.base_url}{target}")
        entry.content(row.description, type="text")
        day = pd.Timestamp(row.date).tz_localize("UTC").to_pydatetime()
        entry.published(day)
        entry.updated(day)
    return feed.atom_str(pretty=True)
