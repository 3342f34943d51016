"""The decision of every roll call of a VoteData, as one table."""

from __future__ import annotations

import pandas as pd

from .record import Tally, tally
from .rules import decide

__all__ = ["decisions"]


def decisions(data, *, majority: str = "simple") -> pd.DataFrame:
    """The decision of every roll call in a VoteData, one row each.

    GA roll calls are decided from their counts (official totals for partial
    records), SC roll calls from their members' votes.

    Parameters
    ----------
    data : VoteData
    majority : {"simple", "two-thirds"}
        The GA majority applied to every GA roll call.

    Returns
    -------
    DataFrame
        ``rcid`` (int64), ``body``, ``date`` (datetime64), ``symbol``, ``yes``, ``no``,
        ``abstain``, ``absent`` (int64, the counts decided), ``partial`` (bool),
        ``required``, ``margin`` (int64), ``outcome`` (string), ``adopted`` (bool),
        ``vetoed_by`` (string: codes joined by ", ", empty if none), ``explanation``
        (string), in the order of ``data.roll_calls``.

    Examples
    --------
    >>> import unvotes_lib as uv
    >>> decisions(uv.load("curated", use_cache=False))[["symbol", "outcome"]].values.tolist()
    [['A/RES/ES-11/8', 'adopted'], ['A/RES/ES-11/7', 'adopted'], ['S/RES/2774 (2025)', 'adopted']]
    """
    rows = []
    counted = data.counted()
    sc = set(data.roll_calls.loc[data.roll_calls["body"] == "SC", "rcid"])
    for row in data.roll_calls.itertuples(index=False):
        if row.rcid in sc or row.partial:
            t = tally(data, rcid=row.rcid)
        else:
            c = counted.loc[row.rcid]
            t = Tally(
                yes=int(c["yes"]),
                no=int(c["no"]),
                abstain=int(c["abstain"]),
                absent=int(c["absent"]),
                body=row.body,
                date=row.date,
                symbol=None if pd.isna(row.symbol) else row.symbol,
            )
        d = decide(t, majority=majority if row.body != "SC" else "simple")
        rows.append(
            (
                row.rcid,
                row.body,
                row.date,
                row.symbol,
                t.yes,
                t.no,
                t.abstain,
                t.absent,
                bool(row.partial),
                d.required,
                d.margin,
                d.outcome,
                d.adopted,
                ", ".join(d.vetoed_by),
                d.explanation,
            )
        )
    cols = [
        "rcid",
        "body",
        "date",
        "symbol",
        "yes",
        "no",
        "abstain",
        "absent",
        "partial",
        "required",
        "margin",
        "outcome",
        "adopted",
        "vetoed_by",
        "explanation",
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.astype(
        {
            "rcid": "int64",
            "body": "string",
            "date": "datetime64[ns]",
            "symbol": "string",
            "yes": "int64",
            "no": "int64",
            "abstain": "int64",
            "absent": "int64",
            "partial": bool,
            "required": "int64",
            "margin": "int64",
            "outcome": "string",
            "adopted": bool,
            "vetoed_by": "string",
            "explanation": "string",
        }
    )
