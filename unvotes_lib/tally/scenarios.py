"""Counterfactuals: a roll call decided again with votes changed, and the smallest changes that matter.

:func:`what_if` replays one scenario; :func:`pivotal` searches, for every pair of vote
kinds, the fewest votes that would have to switch to reverse the outcome, and says who
could make the switch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pandas as pd

from .. import countries
from ..errors import ParameterError
from .changes import apply_changes
from .membership import permanent_members
from .record import Tally, tally
from .rules import Decision, decide, with_permanent_votes
from .values import VOTES, check_body, iso_date, plural

__all__ = ["pivotal", "what_if"]

#: Columns of :func:`pivotal`.
PIVOTAL_COLUMNS = ("n_switched", "from_vote", "to_vote", "countries", "who", "outcome", "adopted")


def _prepared(votes, symbol, rcid, options: dict) -> Tally:
    """The tally to play scenarios on: body and date settled, permanent votes entered.

    Pops ``permanent_votes`` from ``options``; the rest is for :func:`decide`.
    """
    t = votes if isinstance(votes, Tally) else tally(votes, symbol=symbol, rcid=rcid)
    body = check_body(options.get("body")) or t.body or "GA"
    date = iso_date(options.get("date")) or t.date
    t = dataclasses.replace(t, body=body, date=date)
    pv = options.pop("permanent_votes", None)
    return with_permanent_votes(t, pv) if pv else t


def what_if(
    votes, changes: Mapping, *, symbol: str | None = None, rcid: int | None = None, **options
) -> Decision:
    """Decide a roll call again with some votes changed.

    Parameters
    ----------
    votes : Tally, VoteData (with ``symbol=``/``rcid=``), votes table or mapping
    changes : mapping
        ``{"FRA": "no"}``: a country's vote changed (the country must have an entered
        vote, or for the SC be given in ``permanent_votes``); ``{"yes->abstain": 2}``:
        that many anonymous votes moved (from votes not entered by country; for the SC
        read them as elected members' votes). :func:`parse_votes` reads the same
        changes from text.
    symbol, rcid : optional
        The roll call of a VoteData.
    **options
        Passed to :func:`decide` (body, majority, procedural, permanent_votes, date, members).

    Returns
    -------
    Decision
        Its ``scenario`` says what was changed; ``tally`` is the changed tally.

    Raises
    ------
    ValueError
        Empty ``changes``, or a change :func:`apply_changes` refuses.

    Examples
    --------
    >>> sc = tally({"CHN": "yes", "RUS": "yes", "USA": "yes", "DZA": "yes", "GUY": "yes",
    ...             "KOR": "yes", "SLE": "yes", "PAK": "yes", "PAN": "yes", "SOM": "yes",
    ...             "FRA": "abstain", "GBR": "abstain", "DNK": "abstain", "GRC": "abstain",
    ...             "SVN": "abstain"}, body="SC", date="2025-02-24")
    >>> d = what_if(sc, {"FRA": "no"})
    >>> d.outcome, d.vetoed_by
    ('vetoed', ('FRA',))
    >>> what_if(sc, {"DZA": "abstain", "GUY": "abstain"}).outcome
    'failed: insufficient votes'
    """
    t = _prepared(votes, symbol, rcid, options)
    if not isinstance(changes, Mapping) or not changes:
        msg = "`changes` must be a non-empty mapping such as {'FRA': 'no'} or {'yes->abstain': 2}."
        raise ParameterError(msg)
    new, scenario = apply_changes(t, changes)
    return dataclasses.replace(decide(new, **options), scenario=scenario)


def _fewest(counts_only: Tally, src: str, dst: str, pool: int, base: Decision, options) -> Decision | None:
    """The decision after the fewest of ``pool`` votes move from ``src`` to ``dst`` and flip
    ``base`` (``n_switched`` in ``decision.tally``), or None if no number does."""
    for k in range(1, pool + 1):
        try:
            d = decide(apply_changes(counts_only, {f"{src}->{dst}": k})[0], **options)
        except ValueError:  # e.g. a Council "no" that could be a veto of an unknown seat
            return None
        if d.adopted != base.adopted:
            return d
    return None


def pivotal(votes, *, symbol: str | None = None, rcid: int | None = None, **options) -> pd.DataFrame:
    """The smallest switches of vote that would reverse whether a text is adopted.

    For every pair of vote kinds (from yes, no, abstain or absent to another), the fewest
    members who would have to switch, and who could make the switch:

    * General Assembly: only the counts decide, so any ``n_switched`` of the members who
      cast ``from_vote`` would do. For A/RES/ES-11/7 (93-18-65, simple majority),
      38 yes -> no: 55 yes against 56 no fails, while 37 leave 56 against 55.
    * Security Council: a permanent member is taken on its own (one "no" can be a
      veto: on S/RES/2774 (2025), China, Russia or the United States voting no, or France
      or the United Kingdom turning an abstention into a no); the elected members are
      interchangeable (any ``n_switched`` of them).

    A switch that a single member can make alone gives one row per member. Votes not
    entered country by country (partial records: counts only, or some votes) are
    candidates too; they are counted in ``who`` and never appear as a missing country.

    Parameters
    ----------
    votes, symbol, rcid, **options
        As for :func:`what_if`.

    Returns
    -------
    DataFrame
        One row per switch, sorted by ``n_switched``, then ``from_vote``, ``to_vote``
        and ``countries``:

        ===========  ======  =======================================================
        n_switched   int64   members who must switch
        from_vote    string  the vote they cast
        to_vote      string  the vote that reverses the outcome
        countries    string  ISO3 codes (comma-separated) of the entered members who
                             could make the switch: one code for a single member;
                             empty when only votes not entered by country could
        who          string  the same in words: "France (FRA)", "any 38 of the 93
                             members voting yes", "any 2 of the 7 elected members
                             voting yes (not entered by country)"
        outcome      string  the new outcome
        adopted      bool    the new decision
        ===========  ======  =======================================================

    Examples
    --------
    A complete General Assembly record needs many switches (DOMAIN.md: 93-18-65):

    >>> p = pivotal(tally(yes=93, no=18, abstain=65, body="GA"))
    >>> p.loc[(p["from_vote"] == "yes") & (p["to_vote"] == "no"), ["n_switched", "who"]].values.tolist()
    [[38, 'any 38 of the 93 members voting yes (not entered by country)']]

    S/RES/2774 (2025), 10-0-5, with the permanent members' votes known:

    >>> p = pivotal(tally(yes=10, no=0, abstain=5, body="SC", date="2025-02-24"),
    ...             permanent_votes={"FRA": "abstain", "GBR": "abstain", "CHN": "yes",
    ...                              "RUS": "yes", "USA": "yes"})
    >>> p[["countries", "from_vote", "to_vote", "n_switched"]].head(3).values.tolist()
    [['FRA', 'abstain', 'no', 1], ['GBR', 'abstain', 'no', 1], ['CHN', 'yes', 'no', 1]]
    >>> p.loc[p["countries"] == "", ["from_vote", "to_vote", "n_switched", "outcome"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['yes', 'absent', 2, 'failed: insufficient votes'],
     ['yes', 'abstain', 2, 'failed: insufficient votes'],
     ['yes', 'no', 2, 'failed: insufficient votes']]
    """
    t = _prepared(votes, symbol, rcid, options)
    base = decide(t, **options)
    p5 = permanent_members(t.date) if t.body == "SC" else {}
    # Counts decide, except for the permanent members' own votes: keep only those entered.
    counts_only = dataclasses.replace(t, votes=tuple((c, v) for c, v in t.votes if c in p5), partial=True)
    rows = []
    for src in VOTES:
        named = [c for c, v in t.votes if v == src and c not in p5]
        unnamed = getattr(t, src) - t.entered[src]
        for dst in VOTES:
            if dst == src:
                continue
            for code in (c for c, v in t.votes if v == src and c in p5):
                d = decide(apply_changes(t, {code: dst})[0], **options)
                if d.adopted != base.adopted:
                    rows.append(
                        (1, src, dst, code, f"{countries.name_of(code)} ({code})", d.outcome, d.adopted)
                    )
            d = _fewest(counts_only, src, dst, len(named) + unnamed, base, options)
            if d is None:
                continue
            k = getattr(t, src) - getattr(d.tally, src)
            group = named
            if k == 1:  # any one of them alone: a row for each member entered, one for the rest
                rows += [
                    (1, src, dst, c, f"{countries.name_of(c)} ({c})", d.outcome, d.adopted) for c in named
                ]
                group = []
                if not unnamed:
                    continue
            who = _who(k, src, len(group), unnamed, bool(p5))
            rows.append((k, src, dst, ", ".join(group), who, d.outcome, d.adopted))
    out = pd.DataFrame(rows, columns=list(PIVOTAL_COLUMNS))
    out = out.astype(
        {
            "n_switched": "int64",
            "from_vote": "string",
            "to_vote": "string",
            "countries": "string",
            "who": "string",
            "outcome": "string",
            "adopted": bool,
        }
    )
    return out.sort_values(["n_switched", "from_vote", "to_vote", "countries"], kind="stable").reset_index(
        drop=True
    )


def _name(code: str) -> str:
    return f"{countries.name_of(code)} ({code})"


def _who(k: int, src: str, named: int, unnamed: int, council: bool) -> str:
    """'any 38 of the 93 members voting yes', with how many are not entered by country."""
    members = "elected member" if council else "member"
    whole = named + unnamed
    head = f"{'the' if k == whole == 1 else 'any'} {k} of the {plural(whole, members)} voting {src}"
    if k == whole and k > 1:
        head = f"all {plural(whole, members)} voting {src}"
    if unnamed == whole:
        return f"{head} (not entered by country)"
    if unnamed:
        return f"{head} ({unnamed} not entered by country)"
    return head
