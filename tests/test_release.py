"""Publishing a new version (`python -m sistercities.release`): every step on a copy, or nothing.
Run on a copy of the embedded data/ (its coordinates are the gazetteer's, its descriptor the one
tools.datapackage writes), so the geocode check and the regenerated descriptor pass as they must."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sistercities import release
from sistercities.loader import load_dataset
from tests.conftest import ROOT, replace_in

DATA = ROOT / "data"
PUBLISHED = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
MAJOR, MINOR, _ = (int(part) for part in PUBLISHED["version"].split("."))
NEXT_MINOR = f"{MAJOR}.{MINOR + 1}.0"  # the versions a release can move to from the published one
NEXT_MAJOR = f"{MAJOR + 1}.0.0"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_good_release_bumps_version_and_date_adds_a_changelog_line_and_validates(folder, capsys):
    before = contents(folder)
    note = "Alpha's vote corrected to 10-1, from a reader's report."
    code = release.main([str(folder), "--version", NEXT_MINOR, "--date", "2026-12-15", "--note", note])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.count("ok: ") == 4 and f"published version {NEXT_MINOR}, last updated 2026-12-15" in out
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert (meta["version"], meta["last_updated"]) == (NEXT_MINOR, "2026-12-15")
    assert {k: v for k, v in meta.items() if k not in ("version", "last_updated")} == {
        k: v for k, v in PUBLISHED.items() if k not in ("version", "last_updated")
    }
    changelog = (folder / "changelog.csv").read_text(encoding="utf-8")
    assert changelog == before["changelog.csv"].decode() + f'2026-12-15,{NEXT_MINOR},note,,"{note}"\n'
    dataset = load_dataset(folder)
    assert dataset.meta["version"] == NEXT_MINOR and dataset.changelog.loc[0, "description"] == note
    # Nothing else in the folder changed, and no temporary copy is left beside it.
    after = contents(folder)
    assert {name for name in after if after[name] != before[name]} == {"datapackage.json", "changelog.csv"}
    assert [p.name for p in folder.parent.iterdir()] == ["data"]


def test_a_defect_refuses_the_release_and_leaves_every_file_as_it_was(folder, capsys):
    replace_in(folder / "pairs.csv", ",letter,", ",lettre,")
    before = contents(folder)
    code = release.main([str(folder), "--version", NEXT_MINOR, "--date", "2026-12-15", "--note", "A change."])
    _, err = capsys.readouterr()
    assert code == 1
    assert "not published, nothing changed" in err
    assert "column outcome: unknown outcome code" in err and "(value: 'lettre')" in err
    assert contents(folder) == before
    assert [p.name for p in folder.parent.iterdir()] == ["data"]


def test_a_defect_in_the_ties_left_out_refuses_the_release(folder, capsys):
    """excluded.csv is part of the folder a release checks: a tie listed as left out that is also
    in the record stops the release."""
    pair = (folder / "pairs.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    header = (folder / "excluded.csv").read_text(encoding="utf-8").splitlines()[0]
    row = f"{pair[1]},{pair[2]},{pair[8]},lapsed,https://example.org/list,2026-11-22,"
    (folder / "excluded.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    before = contents(folder)
    assert release.main([str(folder), "--version", NEXT_MINOR, "--date", "2026-12-15", "--note", "A change."]) == 1
    _, err = capsys.readouterr()
    assert "excluded.csv, row 2, column us_place: this tie (us_place, us_state, ru_place) is also in pairs.csv" in err
    assert contents(folder) == before


def test_a_moved_place_fails_the_geocode_check(folder, capsys):
    text = (folder / "pairs.csv").read_text(encoding="utf-8")
    row = text.splitlines()[1].split(",")
    (folder / "pairs.csv").write_text(text.replace(f",{row[5]},{row[6]},", ",1.0,2.0,", 1), encoding="utf-8")
    before = contents(folder)
    assert release.main([str(folder), "--version", NEXT_MINOR, "--note", "x"]) == 1
    out, err = capsys.readouterr()
    assert "FAILED: coordinates match the gazetteer" in out and f"({row[0]}): differs from gazetteer" in err
    assert contents(folder) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--version", PUBLISHED["version"]], f"--version: {PUBLISHED['version']} is not newer than the published"),
        (["--version", f"{MAJOR}.1"], f"--version: expected X.Y.Z, got '{MAJOR}.1'"),
        (["--version", NEXT_MINOR, "--date", "2026-11-30"], "--date: 2026-11-30 is before the published last_updated"),
        (["--version", NEXT_MINOR, "--kind", "fix"], "--kind: expected one of added, status, correction"),
    ],
)
def test_a_release_that_does_not_move_forward_is_refused_before_any_step(folder, capsys, args, message):
    before = contents(folder)
    assert release.main([str(folder), "--note", "A change.", *args]) == 1
    assert message in capsys.readouterr().err and contents(folder) == before


def test_the_command_runs_from_the_shell(folder):
    done = subprocess.run(
        [sys.executable, "-m", "sistercities.release", str(folder), "--version", NEXT_MAJOR, "--note", "Today."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["version"] == NEXT_MAJOR and meta["last_updated"] >= PUBLISHED["last_updated"]
