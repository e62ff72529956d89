"""The HTML pages: the overview, every tie grouped by outcome, one tie's record, and a 404 that
helps. Each takes the Site and its path's depth (for relative links) and returns bytes."""

from __future__ import annotations

import pandas as pd

from sistercities.outcomes import OUTCOME_CODES
from sistercities.record import SITE_TITLE, licence_name
from sistercities.site.previews import Preview, counts_sentence, meta_tags, tie_card_url, tie_preview_words
from sistercities.site.templating import render_template
from sistercities.site.tie import description, outcome_view, tie_context
from sistercities.ties import tie_label

DOWNLOAD_FILES = ("pairs.csv", "events.csv", "sources.csv", "datapackage.json")


def relative_root(path: str) -> str:
    """From a page's URL path to the routes' root: '/' -> '', '/ties/' -> '../', '/ties/x/' -> '../../'."""
    return "../" * path.strip("/").count("/") + ("../" if path.strip("/") else "")


def common(site, path: str, preview: Preview | None = None) -> dict:
    """What every page's frame needs: where the root and the app are, the data's version and terms."""
    dataset = site.dataset
    return {
        "root": relative_root(path),
        "app_url": site.app_url,
        "site_title": SITE_TITLE,
        "version": dataset.version,
        "last_updated": dataset.last_updated,
        "licence": licence_name(dataset.meta),
        "downloads": DOWNLOAD_FILES,
        # Open Graph / Twitter card tags: (attribute, name, content), each a <meta> in the <head>.
        "preview_tags": meta_tags(preview) if preview else [],
    }


def outcome_groups(pairs: pd.DataFrame) -> list[dict]:
    """Every outcome with its ties (sorted by label), empty outcomes left out."""
    groups = []
    labelled = pairs.assign(_label=pairs.apply(tie_label, axis=1)).sort_values("_label", key=lambda s: s.str.casefold())
    for code in OUTCOME_CODES:
        rows = labelled[labelled["outcome"].astype(str) == code]
        if len(rows):
            ties = [{"pair_id": r["pair_id"], "label": r["_label"]} for _, r in rows.iterrows()]
            groups.append({**outcome_view(code), "count": len(ties), "ties": ties})
    return groups


def tie_page(site, path: str, pair_id: str) -> bytes | None:
    context = tie_context(site.dataset, pair_id, site.base_url, site.app_url)
    if context is None:
        return None
    title, _ = tie_preview_words(context["pair"])
    words = description(context)
    preview = Preview(title, words, context["canonical"], tie_card_url(site.base_url, pair_id), f"{title}. {words}")
    return render_template("tie.html", **common(site, path, preview), **context, description=words)


def _list_preview(site, title: str, canonical: str, words: str) -> Preview:
    counts = counts_sentence(site.dataset.pairs)
    return Preview(title, words, canonical, f"{site.base_url}/cards/overview.png", f"{title}. {counts}")


def ties_page(site, path: str) -> bytes:
    groups = outcome_groups(site.dataset.pairs)
    total = len(site.dataset.pairs)
    canonical = f"{site.base_url}/ties/"
    words = (
        f"All {total} US–Russia sister ties, grouped by what the US side did after Russia invaded Ukraine, "
        "each with its sourced record."
    )
    preview = _list_preview(site, f"Every tie, by outcome ({total})", canonical, words)
    return render_template(
        "ties.html", **common(site, path, preview), groups=groups, total=total, canonical=canonical, description=words
    )


def overview_page(site, path: str) -> bytes:
    groups = outcome_groups(site.dataset.pairs)
    total = len(site.dataset.pairs)
    canonical = f"{site.base_url}/"
    words = (
        f"What {total} US cities, counties and states did with their Russian sister cities after Russia "
        "invaded Ukraine: counts by outcome and a sourced record of each tie."
    )
    preview = _list_preview(site, SITE_TITLE, canonical, words)
    return render_template(
        "overview.html",
        **common(site, path, preview),
        groups=groups,
        total=total,
        canonical=canonical,
        description=words,
    )


def not_found_page(site, asked: str) -> bytes:
    """The 404: links from the root (it is served at any depth), the list of ties and a search."""
    return render_template(
        "not_found.html",
        **{**common(site, "/"), "root": "/"},
        asked=asked,
        canonical=f"{site.base_url}/ties/",
        description="No page at this address. Every tie is listed on the ties page.",
    )
