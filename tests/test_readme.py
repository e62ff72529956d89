"""The README is true about the tree: every file, folder and module it names exists, so a newsroom
developer following it never looks for something that is gone (it once named a module removed
two rounds before)."""

from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
# Made by the commands or the tests, not kept in the repository.
GENERATED = {".venv/", "test-artifacts/screenshots/", "test-artifacts/", "corrections.sqlite3"}


def code_texts() -> list[str]:
    """The README's code: each fenced block's lines and each inline code span."""
    fenced = re.findall(r"```[^\n]*\n(.*?)```", README, flags=re.S)
    prose = re.sub(r"```.*?```", "", README, flags=re.S)
    return [line for block in fenced for line in block.splitlines()] + re.findall(r"`([^`\n]+)`", prose)


PATH = re.compile(r"\.?[\w-]+(?:/[\w.-]+)*(?:/|\.(?:py|sh|md|csv|json|toml|conf|txt|png|cfg|example))")


def named_paths() -> set[str]:
    """Repository paths in the README's code: files and folders (data/pairs.csv, tools/start.sh,
    bench/) and the modules of `python -m NAME` commands."""
    paths = set()
    for text in code_texts():
        for module in re.findall(r"-m ((?:sistercities|tools|bench)(?:\.\w+)*)", text):
            paths.add(module.replace(".", "/"))
        for word in text.split():
            if word.startswith(("/", "../", "$")) or "://" in word or "=" in word:
                continue  # URL paths, the steering repository's files, links and settings
            # A bare data file name (reports.csv) is often what a command writes, not a file kept here.
            if PATH.fullmatch(word) and ("/" in word or not word.endswith((".csv", ".json"))):
                paths.add(word)
    return {p for p in paths if p not in GENERATED}


def exists(path: str) -> bool:
    target = ROOT / path
    return target.exists() or target.with_suffix(".py").exists() or (target / "__main__.py").exists()


def test_every_path_the_readme_names_exists():
    missing = sorted(p for p in named_paths() if not exists(p))
    assert not missing, f"the README names what the repository lacks: {missing}"


def test_the_check_sees_the_readme_paths_it_should():
    # It reads the paths a reader follows most: the two commands' scripts and the data folder.
    assert {"tools/start.sh", "tools/test.sh", "data/README.md", "sistercities/corrections"} <= named_paths()


def test_the_contract_in_the_repository_is_the_one_outsiders_rely_on():
    """docs/contract.md is a copy of the outside contract (the steering repository's
    shared/CONTRACT.md, laid beside a checkout): where that is at hand, the copy is the same."""
    outside = ROOT.parent / "shared" / "CONTRACT.md"
    copy = ROOT / "docs" / "contract.md"
    assert copy.exists()
    if outside.exists():
        assert copy.read_text(encoding="utf-8") == outside.read_text(encoding="utf-8"), (
            "docs/contract.md differs from shared/CONTRACT.md: copy it again"
        )
