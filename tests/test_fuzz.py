"""Fuzz test of the readers (issue 11): damaged files either load as valid tables or raise an
:class:`~unvotes_lib.errors.UnvotesError` whose message names the file and shows plain numbers
(no ``np.int64(3)``) — never another exception, never a hang.

Each case takes one small, hand-written file in a supported layout (the fixtures beside this
test, the curated records shipped in data/curated, and a tiny unvotes/TidyTuesday folder built
here), applies a seeded mutation (byte flips, truncation, dropped and duplicated lines, a renamed
header, another encoding, a gzip of part of the file, a stray comma) and loads it with ``uv.load`` without the
cache. The run is reproducible: case ``i`` uses ``random.Random(i)``.

``UNVOTES_FUZZ_CASES`` sets the number of cases (default 300; e.g. 5000 for a long run).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import signal
from collections import Counter
from pathlib import Path

import pandas as pd

import unvotes_lib as uv
from unvotes_lib import countries
from unvotes_lib.errors import UnvotesError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CURATED = Path(__file__).resolve().parent.parent / "data" / "curated" / "24feb2025.yaml"
N_CASES = int(os.environ.get("UNVOTES_FUZZ_CASES", "300"))
#: A guard against hangs, not a speed test: a small file that takes this long is a defect.
HANG_SECONDS = 20

# A tiny unvotes/TidyTuesday folder (FORMATS.md section 4): two roll calls, four countries.
# Counts by hand: rcid 1: yes 2 (US, FR), no 1 (RU), abstain 1 (NA = Namibia); rcid 2: yes 3, no 1.
UNVOTES_CSV = """rcid,country,country_code,vote
1,United States,US,yes
1,France,FR,yes
1,Russia,RU,no
1,Namibia,NA,abstain
2,United States,US,no
2,France,FR,yes
2,Russia,RU,yes
2,Namibia,NA,yes
"""
ROLL_CALLS_CSV = """rcid,session,importantvote,date,unres,amend,para,short,descr
1,45,0,1990-10-01,R/45/1,0,0,first,First test resolution
2,45,1,1990-11-02,R/45/2,0,0,second,Second test resolution
"""
ISSUES_CSV = """rcid,short_name,issue
1,hr,Human rights
2,me,Palestinian conflict
"""


def _unvotes_folder(root: Path) -> Path:
    folder = root / "unvotes"
    folder.mkdir()
    (folder / "unvotes.csv").write_text(UNVOTES_CSV, encoding="utf-8")
    (folder / "roll_calls.csv").write_text(ROLL_CALLS_CSV, encoding="utf-8")
    (folder / "issues.csv").write_text(ISSUES_CSV, encoding="utf-8")
    return folder


def _seeds() -> list[Path]:
    files = sorted(FIXTURES.glob("*.csv")) + sorted(FIXTURES.glob("*.xml")) + [CURATED]
    files += sorted((FIXTURES / "unxml").rglob("*.json"))
    return files


# ----------------------------------------------------------------- mutations


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if b:
            b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def drop_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"".join(lines)


def rename_header(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    head = lines[0]
    sep = b"," if b"," in head else b" "
    cells = head.split(sep)
    i = rng.randrange(len(cells))
    cells[i] = b"x" + cells[i][::-1]
    lines[0] = sep.join(cells)
    return b"".join(lines)


def other_encoding(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["utf-16", "utf-16-le", "latin-1", "cp1252", "utf-8-sig"])
    return text.encode(encoding, errors="replace")


def json_field(data: bytes, rng: random.Random) -> bytes:
    """One field of one JSON line given a value of another type or shape (UN extracts)."""
    try:
        lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    except ValueError:
        return flip_bytes(data, rng)
    entry = rng.choice(lines)
    if not isinstance(entry, dict) or not entry:
        return flip_bytes(data, rng)
    key = rng.choice(sorted(entry))
    entry[key] = rng.choice([None, 7, -1, 10**30, 1.5, "", "N.A.", [], [None], ["X", 3], {"a": 1}, "x" * 300])
    return ("\n".join(json.dumps(e) for e in lines) + "\n").encode("utf-8")


def gzip_part(data: bytes, rng: random.Random) -> bytes:
    cut = rng.randrange(len(data) + 1)
    return data[:cut] + gzip.compress(data[cut:])


def stray_comma(data: bytes, rng: random.Random) -> bytes:
    """A comma added to one line (an unquoted text with a comma): a ragged CSV line."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    line = lines[i]
    cut = rng.randrange(len(line) + 1)
    lines[i] = line[:cut] + b"," + line[cut:]
    return b"".join(lines)


