"""Publish a new version of a data folder, every step in one command, or nothing at all.

    python -m sistercities.release --version X.Y.Z --note "What changed." [--date YYYY-MM-DD]
                                   [--kind note] [--pair PAIR_ID] [DATA_DIR]

On a copy of the folder: check the coordinates against the gazetteer (tools.geocode --check),
regenerate datapackage.json with the new version and last_updated date (tools.datapackage), add a
line to changelog.csv, and validate the whole folder (the app's own loader). Only when every step
passes are the changed files moved into the folder, each in one rename; on any defect the command
prints every one, exits 1 and leaves the folder as it was.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sistercities import clock
from sistercities.loader import CHANGE_KINDS, data_dir_from_env, validate_dir

ROOT = Path(__file__).resolve().parent.parent
VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
CHANGELOG_HEADER = ["date", "version", "kind", "pair_id", "description"]
WRITTEN = ("datapackage.json", "changelog.csv")


def _version(text: str) -> tuple[int, ...] | None:
    match = VERSION.match(text or "")
    return tuple(int(part) for part in match.groups()) if match else None


def check_request(meta: dict, version: str, day: str, note: str, kind: str) -> list[str]:
    """What is wrong with the release asked for, against the folder's current descriptor."""
    problems = []
    current_version, current_day = meta.get("version", ""), meta.get("last_updated", "")
    if _version(version) is None:
        problems.append(f"--version: expected X.Y.Z, got {version!r}")
    elif _version(current_version) and _version(version) <= _version(current_version):
        problems.append(f"--version: {version} is not newer than the published {current_version}")
    try:
        dt.date.fromisoformat(day)
        if current_day and day < current_day:
            problems.append(f"--date: {day} is before the published last_updated {current_day}")
    except ValueError:
        problems.append(f"--date: expected YYYY-MM-DD, got {day!r}")
    if not note.strip():
        problems.append("--note: say what changed; it is the changelog line readers see")
    if kind not in CHANGE_KINDS:
        problems.append(f"--kind: expected one of {', '.join(CHANGE_KINDS)}, got {kind!r}")
    return problems


def _tool(*args: str) -> list[str]:
    """Run one of tools/ on the copy; its complaints (stderr, or stdout when it fails) as lines."""
    done = subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return []
    return [line for line in (done.stderr or done.stdout).splitlines() if line.strip()] or [
        f"{args[0]} exited {done.returncode}"
    ]


def add_changelog_line(folder: Path, row: list[str]) -> None:
    path = folder / "changelog.csv"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not text:
        text = ",".join(CHANGELOG_HEADER) + "\n"
    elif not text.endswith("\n"):
        text += "\n"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)  # quoted where the note holds a comma
    path.write_text(text + buffer.getvalue(), encoding="utf-8")


def steps(copy: Path, version: str, day: str, line: list[str]) -> list[tuple[str, list[str]]]:
    """Each step's name and its defects (none: it passed), all run on the copy."""
    geocoded = _tool("tools.geocode", "--check", str(copy / "pairs.csv"))
    described = _tool("tools.datapackage", str(copy), "--version", version, "--last-updated", day)
    add_changelog_line(copy, line)
    validated = [str(defect) for defect in validate_dir(copy)]
    return [
        ("coordinates match the gazetteer (tools.geocode --check)", geocoded),
        (f"datapackage.json regenerated: version {version}, last_updated {day}", described),
        (f"changelog line added: {','.join(line)}", []),
        ("the folder validates (sistercities.validate)", validated),
    ]


def release(folder: Path, version: str, day: str, note: str, kind: str = "note", pair: str = "") -> list[str]:
    """Publish `folder` as `version`; every defect found (an empty list: published)."""
    descriptor = folder / "datapackage.json"
    meta = json.loads(descriptor.read_text(encoding="utf-8")) if descriptor.is_file() else {}
    problems = check_request(meta, version, day, note, kind)
    if problems:
        return [f"  {problem}" for problem in problems]
    work = Path(tempfile.mkdtemp(prefix=f".release-{folder.name}-", dir=folder.parent))
    try:
        copy = work / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        defects = []
        for name, found in steps(copy, version, day, [day, version, kind, pair, note.strip()]):
            print(f"{'FAILED' if found else 'ok'}: {name}")
            defects.extend(f"  {defect}" for defect in found)
        if not defects:
            for name in WRITTEN:  # same file system: each replace is one atomic rename
                os.replace(copy / name, folder / name)
        return defects
    finally:
        shutil.rmtree(work, ignore_errors=True)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sistercities.release", description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, help="default: $SISTER_CITIES_DATA_DIR or data/")
    parser.add_argument("--version", required=True, help="the new version, X.Y.Z, newer than the published one")
    parser.add_argument("--note", required=True, help="the changelog line: what changed")
    parser.add_argument("--date", default=None, help="the new last_updated day, YYYY-MM-DD (default: today)")
    parser.add_argument("--kind", default="note", help=f"the changelog kind: {', '.join(CHANGE_KINDS)}")
    parser.add_argument("--pair", default="", help="the tie the change is about, if one")
    return parser


def main(argv: list[str] | None = None) -> int:
    options = parser().parse_args(sys.argv[1:] if argv is None else argv)
    folder = (options.data_dir or data_dir_from_env()).resolve()
    day = options.date or clock.today().isoformat()
    defects = release(folder, options.version, day, options.note, options.kind, options.pair)
    if defects:
        print(f"{folder}: not published, nothing changed; {len(defects)} defect(s):", file=sys.stderr)
        print("\n".join(defects), file=sys.stderr)
        return 1
    print(f"{folder}: published version {options.version}, last updated {day}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
