"""Write data/datapackage.json, the Frictionless descriptor, from the data dictionary.

    python -m tools.datapackage [DATA_DIR] [--version X.Y.Z] [--last-updated YYYY-MM-DD]

Version and last-updated date are kept from the existing descriptor unless given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sistercities.dictionary import COLUMNS, ENUMS
from sistercities.outcomes import EVIDENCE_DEFINITIONS, EXCLUSION_DEFINITIONS, OUTCOME_DEFINITIONS

FRICTIONLESS_TYPES = {"string": "string", "number": "number", "year": "year", "date": "date"}


def descriptor(version: str, last_updated: str) -> dict:
    resources = []
    for file, columns in COLUMNS.items():
        fields = []
        for name, (kind, required, description) in columns.items():
            field = {"name": name, "type": FRICTIONLESS_TYPES[kind], "description": description}
            constraints = {}
            if required:
                constraints["required"] = True
            if (file, name) in ENUMS:
                constraints["enum"] = list(ENUMS[(file, name)])
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict = {"fields": fields, "missingValues": [""]}
        keys = {
            "pairs.csv": ["pair_id"],
            "events.csv": ["event_id"],
            "sources.csv": ["source_id"],
            "excluded.csv": ["us_place", "us_state", "ru_place"],
        }
        schema["primaryKey"] = keys[file]
        if file in ("events.csv", "sources.csv"):
            schema["foreignKeys"] = [{"fields": ["pair_id"], "reference": {"resource": "pairs", "fields": ["pair_id"]}}]
        if file == "sources.csv":
            schema["foreignKeys"].append(
                {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["event_id"]}}
            )
        resources.append(
            {
                "name": file.removesuffix(".csv"),
                "path": file,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "us-russia-sister-cities-2022",
        "title": "US–Russia sister cities after the invasion of Ukraine",
        "description": (
            "Official sister ties between US cities, counties and states and Russian cities and regions, "
            "what the US side decided after Russia invaded Ukraine on 24 February 2022, dated events, "
            "and a source for every fact. Outcome codes: "
            + "; ".join(f"{code} = {meaning}" for code, meaning in OUTCOME_DEFINITIONS.items())
            + ". Evidence grades: "
            + "; ".join(f"{code} = {meaning}" for code, meaning in EVIDENCE_DEFINITIONS.items())
            + ". Ties considered and left out are in excluded.csv, each with its reason: "
            + "; ".join(f"{code} = {meaning}" for code, meaning in EXCLUSION_DEFINITIONS.items())
            + "."
        ),
        "version": version,
        "last_updated": last_updated,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "sources": [{"title": "News reports and council records; see sources.csv for each citation"}],
        "resources": resources,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", nargs="?", default="data")
    parser.add_argument("--version")
    parser.add_argument("--last-updated")
    options = parser.parse_args(argv)
    path = Path(options.data_dir) / "datapackage.json"
    existing = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    version = options.version or existing.get("version", "0.1.0")
    last_updated = options.last_updated or existing.get("last_updated", "")
    path.write_text(
        json.dumps(descriptor(version, last_updated), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {path} (version {version}, last updated {last_updated})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