MUTATIONS = [
    flip_bytes,
    truncate,
    drop_line,
    duplicate_line,
    rename_header,
    other_encoding,
    gzip_part,
    stray_comma,
]


# ----------------------------------------------------------------- checks


def _valid(data: uv.VoteData) -> None:
    """The invariants every loaded VoteData must hold, whatever the input."""
    roll, votes = data.roll_calls, data.votes
    assert roll["rcid"].is_unique
    assert set(votes["vote"].dropna().unique()) <= {"yes", "no", "abstain", "absent"}
    assert votes["vote"].notna().all()
    assert votes["rcid"].isin(roll["rcid"]).all()
    assert not votes.duplicated(["rcid", "country"]).any()
    for code in votes["country"].astype(str).unique():
        assert countries.is_known(code), code
    assert pd.api.types.is_datetime64_any_dtype(roll["date"])


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise _Hang


def _case(i: int, seeds: list[Path], work: Path) -> tuple[str, str]:
    rng = random.Random(i)
    unvotes_case = rng.random() < 0.2
    mutation = rng.choice(MUTATIONS)
    case_dir = work / f"case{i}"
    case_dir.mkdir()
    if unvotes_case:
        folder = _unvotes_folder(case_dir)
        target = folder / rng.choice(["unvotes.csv", "roll_calls.csv", "issues.csv"])
        load_arg: Path = folder
    else:
        seed = rng.choice(seeds)
        target = case_dir / seed.name
        target.write_bytes(seed.read_bytes())
        load_arg = target
    if target.suffix == ".json" and rng.random() < 0.5:
        mutation = json_field
    target.write_bytes(mutation(target.read_bytes(), rng))
    what = f"case {i}: {mutation.__name__} of {target.name}"
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        data = uv.load(load_arg, use_cache=False)
    except UnvotesError as err:
        text = str(err)
        if re.search(r"\bnp\.\w+\(", text) or target.name not in text:
            return what, f"UNCLEAR {type(err).__name__} (np.* or no file name): {text[:200]}"
        return what, f"refused: {type(err).__name__}"
    except _Hang:  # pragma: no cover
        return what, "HANG"
    except Exception as err:  # noqa: BLE001 - the point: any other exception is a finding
        return what, f"BUG {type(err).__name__}: {str(err)[:200]}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    try:
        _valid(data)
    except AssertionError as err:
        return what, f"INVALID TABLES: {err}"
    return what, "loaded"


def test_mutated_files_load_or_raise_our_errors(tmp_path, recwarn):
    seeds = _seeds()
    assert len(seeds) >= 6  # the UN DHL GA (3 layouts), SC CSV, MARCXML and curated fixtures
    outcomes = [_case(i, seeds, tmp_path) for i in range(N_CASES)]
    findings = [
        f"{what} -> {result}"
        for what, result in outcomes
        if result.startswith(("BUG", "HANG", "INVALID", "UNCLEAR"))
    ]
    refused = sum(result.startswith("refused") for _, result in outcomes)
    loaded = sum(result == "loaded" for _, result in outcomes)
    kinds = Counter(result.split(": ", 1)[1] for _, result in outcomes if result.startswith("refused"))
    by_kind = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    print(
        f"\nfuzz: {N_CASES} cases, {loaded} loaded valid tables, {refused} refused ({by_kind}), "
        f"{len(findings)} findings"
    )
    assert not findings, "\n".join(findings[:30])
    # The mutations must actually bite: some damaged files have to be refused.
    assert refused > N_CASES // 10


def test_unmutated_seeds_load():
    """The fuzz seeds themselves are valid files (else every refusal above would be meaningless)."""
    for seed in _seeds():
        _valid(uv.load(seed, use_cache=False))
