"""tools/nginx-static.conf serves a published edition with the web routes' headers, 304s, HEAD and
the 404 page: run for real when nginx is installed (Debian's `nginx`)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sistercities.publish import main as publish
from tests.conftest import ROOT
from tests.web import data_rows, fetch

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TIE = data_rows("pairs.csv")[0]["pair_id"]


@pytest.fixture(scope="module")
def static_site() -> Iterator[str]:
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed")
    # nginx's workers (nobody, under a root master) must enter the folders: pytest's tmp is private.
    root, tmp = Path(tempfile.mkdtemp(prefix="edition-")), Path(tempfile.mkdtemp(prefix="nginx-"))
    root.chmod(0o755)
    tmp.chmod(0o777)
    publish([str(root), "--base-url", "https://static.example.org"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = (ROOT / "tools" / "nginx-static.conf").read_text(encoding="utf-8")
    for key, value in {"{listen}": f"127.0.0.1:{port}", "{root}": str(root), "{tmp}": str(tmp)}.items():
        config = config.replace(key, value)
    (tmp / "nginx.conf").write_text(config, encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"])
    url = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            fetch(url + "/robots.txt")
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(root)
    shutil.rmtree(tmp)


@pytest.mark.parametrize("path", ["/", "/ties/", f"/ties/{TIE}/", "/feed.atom", "/downloads/latest/pairs.csv"])
def test_nginx_sends_the_routes_headers_and_304(static_site, path):
    answer = fetch(static_site + path)
    assert answer.status == 200
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert answer.headers["cache-control"].startswith("public, max-age=")
    assert fetch(static_site + path, headers={"If-None-Match": answer.headers["etag"]}).status == 304
    head = fetch(static_site + path, method="HEAD")
    assert head.status == 200 and head.body == b""


def test_nginx_answers_an_unknown_tie_with_the_404_page(static_site):
    answer = fetch(static_site + "/ties/no-such-tie/")
    assert answer.status == 404 and "Every tie, grouped by outcome" in answer.text
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert fetch(static_site + f"/ties/{TIE}").status == 301
