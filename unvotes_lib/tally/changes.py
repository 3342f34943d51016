"""The small language of vote changes: ``"FRA=no, GBR=abstain"`` and ``"yes->no=38"``.

:func:`parse_votes` reads it (the command line's ``--what-if`` and ``--p5``, notebook
parameters); :func:`apply_changes` plays a parsed change on a :class:`Tally`: a named
country's vote changed, or a number of votes moved anonymously from one kind to another.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from .. import countries
from ..errors import ParameterError
from .membership import permanent_members, sc_members
from .record import Tally
from .values import VOTES, country_code, plural, vote_label

__all__ = ["apply_changes", "parse_votes"]

_SHIFT = re.compile(r"^\s*(yes|no|abstain|absent)\s*(?:->|>|to)\s*(yes|no|abstain|absent)\s*$", re.IGNORECASE)


def parse_votes(text: str | None) -> dict:
    """Parse ``"FRA=no, GBR=abstain"`` (and ``"yes->abstain=2"``) into a dict.

    The form used by the command line (``--what-if``, ``--p5``) and the notebook
    parameters. Country keys become ISO3 codes, vote values vote labels; a key
    ``from->to`` takes a whole number (that many votes moved, anonymously).

    Parameters
    ----------
    text : str or None
        Items separated by commas or semicolons.

    Returns
    -------
    dict
        ISO3 code -> vote label, and ``"from->to"`` -> number of votes.

    Raises
    ------
    ValueError
        An item not of either form, an unknown country or vote, a number that is not whole.

    Examples
    --------
    >>> parse_votes("FRA=no, United Kingdom=abstain")
    {'FRA': 'no', 'GBR': 'abstain'}
    >>> parse_votes("yes->abstain=2")
    {'yes->abstain': 2}
    >>> parse_votes("")
    {}
    >>> parse_votes("FRA")
    Traceback (most recent call last):
    ...
    unvotes_lib.errors.ParameterError: 'FRA' is not of the form COUNTRY=VOTE (e.g. 'FRA=no') or FROM->TO...
    """
    out: dict = {}
    for part in re.split(r"[,;]", text or ""):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            msg = (
                f"{part.strip()!r} is not of the form COUNTRY=VOTE (e.g. 'FRA=no') or FROM->TO=N "
                "(e.g. 'yes->abstain=2')."
            )
            raise ParameterError(msg)
        m = _SHIFT.match(key)
        if m:
            if not value.strip().isdigit():
                msg = f"{part.strip()!r}: the number of votes moved must be a whole number, not {value!r}."
                raise ParameterError(msg)
            out[f"{m.group(1).lower()}->{m.group(2).lower()}"] = int(value)
        else:
            code = country_code(key.strip(), "country")
            out[code] = vote_label(value, f"vote of {code}")
    return out


def apply_changes(t: Tally, changes: Mapping) -> tuple[Tally, str]:
    """Play changes of vote on a tally.

    Parameters
    ----------
    t : Tally
    changes : mapping
        ``{"FRA": "no"}`` (an entered country's vote changed) and/or
        ``{"yes->no": 38}`` (that many votes not entered by country moved).

    Returns
    -------
    (Tally, str)
        The changed tally, and the sentence that says what changed ("If ...:").

    Raises
    ------
    ValueError
        A country without an entered vote, a Council non-member, more anonymous votes
        moved than are not entered by country, or a bad number.

    Examples
    --------
    >>> t, said = apply_changes(Tally(yes=93, no=18, abstain=65), {"yes->no": 38})
    >>> (t.yes, t.no), said
    ((55, 56), 'If 38 members voting yes had voted no:')
    """
    counts = {k: getattr(t, k) for k in VOTES}
    known = t.by_country
    said = []
    p5 = permanent_members(t.date) if t.body == "SC" else {}
    elected = sc_members(t.date) if t.body == "SC" and t.date else None
    for key, value in dict(changes).items():
        m = _SHIFT.match(str(key))
        if m:
            src, dst = m.group(1).lower(), m.group(2).lower()
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                msg = f"`changes` {key!r}: votes moved must be a whole number >= 0, not {value!r}."
                raise ParameterError(msg)
            free = counts[src] - sum(1 for v in known.values() if v == src)
            if value > free:
                msg = (
                    f"`changes` {key!r}: cannot move {value} {src!r} votes; only {free} {src!r} votes "
                    "are not "
                    "entered country by country (move named countries instead, e.g. {'FRA': 'no'})."
                )
                raise ParameterError(msg)
            counts[src] -= value
            counts[dst] += value
            said.append(f"{plural(value, 'member')} voting {src} had voted {dst}")
            continue
        code = country_code(key, "changes")
        label = vote_label(value, f"`changes` vote of {code}")
        if t.body == "SC" and code not in p5 and elected is not None and code not in elected:
            msg = (
                f"`changes` names {code} ({countries.name_of(code)}), which was not a member of the Security "
                f"Council on {t.date}; the members were {sorted(p5)} and {sorted(elected)}."
            )
            raise ParameterError(msg)
        if code not in known:
            if t.partial or not t.votes:
                msg = (
                    f"`changes` names {code}, whose vote is not entered in this record (only the counts are "
                    f"known{' and ' + ', '.join(sorted(known)) if known else ''}); move anonymous votes "
                    "instead, e.g. {'yes->no': 1}."
                )
            else:
                msg = (
                    f"`changes` names {code}, which has no vote in this record ({', '.join(sorted(known))})."
                )
            raise ParameterError(msg)
        old = known[code]
        counts[old] -= 1
        counts[label] += 1
        known[code] = label
        said.append(f"{countries.name_of(code)} ({code}) had voted {label} (not {old})")
    new = dataclasses.replace(t, votes=tuple(known.items()), **counts)
    return new, ("If " + "; and if ".join(said) + ":") if said else ""
