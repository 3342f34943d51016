"""Downloads against a real HTTP server on 127.0.0.1, the mirror, imports and the cache folder."""

from __future__ import annotations

import hashlib
import http.server
import json
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


# ------------------------------------------------------------------ issue 9 item 7 and issue 11


def test_per_source_mirror_and_the_old_single_folder_form(tmp_path, monkeypatch):
    per_source = tmp_path / "data" / "undl-ga"
    per_source.mkdir(parents=True)
    (per_source / "2025_03_31_ga_voting_corr1.csv").write_bytes((FIXTURES / "undl_ga_2025.csv").read_bytes())
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(tmp_path / "data"))
    found = sources.locate("undl-ga", download=False)
    assert (found.origin, found.files["votes"].parent) == ("mirror", per_source)
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(per_source))  # the older form: the files directly
    assert sources.locate("undl-ga", download=False).files["votes"].parent == per_source


def _ideal_csv(name: str) -> bytes:
    # The header and first row of the published table (reference/IdealpointestimatesAll_Apr2020.csv).
    return (
        b"Row,ccode,session,NVotes,IdealPoint,QO%,Q5%,Q10%,Q50%,Q90%,Q95%,Q100%,iso3c,Countryname\n"
        + f'1,2,1,42,1.675486,0.9,1.3,1.4,1.6,1.9,2.0,2.7,USA,"United States {name}"\n'.encode()
    )


def test_voeten_ideal_points_picks_the_all_file_among_the_six(tmp_path):
    for kind in ("All", "HumanRights", "Important", "MiddleEast", "NoNukes", "Nuclear"):
        (tmp_path / f"Idealpointestimates{kind}_Apr2020.csv").write_bytes(_ideal_csv(kind))
    with pytest.warns(UserWarning, match="is not the registered copy"):  # not the published bytes
        found = sources.locate("voeten-ideal-points", path=tmp_path)
    assert found.files["ideal_points"].name == "IdealpointestimatesAll_Apr2020.csv"
    assert found.version == "Apr2020"


def test_registered_file_with_another_sha256_is_used_with_a_warning(tmp_path):
    copy = tmp_path / "IdealpointestimatesAll_Apr2020.csv"
    copy.write_bytes(_ideal_csv("All").replace(b"\n", b"\r\n"))  # as GitHub's CRLF copy
    got = hashlib.sha256(copy.read_bytes()).hexdigest()
    registered = sources.get_source("voeten-ideal-points").versions["Apr2020"][0].sha256
    with pytest.warns(UserWarning, match=rf"its sha256 is {got}, the registry's is {registered}"):
        found = sources.locate("voeten-ideal-points", path=tmp_path)
    assert found.files["ideal_points"] == copy


def test_loading_the_ideal_points_says_what_the_file_is(tmp_path):
    copy = tmp_path / "IdealpointestimatesAll_Apr2020.csv"
    copy.write_bytes(_ideal_csv("All"))
    with pytest.raises(
        ValueError, match=r"ideal-point estimates .* read it with unvotes_lib.read_bsv_ideal_points"
    ):
        unvotes_lib.load(copy)


def test_load_path_file_detects_the_format(fresh_cache):
    data = unvotes_lib.load(path=FIXTURES / "sc_2774.xml")  # no source named: the file says what it is
    assert data.roll_calls.iloc[0]["symbol"] == "S/RES/2774 (2025)"
    data = unvotes_lib.load(path=FIXTURES / "undl_sc.csv")
    assert data.source.iloc[0]["name"] == "undl-sc"


def test_a_version_the_source_lacks_is_an_error_listing_those_it_has(tmp_path):
    for name in ("unvotes.csv", "roll_calls.csv", "issues.csv"):
        (tmp_path / name).write_text("x\n")
    with pytest.raises(
        ValueError,
        match=r"`version` '1999-bogus' of source 'unvotes-2021' is not at hand; versions it has: 2021-03-23",
    ):
        sources.locate("unvotes-2021", path=tmp_path, version="1999-bogus")


