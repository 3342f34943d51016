"""Issue 11: one test per defect of its "Why" list, named after it, through the user's door
(``unvotes ...`` or ``unvotes_lib.load``). Each would fail if the defect came back.

Hand-worked facts of the fixtures used here (tests/fixtures/undl_ga_2025.csv, 12 vote rows):
roll call 4025240 (A/RES/ES-10/21): AFG Y, FRA Y, GBR A, ISR N, USA N, NAM blank;
roll call 900001 (A/RES/45/900): SUN Y, YUG A, CSK N, USA Y, FRA X, DEU Y.
tests/fixtures/undl_sc.csv: S/RES/2774 (2025) 10 yes, 0 no, 5 abstain.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import signal
import time
import warnings
from pathlib import Path

import pytest

import unvotes_lib as uv
from unvotes_lib import errors, readers, sources, store
from unvotes_lib.cli import main
from unvotes_lib.errors import (
    CacheError,
    DataFileError,
    ParameterError,
    SourceUnavailableError,
    UnvotesError,
)

from .conftest import FIXTURES

GOOD = FIXTURES / "undl_ga_2025.csv"
REAL_NAME = "2025_03_31_ga_voting_corr1.csv.gz"

# The tiny unvotes/TidyTuesday trio of tests/test_fuzz.py (FORMATS.md section 4): two roll calls.
UNVOTES_CSV = (
    "rcid,country,country_code,vote\n1,France,FR,yes\n1,Russia,RU,no\n2,France,FR,no\n2,Russia,RU,yes\n"
)
ROLL_CALLS_CSV = (
    "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
    "1,45,0,1990-10-01,R/45/1,0,0,first,First\n2,45,1,1990-11-02,R/45/2,0,0,second,Second\n"
)
ISSUES_CSV = "rcid,short_name,issue\n1,hr,Human rights\n"


def _unvotes_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "unvotes.csv").write_text(UNVOTES_CSV, encoding="utf-8")
    (folder / "roll_calls.csv").write_text(ROLL_CALLS_CSV, encoding="utf-8")
    (folder / "issues.csv").write_text(ISSUES_CSV, encoding="utf-8")
    return folder


def _mirror(root: Path) -> Path:
    """A data folder with one subfolder per source, as UNVOTES_DATA_DIR: the tiny unvotes
    trio and the two unxml-ga fixture sessions, enough for the default source ``ga``."""
    _unvotes_folder(root / "unvotes-2021")
    shutil.copytree(FIXTURES / "unxml" / "ga", root / "unxml-ga")
    return root


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("UNVOTES_CACHE", str(folder))
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    monkeypatch.setattr(store, "_CACHE_WARNED", set())
    return folder


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    root = _mirror(tmp_path / "data")
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(root))
    return root


def _gz(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"), mtime=0)


# ---------------------------------------------------------------- import checks only the header


def _broken_variants() -> dict[str, bytes]:
    good = GOOD.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    return {
        "truncated gzip": _gz(good)[:300],
        "duplicated rows": _gz(good + lines[1]),
        "unknown code": _gz(good.replace(",ISR,ISRAEL,", ",XXX,ISRAEL,")),
        "bad vote": _gz(good.replace(",USA,UNITED STATES,N,", ",USA,UNITED STATES,Z,")),
        "bad date": _gz(good.replace("2023-10-27", "2023-13-45")),
        "header only": _gz(lines[0]),
    }


@pytest.mark.parametrize("damage", list(_broken_variants()))
def test_import_checks_the_whole_file_and_a_reimport_keeps_the_good_copy(damage, tmp_path, cache, capsys):
    good = tmp_path / "good" / REAL_NAME
    good.parent.mkdir()
    good.write_bytes(_gz(GOOD.read_text(encoding="utf-8")))
    assert main(["data", "import", str(good), "--source", "undl-ga"]) == 0
    stored = cache / "files" / "undl-ga" / REAL_NAME
    assert stored.read_bytes() == good.read_bytes()
    capsys.readouterr()
    bad = tmp_path / "bad" / REAL_NAME  # the same name, damaged content
    bad.parent.mkdir()
    bad.write_bytes(_broken_variants()[damage])
    assert main(["data", "import", str(bad), "--source", "undl-ga"]) == 2
    assert REAL_NAME in capsys.readouterr().err  # the message names the file
    assert [p.name for p in stored.parent.iterdir()] == [REAL_NAME]  # no temporary file, no new version
    assert stored.read_bytes() == good.read_bytes()
    # The Python API is the same transaction.
    with pytest.raises(DataFileError, match=REAL_NAME.replace(".", r"\.")):
        uv.import_file(bad, source="undl-ga")
    assert stored.read_bytes() == good.read_bytes()


def test_import_of_a_broken_newer_file_stops_the_cron_line(tmp_path, cache, capsys):
    # README: `unvotes data import FILE --default && unvotes report batch ...`: the `&&` stops
    # only if a broken file exits non-zero, and the good version must stay the one loaded.
    good = tmp_path / REAL_NAME
    good.write_bytes(_gz(GOOD.read_text(encoding="utf-8")))
    assert main(["data", "import", str(good), "--source", "undl-ga", "--default"]) == 0
    newer = tmp_path / "2026_01_15_ga_voting.csv.gz"  # sorts after the good one
    newer.write_bytes(_gz(GOOD.read_text(encoding="utf-8"))[:300])
    capsys.readouterr()
    assert main(["data", "import", str(newer), "--source", "undl-ga", "--default"]) != 0
    assert "2026_01_15_ga_voting.csv.gz" in capsys.readouterr().err
    assert sorted(p.name for p in (cache / "files" / "undl-ga").iterdir()) == [REAL_NAME]
    data = uv.load()  # the default source, as `report batch` loads it
    assert data.source["file"].tolist() == [REAL_NAME]
    assert len(data.votes) == 12  # the 12 vote rows of the good file


# ---------------------------------------------------------------- stale data (touch -r)


def test_stale_data_after_an_edit_that_keeps_size_and_mtime(tmp_path, cache):
    path = tmp_path / "x_sc_voting.csv"
    shutil.copyfile(FIXTURES / "undl_sc.csv", path)
    first = uv.load(path)
    assert first.counted().iloc[0].tolist() == [10, 0, 5, 0]  # S/RES/2774: 10-0-5
    before = path.stat()
    text = path.read_bytes()
    i = text.index(b",A,")  # one abstention becomes a no: same size
    path.write_bytes(text[:i] + b",N," + text[i + 3 :])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # touch -r
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = uv.load(path)
    assert again.counted().iloc[0].tolist() == [10, 1, 4, 0]
    assert again.source["sha256"].iloc[0] == hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- provenance that is not true


def test_provenance_of_a_version_the_source_lacks(tmp_path, cache, capsys, monkeypatch):
    folder = _unvotes_folder(tmp_path / "unvotes-2021")
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(tmp_path))
    assert main(["data", "info", "unvotes-2021", "--version", "1999-bogus"]) == 2
    err = capsys.readouterr().err
    assert "`version` '1999-bogus' of source 'unvotes-2021' is not at hand; versions it has:" in err
    assert "2021-03-23" in err
    with pytest.raises(ParameterError, match="1999-bogus"):
        uv.load("unvotes-2021", path=folder, version="1999-bogus")


# ---------------------------------------------------------------- numbers too large


def test_huge_undl_id_is_an_error_not_a_negative_rcid(tmp_path, cache):
    lines = GOOD.read_text(encoding="utf-8").splitlines()
    lines[1] = "99999999999999999999999" + lines[1][lines[1].index(",") :]
    path = tmp_path / "h_ga_voting.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"h_ga_voting\.csv line 2: undl_id '9{23}' is too large"):
        uv.load(path)


# ---------------------------------------------------------------- both .csv and .csv.gz


def test_both_csv_and_csv_gz_in_a_folder(tmp_path, cache):
    folder = _unvotes_folder(tmp_path / "u")
    other = UNVOTES_CSV.replace("2,France,FR,no", "2,France,FR,yes")
    (folder / "unvotes.csv.gz").write_bytes(_gz(other))
    with pytest.raises(DataFileError, match=r"Both unvotes\.csv and unvotes\.csv\.gz are in the folder"):
        uv.load("unvotes-2021", path=folder)
    (folder / "unvotes.csv.gz").write_bytes(_gz(UNVOTES_CSV))  # the same votes: no doubt which to read
    data = uv.load("unvotes-2021", path=folder)
    assert sorted(data.votes["vote"].astype(str)) == ["no", "no", "yes", "yes"]


# ---------------------------------------------------------------- curated import not found


def test_imported_curated_yaml_is_then_found(tmp_path, cache, capsys):
    package = uv.load("curated")
    text = (FIXTURES.parent.parent / "data" / "curated" / "24feb2025.yaml").read_text(encoding="utf-8")
    text = (
        text.replace("ES-11/7", "ES-11/97")
        .replace("ES-11/8", "ES-11/98")
        .replace("2774 (2025)", "2799 (2025)")
    )
    text = "\n".join(
        f"{ln.split(':')[0]}: {int(ln.split(':')[1]) + 7}" if ln.strip().startswith("rcid:") else ln
        for ln in text.splitlines()
    )
    (tmp_path / "mine.yaml").write_text(text + "\n", encoding="utf-8")
    assert main(["data", "import", str(tmp_path / "mine.yaml"), "--source", "curated"]) == 0
    mine = uv.load("curated")
    assert len(mine.roll_calls) == 2 * len(package.roll_calls)
    assert {"A/RES/ES-11/97", "S/RES/2799 (2025)"} <= set(mine.roll_calls["symbol"])


# ---------------------------------------------------------------- the cache degrades, never blocks


def test_read_only_cache_leaves_the_default_source_usable(tmp_path, mirror, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("UNVOTES_CACHE", str(blocker / "cache"))  # cannot be created, even by root
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    monkeypatch.setattr(store, "_CACHE_WARNED", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = uv.load()  # the default source: ga, spliced from three parts
    assert sorted(data.source["name"].unique()) == ["curated", "unvotes-2021", "unxml-ga"]
    assert len(data.roll_calls[data.roll_calls["dataset"] == "unvotes-2021"]) == 2
    assert len(caught) == 1  # one warning, not one per part or per settings file
    assert "Loaded without caching" in str(caught[0].message)
    assert "not a directory" in str(caught[0].message).lower()
    monkeypatch.setattr(store, "_CACHE_WARNED", set())
    with pytest.warns(RuntimeWarning, match="Loaded without caching") as caught:
        assert main(["data", "info"]) == 0
    assert len(caught) == 1
    assert "source        unvotes-2021, unxml-ga, curated" in capsys.readouterr().out


def test_a_path_in_the_way_of_the_cache_is_moved_aside_and_rebuilt(cache):
    cache.mkdir()
    (cache / "parsed").write_text("not a folder")
    with pytest.warns(RuntimeWarning, match=r"parsed was a file where the cache keeps a folder; moved aside"):
        data = uv.load(FIXTURES / "undl_sc.csv")
    assert data.counted().iloc[0].tolist() == [10, 0, 5, 0]
    (aside,) = cache.glob("parsed.in-the-way-*")
    assert aside.read_text() == "not a folder"
    (entry,) = (cache / "parsed").iterdir()
    shutil.rmtree(entry)
    entry.write_text("an entry path taken by a file")
    with pytest.warns(RuntimeWarning, match="moved aside"):
        assert uv.load(FIXTURES / "undl_sc.csv").counted().iloc[0].tolist() == [10, 0, 5, 0]
    assert (entry / "manifest.json").is_file()


def test_stale_temporary_folders_of_a_killed_write_are_removed(cache):
    uv.load(FIXTURES / "undl_sc.csv")  # creates parsed/
    parsed = cache / "parsed"
    old, young = parsed / ".unvotes-merge-abc123", parsed / ".unvotes-merge-def456"
    for folder in (old, young):
        folder.mkdir()
        (folder / "votes.parquet").write_bytes(b"half written")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    uv.load(FIXTURES / "undl_ga_2026.csv")  # the next write cleans up
    assert not old.exists()
    assert young.exists()  # maybe another process writing right now


@pytest.mark.parametrize("name", ["hashes.json", "config.json"])
def test_settings_file_holding_a_json_list(name, cache, capsys):
    # `echo '[1]' > $UNVOTES_CACHE/hashes.json` (or config.json) gave an AttributeError on every command.
    cache.mkdir()
    (cache / name).write_text("[1]")
    with pytest.warns(RuntimeWarning, match=rf"Ignoring .*{name}: it holds a JSON list, not an object"):
        codes = [main(["data", "info", str(FIXTURES / "undl_sc.csv")]), main(["data", "default"])]
    assert codes == [0, 0]  # `data info` hashes the file, `data default` reads the settings
    out = capsys.readouterr().out
    assert "votes         15" in out  # S/RES/2774: 15 members' votes
    assert out.strip().endswith("ga")


# ---------------------------------------------------------------- inputs checked before work


@pytest.fixture
def no_hang():
    """A guard against hangs (not a speed test): a load that takes a minute is the defect."""

    def stop(*_):
        msg = "hung"
        raise TimeoutError(msg)

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("folder", ["/proc", "/dev", "/sys"])
def test_data_proc_does_not_hang(folder, cache, no_hang, monkeypatch):
    monkeypatch.delenv("UNVOTES_DATA_DIR", raising=False)
    with pytest.raises(SourceUnavailableError, match=rf"No files of source '[\w-]+' in '{folder}'"):
        uv.load(path=folder, use_cache=False)
    assert not (cache / "hashes.json").exists()  # nothing under it was hashed


def test_data_default_accepts_only_sources_that_load(tmp_path, cache, capsys):
    assert main(["data", "default", "voeten-ideal-points"]) == 2
    assert "holds ideal points, not votes" in capsys.readouterr().err
    assert main(["data", "default", str(tmp_path / "empty")]) != 0  # no such folder
    (tmp_path / "empty").mkdir()
    assert main(["data", "default", str(tmp_path / "empty")]) != 0  # a folder with no data
    assert "holds no files of a known source" in capsys.readouterr().err
    assert not (cache / "config.json").exists()
    assert sources.default_source() == "ga"


# ---------------------------------------------------------------- messages that do not help


def _votes_file(tmp_path: Path, content: bytes) -> Path:
    folder = _unvotes_folder(tmp_path / "u")
    (folder / "unvotes.csv").write_bytes(content)
    return folder


HEADER = b"rcid,country,country_code,vote\n"


@pytest.mark.parametrize(
    ("content", "expected", "not_expected"),
    [
        (HEADER, r"unvotes\.csv has a header line but no rows", "zero-size array"),
        (
            HEADER + b"1,France,FR,yes,extra\n",
            r"unvotes\.csv: line 2 has 5 fields where the header has 4",
            "C error",
        ),
        (HEADER.decode().encode("utf-16"), r"unvotes\.csv is UTF-16 .*save it again as UTF-8", r"\x00"),
        (
            gzip.compress(HEADER + b"1,France,FR,yes\n"),
            r"unvotes\.csv is gzip-compressed but not named \.gz",
            "known source",
        ),
        (HEADER + b"1,France,FR,yes\n1,France,FR,no\n", r"unvotes\.csv", "np.int64"),
    ],
    ids=["header-only", "ragged", "utf-16", "gzip-named-csv", "plain-numbers"],
)
def test_messages_that_do_not_help(tmp_path, cache, content, expected, not_expected):
    folder = _votes_file(tmp_path, content)
    with pytest.raises(DataFileError, match=expected) as info:
        uv.load("unvotes-2021", path=folder)
    assert not_expected not in str(info.value)
    assert "np." not in str(info.value)


def test_symlink_loop_is_named_as_such(tmp_path, cache):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(
        ParameterError, match=r"`source` '.*loop' is a symbolic link that loops back on itself"
    ):
        uv.load(loop)
    with pytest.raises(ParameterError, match=r"`path` '.*loop' is a symbolic link that loops back on itself"):
        uv.load("unvotes-2021", path=loop)
    dangling = tmp_path / "gone.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    with pytest.raises(ParameterError, match=r"is a symbolic link to '.*nowhere\.csv', which no such file"):
        uv.load(dangling)


def test_xml_error_names_one_line(tmp_path, cache):
    (tmp_path / "r.xml").write_text('<?xml version="1.0"?>\n<collection>\n<record>\n</collection>\n')
    with pytest.raises(DataFileError, match=r"r\.xml is not valid XML at line 4") as info:
        uv.load(tmp_path / "r.xml")
    assert "lines [" not in str(info.value)


def test_warnings_point_at_the_callers_line(tmp_path, cache):
    folder = _votes_file(tmp_path, HEADER + "1,Côte d’Ivoire,CI,yes\n".encode("latin-1", "replace"))
    with pytest.warns(UnicodeWarning, match="is not UTF-8") as caught:
        uv.load("unvotes-2021", path=folder)
    assert {Path(w.filename).name for w in caught} == {"test_robust.py"}
    cache.mkdir(exist_ok=True)
    (cache / "config.json").write_text("[2]")
    with pytest.warns(RuntimeWarning, match="JSON list") as caught:
        sources.default_source()
    assert Path(caught[0].filename).name == "test_robust.py"


# ---------------------------------------------------------------- one error family


def test_one_error_family_and_the_exit_code_of_each(tmp_path, cache):
    # Bad parameters, unavailable sources, bad files and an unusable cache: each an UnvotesError
    # of its kind, each also the builtin callers catch; anything else is a bug (exit 70).
    with pytest.raises(ParameterError, match="`source` 'nosuch' is not a known source"):
        uv.load("nosuch")
    with pytest.raises(ParameterError, match="`successors` 'x' must be 'merge' or 'keep'"):
        uv.load(FIXTURES / "undl_sc.csv", successors="x")
    with pytest.raises(SourceUnavailableError, match="no such file or folder"):
        uv.load(tmp_path / "missing.csv")
    with pytest.raises(ParameterError, match="does not read votes"):
        readers.read("bsv-ideal", [FIXTURES / "undl_sc.csv"])
    with pytest.raises(ParameterError, match="`symbols` 'A/RES/1/1' is not a roll call"):
        uv.load(FIXTURES / "undl_sc.csv").filter(symbols="A/RES/1/1")
    (tmp_path / "files").write_text("in the way")
    os.environ["UNVOTES_CACHE"] = str(tmp_path)
    with pytest.raises(CacheError, match="Cannot import into"):
        uv.import_file(FIXTURES / "undl_sc.csv", source="undl-sc")
    assert [errors.exit_code(e) for e in (DataFileError(), ParameterError(), SourceUnavailableError())] == [
        2,
        2,
        1,
    ]
    assert errors.exit_code(CacheError()) == 1
    assert errors.exit_code(KeyError("a bug")) == 70
    assert issubclass(DataFileError, ValueError)
    assert issubclass(CacheError, OSError)
    assert all(issubclass(c, UnvotesError) for c in (DataFileError, ParameterError, CacheError))


def test_settings_json_for_default_source_is_an_object_after_set(cache):
    # set_default_source writes an object even over a list left behind
    cache.mkdir()
    (cache / "config.json").write_text("[1]")
    with pytest.warns(RuntimeWarning, match="JSON list"):
        sources.set_default_source("unvotes-2021")
    assert json.loads((cache / "config.json").read_text()) == {"default_source": "unvotes-2021"}
