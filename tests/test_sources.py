"""Downloads against a real HTTP server on 127.0.0.1, the mirror, imports and the cache folder."""

from __future__ import annotations

import hashlib
import http.server
import os
import threading
from pathlib import Path

import pytest

import unvotes_lib
from unvotes_lib import sources

from .conftest import FIXTURES

BODY = (FIXTURES / "undl_ga_2026.csv").read_bytes()
SHA = hashlib.sha256(BODY).hexdigest()
XML = (FIXTURES / "sc_2774.xml").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        if self.path == "/ok_ga_voting.csv":
            self._send(200, BODY)
        elif self.path == "/record/9000274/export/xm":
            self._send(200, XML, "application/xml")
        elif self.path == "/blocked_ga_voting.csv":  # what a bot wall looks like: 200 and a web page
            self._send(200, b"<!DOCTYPE html><html><body>Checking your browser</body></html>", "text/html")
        elif self.path == "/truncated_ga_voting.csv":
            self.send_response(200)
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY[: len(BODY) // 3])
            self.wfile.flush()
            self.close_connection = True
        else:
            self._send(404, b"not found")

    def _send(self, status, body, ctype="text/csv"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_download_with_known_hash(server, tmp_path):
    got = sources.download_file(f"{server}/ok_ga_voting.csv", tmp_path, "ok_ga_voting.csv", known_hash=SHA)
    assert got.read_bytes() == BODY
    assert sources.file_sha256(got) == SHA


def test_download_wrong_hash_leaves_nothing(server, tmp_path):
    with pytest.raises(ValueError, match=r"does not match its known sha256.*Nothing was kept"):
        sources.download_file(f"{server}/ok_ga_voting.csv", tmp_path, "x.csv", known_hash="0" * 64)
    assert _files(tmp_path) == []


def test_download_404_names_url_and_how_to_get_it(server, tmp_path):
    url = f"{server}/missing_ga_voting.csv"
    with pytest.raises(
        ConnectionError, match=rf"Download of {url} failed with HTTP status 404\. Download the file by hand"
    ):
        sources.download_file(url, tmp_path, "m.csv", hint=sources._by_hand(sources.get_source("undl-ga")))
    assert _files(tmp_path) == []


def test_truncated_download_leaves_nothing(server, tmp_path):
    with pytest.raises(ConnectionError, match="failed or was cut short"):
        sources.download_file(f"{server}/truncated_ga_voting.csv", tmp_path, "t.csv")
    assert _files(tmp_path) == []


def test_refused_download_says_how_to_import(server, tmp_path):
    src = sources.get_source("undl-ga")
    with pytest.raises(
        ConnectionError, match=r"returned a web page.*unvotes data import FILE --source undl-ga"
    ):
        sources.download_file(
            f"{server}/blocked_ga_voting.csv", tmp_path, "b.csv", hint=sources._by_hand(src, src.landing)
        )
    assert _files(tmp_path) == []


def test_fetch_a_registry_like_source_then_load_it(server, monkeypatch):
    src = sources.Source(
        name="test-ga",
        title="test",
        reader="undl-ga",
        roles=("votes",),
        patterns={"votes": r"ga_voting.*\.csv$"},
        versions={"v1": (sources.RemoteFile("ok_ga_voting.csv", f"{server}/ok_ga_voting.csv", SHA),)},
    )
    located = sources.fetch(src)
    assert located.origin == "download"
    assert located.files["votes"].parent == sources.cache_dir() / "files" / "test-ga"
    data = unvotes_lib.load(located.files["votes"])
    assert len(data.votes) == 12  # 12 rows in the fixture


def test_marcxml_record_by_url(server):
    data = unvotes_lib.load(f"{server}/record/9000274/export/xm")
    assert data.roll_calls.iloc[0]["symbol"] == "S/RES/2774 (2025)"
    assert data.counted().iloc[0].tolist() == [10, 0, 5, 0]  # yes, no, abstain, absent


def test_source_without_url_explains_by_hand(fresh_cache):
    with pytest.raises(FileNotFoundError, match=r"has no download URL.*digitallibrary.un.org/record/4055387"):
        sources.fetch("undl-sc")


def test_unknown_source_lists_known():
    with pytest.raises(
        ValueError, match=r"`source` 'unvote' is not a known source; known sources: ga, sc, unvotes-2021"
    ):
        unvotes_lib.load("unvote")


def test_import_then_load_by_name_offline(monkeypatch, fresh_cache):
    monkeypatch.delenv("UNVOTES_DATA_DIR", raising=False)
    path = unvotes_lib.import_file(FIXTURES / "undl_ga_2025.csv", source="undl-ga")
    assert path.name == "undl_ga_2025.csv"
    data = unvotes_lib.load("undl-ga")  # found in the cache, no network
    assert data.source.iloc[0]["version"] == "undl_ga_2025"
    assert data.source.iloc[0]["origin"] == "cache"
    assert set(data.votes["country"].astype(str)) >= {"AFG", "NAM", "RUS", "SRB"}  # SUN, YUG merged


def test_import_rejects_a_file_of_another_format():
    with pytest.raises(ValueError, match=r"undl_sc.csv is not a undl-ga file.*UN DHL Security Council file"):
        unvotes_lib.import_file(FIXTURES / "undl_sc.csv", source="undl-ga")


def test_import_and_default(monkeypatch, fresh_cache):
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    unvotes_lib.import_file(FIXTURES / "undl_sc.csv", source="undl-sc", default=True)
    assert sources.default_source() == "undl-sc"
    assert unvotes_lib.load().roll_calls.iloc[0]["body"] == "SC"
    sources.set_default_source("unvotes-2021")
    monkeypatch.setenv("UNVOTES_SOURCE", "curated")
    assert sources.default_source() == "curated"


def test_unwritable_cache_is_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("UNVOTES_CACHE", str(blocker / "cache"))
    with pytest.raises(
        PermissionError, match=r"cache folder .* is not writable.*Set the environment variable UNVOTES_CACHE"
    ):
        sources.cache_dir()
    with pytest.raises(PermissionError, match="UNVOTES_CACHE"):
        unvotes_lib.import_file(FIXTURES / "undl_ga_2025.csv")
    # Loading a file still works, without the cache, and says so.
    with pytest.warns(RuntimeWarning, match="Loaded without caching"):
        data = unvotes_lib.load(FIXTURES / "undl_ga_2025.csv")
    assert len(data.votes) == 12


def test_mirror_folder_is_used_instead_of_network(tmp_path, monkeypatch):
    (tmp_path / "2025_03_31_ga_voting_corr1.csv").write_bytes((FIXTURES / "undl_ga_2026.csv").read_bytes())
    (tmp_path / "2024_09_12_ga_voting.csv").write_bytes((FIXTURES / "undl_ga_2024.csv").read_bytes())
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(tmp_path))
    newest = sources.locate("undl-ga")
    assert (newest.origin, newest.version) == ("mirror", "2025_03_31_ga_voting_corr1")
    older = sources.locate("undl-ga", version="2024_09_12")
    assert older.files["votes"].name == "2024_09_12_ga_voting.csv"


def test_file_hash_is_remembered_and_refreshed(tmp_path):
    p = tmp_path / "f.csv"
    p.write_bytes(b"one")
    first = sources.file_sha256(p)
    assert first == hashlib.sha256(b"one").hexdigest()
    p.write_bytes(b"two!")
    os.utime(p, ns=(1, 1))  # a different size and mtime: the remembered hash is not reused
    assert sources.file_sha256(p) == hashlib.sha256(b"two!").hexdigest()