def test_both_csv_and_gz_are_an_error_unless_equal(tmp_path):
    import gzip

    body = (FIXTURES / "undl_ga_2025.csv").read_bytes()
    (tmp_path / "2025_03_31_ga_voting.csv").write_bytes(body)
    (tmp_path / "2025_03_31_ga_voting.csv.gz").write_bytes(gzip.compress(body))
    assert sources.locate("undl-ga", path=tmp_path).files["votes"].name.startswith("2025_03_31_ga_voting.csv")
    (tmp_path / "2025_03_31_ga_voting.csv.gz").write_bytes(gzip.compress(body + b"\n"))
    with pytest.raises(
        ValueError, match=r"Both 2025_03_31_ga_voting.csv and 2025_03_31_ga_voting.csv.gz are in the folder"
    ):
        sources.locate("undl-ga", path=tmp_path)


def test_hash_memo_sees_an_edit_that_keeps_size_and_mtime(tmp_path):
    p = tmp_path / "votes.csv"
    p.write_bytes(b"USA,Y\n")
    assert sources.file_sha256(p) == hashlib.sha256(b"USA,Y\n").hexdigest()
    stat = p.stat()
    p.write_bytes(b"USA,N\n")  # same size
    os.utime(p, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # `touch -r`: same mtime
    assert sources.file_sha256(p) == hashlib.sha256(b"USA,N\n").hexdigest()


@pytest.mark.parametrize("name", ["hashes.json", "config.json"])
def test_settings_files_that_are_not_an_object_are_ignored_with_a_warning(fresh_cache, name, monkeypatch):
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    fresh_cache.mkdir(parents=True, exist_ok=True)
    (fresh_cache / name).write_text("[1]")
    p = fresh_cache / "f.txt"
    p.write_bytes(b"abc")
    with pytest.warns(RuntimeWarning, match=rf"Ignoring .*{name}: it holds a JSON list, not an object"):
        digest = sources.file_sha256(p) if name == "hashes.json" else sources.default_source()
    assert digest == (hashlib.sha256(b"abc").hexdigest() if name == "hashes.json" else "ga")


def test_default_source_is_ga(monkeypatch, fresh_cache):
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    assert sources.default_source() == "ga"
    assert sources.get_source("ga").parts == ("unvotes-2021", "unxml-ga", "curated")


def test_a_special_folder_is_not_searched_recursively(fresh_cache):
    # `-p data=/proc` once hashed every file under it; now only the expected names are looked for.
    with pytest.raises(FileNotFoundError, match="'/proc' holds no files of a known source"):
        unvotes_lib.load("/proc")


def test_hash_memo_forgets_files_that_are_gone(tmp_path, fresh_cache, monkeypatch):
    monkeypatch.setattr(sources, "_MEMO_LIMIT", 3)
    paths = []
    for i in range(5):
        p = tmp_path / f"f{i}.txt"
        p.write_text(str(i))
        paths.append(p)
        sources.file_sha256(p)
    for p in paths[:4]:
        p.unlink()
    keep = tmp_path / "kept.txt"
    keep.write_text("k")
    sources.file_sha256(keep)
    memo = json.loads((fresh_cache / "hashes.json").read_text())
    assert sorted(k.split("|")[0].rsplit("/", 1)[-1] for k in memo) == ["f4.txt", "kept.txt"]


def test_one_file_of_a_series_by_path(tmp_path):
    (tmp_path / "80.json").write_text("{}\n")
    (tmp_path / "79.json").write_text("{}\n")
    found = sources.locate("unxml-ga", path=tmp_path / "80.json")
    assert list(found.files) == ["80"]
    both = sources.locate("unxml-ga", path=tmp_path)
    assert list(both.files) == ["79", "80"]  # sessions in numeric order
    assert both.version == sources._retrieved([tmp_path / "79.json", tmp_path / "80.json"])
