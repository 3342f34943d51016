"""`update` / `fetch` of the series sources (unxml-ga) against a real HTTP server on 127.0.0.1.

The server serves session files written here by hand in the exact layout of
UNxml/GAresolutions `data_extract/<session>.json` (FORMATS.md 6). Its behaviour per file can
be changed between requests: new content, a 404, a truncated body, a file that is not JSON.
"""

from __future__ import annotations

import http.server
import json
import threading

import pytest

import unvotes_lib
from unvotes_lib import sources
from unvotes_lib.cli import main
from unvotes_lib.store import update

GA = sources.get_source("unxml-ga")


def _entry(session: str, number: int, against: list[str]) -> dict:
    """One recorded vote, in the layout of data_extract/80.json (fields trimmed to what matters)."""
    return {
        "symbol": f"A/RES/{session}/{number}",
        "pv": f"A/{session}/PV.40",
        "title": "Report of the International Atomic Energy Agency",
        "session": "Eightieth session",
        "adoption_meeting": "40th plenary meeting",
        "adoption_date": "14\u00a0November 2025",
        "originating_document": f"A/{session}/L.7",
        "agenda_item_name": "Report of the International Atomic Energy Agency",
        "voting_type": "adoptedRecordedVote",
        "MS_in_favour": ["ALBANIA", "FRANCE"],
        "MS_against": against,
        "MS_abstaining": ["IRAN (ISLAMIC REPUBLIC OF)"],
        "MS_in_favour_count": "2",
        "MS_against_count": str(len(against)) if against else "N.A.",
        "MS_abstaining_count": "1",
        "adoption_type": "By a recorded vote",
        "subjects": [["NUCLEAR ENERGY", "UNBIS Thesaurus"]],
    }


def _file(session: str, against=("UNITED STATES",)) -> bytes:
    return (json.dumps(_entry(session, 1, list(against))) + "\n").encode()


class _Server:
    """What each path answers: bytes (200), an int (that status), ("cut", bytes) (truncated)."""

    def __init__(self):
        self.files: dict[str, object] = {f"{n}.json": _file(n) for n in GA.series.names}
        self.requests: list[str] = []


def _handler(state: _Server):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            name = self.path.rsplit("/", 1)[-1]
            state.requests.append(name)
            answer = state.files.get(name, 404)
            if isinstance(answer, int):
                self.send_response(answer)
                self.send_header("Content-Length", "9")
                self.end_headers()
                self.wfile.write(b"not found")
            elif isinstance(answer, tuple):  # announce the full length, send a third, hang up
                body = answer[1]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 3])
                self.wfile.flush()
                self.close_connection = True
            else:
                self.send_response(200)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

    return Handler


@pytest.fixture
def server(monkeypatch, fresh_cache):
    state = _Server()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/data_extract/"
    monkeypatch.setenv("UNVOTES_URL_UNXML_GA", url)
    monkeypatch.delenv("UNVOTES_DATA_DIR", raising=False)
    state.url = url
    yield state
    httpd.shutdown()
    httpd.server_close()


def _cached(fresh_cache) -> dict[str, bytes]:
    folder = fresh_cache / "files" / "unxml-ga"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def test_first_update_downloads_every_session_and_probes_the_next(server, fresh_cache):
    report = update("unxml-ga")
    status = {u.name: u.status for u in report}
    # The 10 registered files are new; 81.json (the probe) answers 404: not published yet.
    assert status == {**{f"{n}.json": "new" for n in GA.series.names}, "81.json": "not yet"}
    assert set(_cached(fresh_cache)) == {f"{n}.json" for n in GA.series.names}
    assert _cached(fresh_cache)["80.json"] == server.files["80.json"]
    data = unvotes_lib.load("unxml-ga")
    assert data.source["origin"].unique().tolist() == ["cache"]
    assert len(data.roll_calls) == 10  # one entry per file
    # The version is the retrieval date (no fixed hash for files the UN changes in place).
    assert data.source["version"].iloc[0] == sources._retrieved(
        [fresh_cache / "files" / "unxml-ga" / "80.json"]
    )
    assert not [p for p in (fresh_cache / "files").iterdir() if p.name.startswith(".update-")]


