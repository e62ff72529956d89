"""The README's "Updating the record" section is the editor's manual: every command it shows must be
one the code accepts, and the test markers it names must be registered."""

from __future__ import annotations

import re
import shlex
import tomllib

from sistercities import release, review
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"## {title}\n")
    return README[start : README.index("\n## ", start + 1)]


def test_every_corrections_command_in_the_section_parses():
    text = section("Updating the record")
    shown = re.findall(r"sistercities\.corrections ((?:list|show|export|mark)[^`]*)`", text)
    shown += re.findall(r"`\.\.\. corrections ((?:list|show|export|mark)[^`]*)`", text)
    assert {line.split()[0] for line in shown} == set(review.COMMANDS)
    for line in shown:
        review.parser().parse_args(shlex.split(line))  # exits (fails the test) on a wrong command


def test_the_release_command_in_the_section_uses_only_its_real_options():
    text = section("Updating the record")
    block = re.search(r"```bash\n(.*?sistercities\.release.*?)```", text, re.S).group(1)
    flags = set(re.findall(r"--[a-z-]+", block))
    options = release.parser().format_help()
    assert flags and all(re.search(rf"{flag}\b", options) for flag in flags), flags
    assert {"--version", "--note", "--date"} <= flags


def test_the_service_marker_is_registered_and_documented():
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("service:") for m in markers["markers"])
    assert "`service`" in README and '-m "not browser and not service' in README
