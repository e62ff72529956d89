"""Command line: validate a data folder. Exits 1 and lists every defect, or prints a summary.

python -m sistercities.validate [DATA_DIR]      (default: $SISTER_CITIES_DATA_DIR or data/)
"""

from __future__ import annotations

import sys
from pathlib import Path

from sistercities.loader import DataValidationError, data_dir_from_env, load_dataset


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else data_dir_from_env()
    try:
        dataset = load_dataset(data_dir)
    except DataValidationError as error:
        print(f"{data_dir}: {len(error.defects)} defect(s)", file=sys.stderr)
        for defect in error.defects:
            print(f"  {defect}", file=sys.stderr)
        return 1
    counts = dataset.pairs["outcome"].value_counts().to_dict()
    summary = ", ".join(f"{code} {count}" for code, count in counts.items())
    print(
        f"{data_dir}: OK — {len(dataset.pairs)} pairs ({summary}), "
        f"{len(dataset.events)} events, {len(dataset.sources)} sources"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
