"""A data folder that does not load: the web routes say so with a 503 and the security headers,
instead of a bare server error (the Streamlit pages list the defects)."""

from __future__ import annotations

from starlette.requests import Request

from tests.conftest import VALID
from web.routes import serve


def test_a_broken_data_folder_answers_503_saying_why(tmp_path, monkeypatch):
    broken = tmp_path / "data"
    broken.mkdir()
    for file in VALID.iterdir():
        (broken / file.name).write_bytes(file.read_bytes())
    (broken / "pairs.csv").write_text("pair_id\nx\n", encoding="utf-8")
    monkeypatch.setenv("SISTER_CITIES_DATA_DIR", str(broken))
    scope = {"type": "http", "method": "GET", "path": "/ties/", "headers": [(b"host", b"example.org")]}
    scope |= {"scheme": "http", "server": ("example.org", 80), "query_string": b"", "root_path": ""}
    answer = serve(Request(scope))
    assert answer.status_code == 503
    assert b"required column is missing" in answer.body
    assert answer.headers["x-content-type-options"] == "nosniff"
