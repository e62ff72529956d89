"""Readers never see the server's set-up: paths and install hints go to the operator's log."""

from __future__ import annotations

from sistercities import images
from tests.conftest import rendered
from tests.test_overview_app import run_page


def test_a_missing_data_folder_shows_no_server_path(monkeypatch, tmp_path, caplog):
    missing = tmp_path / "srv" / "sister-cities" / "data"
    app = run_page("pages/map.py", monkeypatch, data_dir=missing)
    assert not app.exception
    shown = " ".join(rendered(e.value) for e in app.error) + " ".join(m.value for m in app.markdown)
    assert [rendered(e.value) for e in app.error] == ["The data is not available just now. Please try again later."]
    assert str(tmp_path) not in shown and "srv" not in shown
    assert str(missing) in caplog.text  # the operator finds it in the log


def test_a_missing_chromium_gives_readers_no_install_command(monkeypatch, caplog):
    from components import export_panel

    monkeypatch.setattr(images, "chrome_path", lambda: None)
    export_panel._warm_image_server.clear()
    try:
        assert export_panel._warm_image_server() is False
    finally:
        export_panel._warm_image_server.clear()
    for words in ("apt-get", "install", "chromium", "restart"):
        assert words not in images.CHROME_HELP.lower()
    assert "apt-get install -y chromium" in caplog.text