def test_second_update_says_which_files_changed_and_finds_a_new_session(server, fresh_cache):
    update("unxml-ga")
    server.files["80.json"] = _file("80", against=["UNITED STATES", "ISRAEL"])
    server.files["81.json"] = _file("81")
    report = {u.name: u for u in update("unxml-ga")}
    assert report["80.json"].status == "changed"
    assert report["79.json"].status == "unchanged"
    assert report["81.json"].status == "new"  # the probe found it
    assert report["82.json"].status == "not yet"  # and then probed the one after
    assert report["80.json"].old_sha256 != report["80.json"].new_sha256
    data = unvotes_lib.load("unxml-ga")
    assert "A/RES/81/1" in set(data.roll_calls["symbol"])
    votes = data.filter(symbols="A/RES/80/1").votes
    assert sorted(votes[votes["vote"] == "no"]["country"].astype(str)) == ["ISR", "USA"]


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        (404, "HTTP status 404"),
        (("cut", b"x" * 3000), "cut short"),
        (b'{"symbol": "A/RES/80/1",\n', "does not read"),
    ],
)
def test_a_bad_download_of_one_file_keeps_the_old_copy_and_the_rest(server, fresh_cache, answer, why):
    update("unxml-ga")
    before = _cached(fresh_cache)
    unvotes_lib.load("unxml-ga")
    entries_before = sorted(p.name for p in (fresh_cache / "parsed").iterdir())
    server.files["80.json"] = answer
    server.files["79.json"] = _file("79", against=[])  # a real change beside the failure
    report = {u.name: u for u in update("unxml-ga")}
    assert report["80.json"].status == "kept"
    assert why in report["80.json"].message
    assert report["79.json"].status == "changed"
    after = _cached(fresh_cache)
    assert after["80.json"] == before["80.json"]  # the old copy is intact
    assert after["79.json"] == server.files["79.json"]
    assert set(after) == set(before)
    # The parsed cache of the old files is untouched; a load now builds one more entry.
    assert sorted(p.name for p in (fresh_cache / "parsed").iterdir()) == entries_before
    assert len(unvotes_lib.load("unxml-ga").roll_calls) == 10


def test_update_command_reports_and_exits_1_on_a_failed_file(server, fresh_cache, capsys):
    assert main(["data", "update", "unxml-ga", "--no-probe"]) == 0
    out = capsys.readouterr().out
    assert "80.json      new" in out
    assert "10 file(s) new or changed, 0 unchanged." in out
    assert "81.json" not in out  # --no-probe
    server.files["ES-11.json"] = 404
    assert main(["data", "update", "unxml-ga"]) == 1
    out = capsys.readouterr().out
    assert "ES-11.json   kept      Download of" in out
    assert "81.json      not yet" in out
    assert "0 file(s) new or changed, 9 unchanged, 1 not updated (ES-11.json): old copies kept." in out


def test_load_downloads_a_series_when_nothing_is_at_hand(server, fresh_cache):
    data = unvotes_lib.load("unxml-ga")  # no mirror, empty cache: fetch from the server
    assert len(data.roll_calls) == 10
    assert "81.json" not in server.requests  # fetching does not probe; `update` does


def test_fetch_names_the_files_that_failed(server, fresh_cache):
    server.files["74.json"] = 404
    with pytest.raises(ConnectionError, match=r"Could not fetch unxml-ga: Download of .*74\.json failed"):
        sources.fetch("unxml-ga")


def test_update_of_ga_updates_only_the_series_part(server, fresh_cache):
    # unvotes-2021 is a fixed release and curated ships with the package: neither is fetched.
    report = update("ga", probe=False)
    assert {u.name for u in report} == {f"{n}.json" for n in GA.series.names}
    assert sorted(p.name for p in (fresh_cache / "files").iterdir()) == ["unxml-ga"]


def test_the_current_year_not_yet_published_is_not_a_failure(server, fresh_cache):
    # unxml-sc runs 2000 to this year; early in January this year's file does not exist yet.
    sc = sources.get_source("unxml-sc")
    newest = sc.series.names[-1]
    server.files = {f"{y}.json": f'{{"year": {y}}}\n'.encode() for y in sc.series.names if y != newest}
    report = sources.update(sc, base_url=server.url)  # the download layer alone: no reader check
    status = {u.name: u.status for u in report}
    assert status[f"{newest}.json"] == "not yet"
    assert status["2000.json"] == "new"
    assert f"{int(newest) + 1}.json" not in status  # no probe past a year not yet published
    assert sources.fetch(sc, base_url=server.url).files[str(int(newest) - 1)].exists()
