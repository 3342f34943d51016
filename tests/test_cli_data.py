"""`unvotes data ...` as a user types it."""

from __future__ import annotations

import json
import re

import pytest

from unvotes_lib.cli import main

from .conftest import FIXTURES


@pytest.mark.data
def test_info_prints_the_facts(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("UNVOTES_DATA_DIR", str(data_dir))  # one subfolder per source
    assert main(["data", "info", "unvotes-2021"]) == 0
    out = capsys.readouterr().out
    assert "votes         870,109" in out
    assert "roll calls    6,203 (GA)" in out
    assert "dates         1946-01-01 to" in out
    assert "dd61cbd22f6f74494b517f104256190d4ce0f5fabaa7e885f161fcf5206ac89e" in out  # SHA256SUMS
    assert "doi:10.7910/DVN/LEJUQZ" in out


def test_info_json_on_a_file(capsys):
    assert main(["data", "info", str(FIXTURES / "undl_sc.csv"), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["votes"], info["roll_calls"], info["bodies"]) == (15, 1, ["SC"])
    assert info["votes_by_label"] == {"yes": 10, "no": 0, "abstain": 5, "absent": 0}


def test_check_lists_mismatches(capsys):
    assert main(["data", "check", str(FIXTURES / "undl_ga_2026.csv")]) == 0
    out = capsys.readouterr().out
    assert "4025240" in out
    assert "yes 2 (official 120)" in out
    assert "1 of 2 roll calls with official totals disagree" in out


def test_list_shows_every_source(capsys):
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("unvotes-2021", "undl-ga", "undl-sc", "voeten-ideal-points", "curated"):
        assert name in out


def test_import_default_and_errors(capsys, monkeypatch, fresh_cache):
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    assert (
        main(["data", "import", str(FIXTURES / "undl_ga_2024.csv"), "--source", "undl-ga", "--default"]) == 0
    )
    assert "Default source is now undl-ga" in capsys.readouterr().out
    assert main(["data", "default"]) == 0
    assert capsys.readouterr().out.strip() == "undl-ga"
    assert main(["data", "default", "curated"]) == 0  # loads anywhere: it ships with the package
    capsys.readouterr()
    assert main(["data", "info", "no-such-source"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("unvotes: error: `source` 'no-such-source' is not a known source")


def test_fetch_of_browser_only_source_explains(capsys, fresh_cache):
    assert main(["data", "fetch", "undl-sc"]) == 1  # an unavailable source (issue 11), not bad input
    assert (
        "Download the file by hand from https://digitallibrary.un.org/record/4055387"
        in capsys.readouterr().err
    )


def test_help_lists_the_data_actions(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["data", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for action in ("list", "fetch", "update", "import", "default", "info", "check"):
        assert action in out


def test_info_on_a_marcxml_file_without_version(capsys):
    # It crashed with "sequence item 0: expected str instance, float found" (issue 9).
    assert main(["data", "info", str(FIXTURES / "sc_2774.xml")]) == 0
    out = capsys.readouterr().out
    assert "source        marcxml (version unknown)" in out
    assert "votes by kind yes 10, no 0, abstain 5, absent 0" in out  # S/RES/2774: 10-0-5


def test_info_path_file_detects_the_format(capsys):
    assert main(["data", "info", "--path", str(FIXTURES / "undl_sc.csv"), "--format", "json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["source"], info["roll_calls"], info["bodies"]) == ("undl-sc", 1, ["SC"])


def test_default_accepts_only_sources_that_load(capsys, tmp_path, fresh_cache, monkeypatch):
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    assert main(["data", "default", "voeten-ideal-points"]) == 2
    assert "holds ideal points, not votes" in capsys.readouterr().err
    assert main(["data", "default", str(tmp_path)]) == 1  # an empty folder: no source to be had there
    assert "holds no files of a known source" in capsys.readouterr().err
    assert main(["data", "default", str(FIXTURES / "undl_sc.csv")]) == 0
    assert capsys.readouterr().out.strip() == str(FIXTURES / "undl_sc.csv")


def test_import_is_a_transaction(capsys, tmp_path, fresh_cache, monkeypatch):
    monkeypatch.delenv("UNVOTES_SOURCE", raising=False)
    good = FIXTURES / "undl_ga_2025.csv"
    assert main(["data", "import", str(good), "--source", "undl-ga"]) == 0
    capsys.readouterr()
    stored = fresh_cache / "files" / "undl-ga" / "undl_ga_2025.csv"
    assert stored.read_bytes() == good.read_bytes()
    # A damaged file of the same name (a vote that is no vote) is refused; nothing changes.
    bad = tmp_path / "undl_ga_2025.csv"
    bad.write_text(good.read_text().replace(",USA,UNITED STATES,N,", ",USA,UNITED STATES,Z,"))
    assert main(["data", "import", str(bad), "--source", "undl-ga", "--default"]) == 2
    assert "unknown vote 'Z'" in capsys.readouterr().err
    assert sorted(p.name for p in stored.parent.iterdir()) == ["undl_ga_2025.csv"]
    assert stored.read_bytes() == good.read_bytes()
    assert not (fresh_cache / "config.json").exists()  # --default only after success
    # Good but different bytes under the same name: a new version beside the old one.
    other = tmp_path / "sub" / "undl_ga_2025.csv"
    other.parent.mkdir()
    other.write_bytes((FIXTURES / "undl_ga_2026.csv").read_bytes())
    with pytest.warns(UserWarning, match=r"A different undl_ga_2025.csv was imported before"):
        assert main(["data", "import", str(other), "--source", "undl-ga"]) == 0
    names = sorted(p.name for p in stored.parent.iterdir())
    assert names[0] == "undl_ga_2025.csv"
    assert re.fullmatch(r"undl_ga_2025_[0-9a-f]{8}\.csv", names[1])
    assert stored.read_bytes() == good.read_bytes()


def test_imported_curated_records_are_found_by_load(capsys, tmp_path, fresh_cache):
    import unvotes_lib

    package = unvotes_lib.load("curated")
    record = tmp_path / "mine.yaml"
    text = (FIXTURES.parent.parent / "data" / "curated" / "24feb2025.yaml").read_text(encoding="utf-8")
    # The same records under other symbols and rcids: one more file, as many more records.
    text = (
        text.replace("ES-11/7", "ES-11/97")
        .replace("ES-11/8", "ES-11/98")
        .replace("2774 (2025)", "2799 (2025)")
    )
    text = re.sub(r"rcid: (\d+)", lambda m: f"rcid: {int(m.group(1)) + 7}", text)
    record.write_text(text, encoding="utf-8")
    assert main(["data", "import", str(record), "--source", "curated"]) == 0
    mine = unvotes_lib.load("curated")
    assert len(mine.roll_calls) == 2 * len(package.roll_calls)
    assert "A/RES/ES-11/97" in set(mine.roll_calls["symbol"])
