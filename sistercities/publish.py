"""The static edition: the web routes written as files for any static host or CDN.

    python -m sistercities.publish DIR [--data data/] [--base-url https://...] [--app-url https://...]

Loops over the same routes the server answers (sistercities.site.site_paths) and writes what
`render` gives for each: '/ties/x/' becomes 'ties/x/index.html'. Each version's pages also go under
'v/<version>/'; nothing already in DIR is removed, so an older version's pages and downloads stay.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sistercities import images
from sistercities.loader import data_dir_from_env, load_dataset
from sistercities.settings import settings
from sistercities.site import Site, render, site_paths, versioned_paths
from sistercities.site.card_pictures import CardKey, card_figure, card_path, default_card_keys
from sistercities.site.pages import not_found_page
from sistercities.site.previews import CARD_WIDTH
from sistercities.site.routes import page_paths

FALLBACK_URL = "http://localhost:8501"


def file_for(path: str) -> str:
    """A route's file in the edition: '/' -> 'index.html', '/ties/x/' -> 'ties/x/index.html'."""
    relative = path.lstrip("/")
    return relative + "index.html" if path.endswith("/") else relative


# Cards already drawn in this process, by (data folder, version, card): a second publish of the
# same data (a new base URL, another folder) reuses them; the pictures hold no address.
_drawn: dict[tuple[str, str, CardKey], bytes] = {}


def card_pictures(site: Site, target: Path) -> list[Path]:
    """Every default card (one per tie, one per page) as PNG under target/cards/: the og:image of
    the edition's pages. Raises RuntimeError when the server has no browser to draw them."""
    written = []
    for key in default_card_keys(site.dataset):
        cache_key = (str(site.data_dir), site.dataset.version, key)
        if cache_key not in _drawn:
            _drawn[cache_key] = images.to_png(card_figure(site.dataset, key), CARD_WIDTH)
        written.append(_write(target / card_path(key), _drawn[cache_key]))
    return written


def publish(site: Site, target: Path, cards: bool = True) -> list[Path]:
    """Write every route of the site's version (and its v/<version>/ copy) into target, with the
    preview cards unless `cards` is false."""
    written = card_pictures(site, target) if cards else []
    copies = dict(zip(page_paths(site), versioned_paths(site)))
    for path in site_paths(site):
        page = render(site, path)
        if page.status != 200:
            raise RuntimeError(f"{path} answered {page.status}; the edition would link to a missing page")
        written.append(_write(target / file_for(path), page.body))
        if path in copies:  # render(site, '/v/<version>' + path) is these bytes: written, not made again
            written.append(_write(target / file_for(copies[path]), page.body))
    written.append(_write(target / "404.html", not_found_page(site, "this address")))
    return written


def _write(file: Path, body: bytes) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(body)
    return file


def site_url(given: str | None, meta: dict) -> tuple[str, str]:
    """(the edition's address, where it came from)."""
    for value, origin in ((given, "--base-url"), (settings().site_url, "SITE_URL")):
        if value and value.strip():
            return value.strip().rstrip("/"), origin
    if meta.get("homepage"):
        return str(meta["homepage"]).rstrip("/"), "datapackage.json homepage"
    return FALLBACK_URL, "the default; pass --base-url for a public edition"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sistercities.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path, help="the folder to write the edition into")
    parser.add_argument(
        "--data", type=Path, default=None, help="the data folder (default: $SISTER_CITIES_DATA_DIR or data/)"
    )
    parser.add_argument("--base-url", default=None, help="where the edition will be served (canonical links, sitemap)")
    parser.add_argument(
        "--app-url", default=None, help="where the interactive Streamlit pages live (default: the base URL)"
    )
    parser.add_argument(
        "--no-cards",
        action="store_true",
        help="skip the preview pictures (drawing them needs Chromium on this machine)",
    )
    args = parser.parse_args(argv)
    data_dir = args.data or data_dir_from_env()
    dataset = load_dataset(data_dir)
    base, origin = site_url(args.base_url, dataset.meta)
    app = (args.app_url or base).rstrip("/")
    try:
        written = publish(Site(dataset, Path(data_dir), base, app), args.target, cards=not args.no_cards)
    except RuntimeError as error:
        print(f"The edition was not finished: {error}. Pass --no-cards to publish without preview pictures.")
        return 1
    print(f"Wrote {len(written)} files of version {dataset.version} to {args.target} for {base} ({origin}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
