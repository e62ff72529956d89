"""Synthetic data folders for benchmarks: N valid pairs with events and sources. Never committed.

.venv/bin/python -m bench.synthetic 10000 /tmp/synthetic-10000
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

from sistercities.dictionary import COLUMNS
from sistercities.outcomes import DECIDED_OUTCOMES, OUTCOME_CODES

STATES = ["CA", "OR", "WA", "AK", "TX", "NY", "FL", "IL", "IA", "OH", "MN", "VA", "NC", "CO", "MA"]
KINDS = {
    "cut": "termination",
    "suspended": "suspension",
    "letter": "letter",
    "kept": "statement",
    "under_review": "proposal",
}


def generate(count: int, folder: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pairs, events, sources = [], [], []
    for index in range(count):
        pair_id = f"town-{index}-{rng.choice(STATES).lower()}_city-{index}"
        outcome = rng.choice(OUTCOME_CODES)
        day = f"2022-{rng.randint(3, 12):02d}-{rng.randint(1, 28):02d}"
        decided = outcome in DECIDED_OUTCOMES
        pairs.append(
            {
                "pair_id": pair_id,
                "us_place": f"Town {index}",
                "us_state": pair_id.split("-")[2].split("_")[0].upper(),
                "us_level": "city",
                "us_aliases": "",
                "us_lat": f"{rng.uniform(26, 48):.4f}",
                "us_lon": f"{rng.uniform(-123, -70):.4f}",
                "us_coord_source": "synthetic",
                "ru_place": f"City {index}",
                "ru_region": "Synthetic Oblast",
                "ru_aliases": f"Gorod {index}",
                "ru_lat": f"{rng.uniform(43, 68):.4f}",
                "ru_lon": f"{rng.uniform(28, 160):.4f}",
                "ru_coord_source": "synthetic",
                "established": str(rng.randint(1960, 2010)),
                "outcome": outcome,
                "actor": rng.choice(("government", "government", "association")) if decided else "",
                "decision_date": day if decided else "",
                "decision_body": "Synthetic council" if decided else "",
                "vote": "5-0" if decided else "",
                "evidence": "" if outcome == "unknown" else rng.choice(("strong", "strong", "moderate")),
                "summary": f"Synthetic tie number {index} for benchmarks.",
                "notes": "",
                "last_verified": "2026-11-01",
            }
        )
        sources.append(
            {
                "source_id": f"s{index}",
                "pair_id": pair_id,
                "event_id": "",
                "url": f"https://example.org/{index}",
                "publisher": "Example",
                "date": day,
                "title": "",
                "supports": "pair",
                "accessed": "2026-11-01",
                "archived_url": "",
            }
        )
        if decided:
            event_id = f"e{index}"
            events.append(
                {
                    "event_id": event_id,
                    "pair_id": pair_id,
                    "date": day,
                    "type": KINDS[outcome],
                    "status_after": outcome,
                    "actor": pairs[-1]["actor"],
                    "body": "Synthetic council",
                    "vote": "5-0",
                    "title": "",
                    "description": "Synthetic decision.",
                    "ukrainian_place": "",
                    "stage": "",
                }
            )
            sources.append(
                {
                    "source_id": f"s{index}e",
                    "pair_id": pair_id,
                    "event_id": event_id,
                    "url": f"https://example.org/{index}",
                    "publisher": "Example",
                    "date": day,
                    "title": "",
                    "supports": "event",
                    "accessed": "2026-11-01",
                    "archived_url": "",
                }
            )
        elif outcome == "no_action":
            event_id = f"e{index}"
            events.append(
                {
                    "event_id": event_id,
                    "pair_id": pair_id,
                    "date": day,
                    "type": "standing",
                    "status_after": "no_action",
                    "actor": "",
                    "body": "",
                    "vote": "",
                    "title": "",
                    "description": "Synthetic sighting.",
                    "ukrainian_place": "",
                    "stage": "",
                }
            )
            sources.append(
                {
                    "source_id": f"s{index}e",
                    "pair_id": pair_id,
                    "event_id": event_id,
                    "url": f"https://example.org/{index}",
                    "publisher": "Example",
                    "date": day,
                    "title": "",
                    "supports": "event",
                    "accessed": "2026-11-01",
                    "archived_url": "",
                }
            )
    events.append(
        {
            "event_id": "context-invasion",
            "pair_id": "",
            "date": "2022-02-24",
            "type": "statement",
            "status_after": "",
            "actor": "",
            "body": "Russia",
            "vote": "",
            "title": "Russia invades Ukraine",
            "description": "Full-scale invasion.",
            "ukrainian_place": "",
            "stage": "",
        }
    )
    sources.append(
        {
            "source_id": "s-context",
            "pair_id": "",
            "event_id": "context-invasion",
            "url": "https://example.org/invasion",
            "publisher": "Example",
            "date": "2022-02-24",
            "title": "",
            "supports": "",
            "accessed": "2026-11-01",
            "archived_url": "",
        }
    )
    for name, rows in (("pairs.csv", pairs), ("events.csv", events), ("sources.csv", sources)):
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(COLUMNS[name]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    (folder / "datapackage.json").write_text(
        json.dumps({"version": "synthetic", "last_updated": "2026-11-01"}), encoding="utf-8"
    )
    return folder


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
