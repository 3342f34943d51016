"""The rules of the two bodies: whether a text passed, and why, in plain English.

General Assembly (Charter Art. 18, rules of procedure 67, 83-88, 95): a majority of the
members present and voting (yes or no); two-thirds for important questions; a tie
fails; a quorum of a majority of members when the number present is known.
Security Council (Charter Art. 27): nine affirmative votes (seven before 1966); on
substantive matters no "no" from a permanent member; a permanent member's abstention or
absence is not a veto, nor is its "no" on a draft that lacks the votes anyway.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

from .. import countries
from ..errors import ParameterError
from .membership import (
    GA_193_SINCE,
    GA_MAX_MEMBERS,
    SC_ENLARGED,
    USSR_SEAT_CHANGE,
    permanent_members,
    sc_members,
)
from .record import Tally, tally
from .values import VOTES, check_body, check_majority, country_code, iso_date, join_names, plural, vote_label

__all__ = ["OUTCOMES", "Decision", "decide", "with_permanent_votes"]

OUTCOMES = ("adopted", "rejected", "vetoed", "failed: insufficient votes", "failed: no quorum")


@dataclass(frozen=True)
class Decision:
    """Whether a text passed under the rules of its body, and why.

    Attributes
    ----------
    adopted : bool
    outcome : str
        "adopted", "rejected" (GA), "vetoed" (SC), "failed: insufficient votes" (SC)
        or "failed: no quorum" (GA, fewer than a majority of members present, when
        ``present`` is given).
    required : int
        Yes votes needed: GA ``floor(P/2) + 1`` (simple) or ``ceil(2P/3)`` (two-thirds)
        of the P members present and voting, at least 1; SC the threshold (9, or 7
        before 1966).
    margin : int
        ``yes - required`` (negative: votes short).
    vetoed_by : tuple of str
        Permanent members whose "no" vetoed the text (ISO3), else empty.
    explanation : str
        Plain English a student can read.
    body, majority : str
    procedural : bool
    permanent_no : tuple of str
        Permanent members that voted no (a veto or not).
    quorum : int or None
        Members that must be present (GA, where the membership is known).
    notes : tuple of str
        Caveats: partial record, unchecked membership, assumed date.
    scenario : str
        For :func:`what_if`: the changes played ("If FRA had voted no ...").
    tally : Tally
        The tally decided.
    """

    adopted: bool
    outcome: str
    required: int
    margin: int
    vetoed_by: tuple[str, ...]
    explanation: str
    body: str
    majority: str
    procedural: bool
    permanent_no: tuple[str, ...]
    quorum: int | None
    notes: tuple[str, ...]
    tally: Tally
    scenario: str = ""

    def to_dict(self) -> dict:
        """A JSON-ready dict (the tally nested under ``tally``)."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "tally"}
        out["vetoed_by"] = list(self.vetoed_by)
        out["permanent_no"] = list(self.permanent_no)
        out["notes"] = list(self.notes)
        out["tally"] = self.tally.to_dict()
        return out


def decide(
    tally_or_votes,
    *,
    body: str | None = None,
    majority: str = "simple",
    procedural: bool = False,
    permanent_votes: Mapping[str, str] | None = None,
    date: str | None = None,
    members: int | None = None,
    present: int | None = None,
) -> Decision:
    """Apply the rules of the General Assembly or the Security Council to a tally.

    Parameters
    ----------
    tally_or_votes : Tally, or anything :func:`tally` accepts
    body : {"GA", "SC"}, optional
        Default: the tally's body, else "GA". Must match the tally's body if both are given.
    majority : {"simple", "two-thirds"}
        GA only: "two-thirds" for important questions (Art. 18(2)).
    procedural : bool
        SC only: a procedural matter (nine votes, no veto).
    permanent_votes : mapping, optional
        SC: permanent members' votes not in the tally, e.g. ``{"USA": "no"}`` for a
        tally of counts. A code that is not a permanent member on ``date`` is an error.
    date : str, optional
        ISO date; default the tally's. Sets the SC threshold (7 before 1966) and the
        membership checks. Without a date the SC threshold is 9.
    members : int, optional
        Number of members of the body, for the quorum and the more-votes-than-members
        check (default: 193 for the GA, known from 14 July 2011; the SC has no quorum
        rule here).
    present : int, optional
        GA: members present (at least those voting yes, no or abstaining). When given
        and below the quorum (a majority of ``members``), the outcome is
        "failed: no quorum". Without it the quorum is not applied: the record cannot
        tell a member present but not voting from an absent one.

    Returns
    -------
    Decision

    Raises
    ------
    ValueError
        Bad body or majority, body mismatch, a permanent vote for a non-permanent
        member, or an SC vote where a "no" could be a veto but the permanent members'
        votes are unknown (pass ``permanent_votes``).

    Examples
    --------
    >>> d = decide(tally(yes=93, no=18, abstain=65), body="GA")
    >>> d.outcome, d.required, d.margin
    ('adopted', 56, 37)
    >>> print(d.explanation)  # doctest: +NORMALIZE_WHITESPACE
    Adopted: 93 yes against 18 no; a simple majority of the 111 members present and voting
    needs 56. The 65 abstentions do not count.
    >>> decide(tally(yes=13, no=1, abstain=1), body="SC", permanent_votes={"USA": "no"}).vetoed_by
    ('USA',)
    """
    t = tally_or_votes if isinstance(tally_or_votes, Tally) else tally(tally_or_votes)
    b = check_body(body)
    if b is not None and t.body is not None and b != t.body:
        which = f" ({t.symbol})" if t.symbol else ""
        msg = f"`body` {body!r} does not match the tally, a {t.body} vote{which}."
        raise ParameterError(msg)
    b = b or t.body or "GA"
    d = iso_date(date) or t.date
    majority = check_majority(majority)
    if members is not None and (isinstance(members, bool) or not isinstance(members, int) or members < 1):
        msg = f"`members` {members!r} must be a positive whole number (the size of the body)."
        raise ParameterError(msg)
    if b != t.body or d != t.date:
        t = dataclasses.replace(t, body=b, date=d)
    if members is not None and t.total > members:
        msg = f"{t.total} votes is more than the {members} members given in `members`; check the counts."
        raise ParameterError(msg)
    if permanent_votes:
        t = with_permanent_votes(t, permanent_votes)
    if present is not None and b == "SC":
        msg = "`present` applies to the General Assembly quorum; the Security Council has no quorum rule."
        raise ParameterError(msg)
    if b == "GA":
        if procedural:
            msg = (
                "`procedural` applies to the Security Council; "
                "the General Assembly's majorities do not depend on it."
            )
            raise ParameterError(msg)
        return _decide_ga(t, majority, members, present)
    if majority != "simple":
        msg = (
            "`majority` 'two-thirds' applies to the General Assembly; the Security Council needs 9 yes votes."
        )
        raise ParameterError(msg)
    return _decide_sc(t, procedural)


def with_permanent_votes(t: Tally, permanent_votes: Mapping[str, str]) -> Tally:
    """A Council tally with the permanent members' votes added to the votes entered.

    Parameters
    ----------
    t : Tally
        A Security Council tally (counts, and possibly some votes by country).
    permanent_votes : mapping
        Permanent member (code or name) -> vote, e.g. ``{"USA": "no"}``.

    Returns
    -------
    Tally
        The same counts with those votes entered; ``partial`` says whether the entered
        votes still fall short of the counts.

    Raises
    ------
    ValueError
        A General Assembly tally, a code that is not a permanent member on the tally's
        date, a vote that contradicts the record, or a vote for a member absent from a
        complete record.

    Examples
    --------
    >>> t = with_permanent_votes(tally(yes=13, no=1, abstain=1, body="SC"), {"USA": "no", "GBR": "abstain"})
    >>> t.by_country, t.partial
    ({'GBR': 'abstain', 'USA': 'no'}, True)
    """
    if t.body != "SC":
        msg = "`permanent_votes` apply to the Security Council; this is a General Assembly vote."
        raise ParameterError(msg)
    p5 = permanent_members(t.date)
    known = t.by_country
    for country, vote in dict(permanent_votes).items():
        code = country_code(country, "permanent_votes")
        label = vote_label(vote, f"`permanent_votes` vote of {code}")
        if code not in p5:
            when = f" on {t.date}" if t.date else ""
            msg = (
                f"`permanent_votes` gives a vote for {code} ({countries.name_of(code)}), which is not a "
                f"permanent member{when}; the permanent members are {sorted(p5)}."
            )
            raise ParameterError(msg)
        if code in known and known[code] != label:
            msg = f"`permanent_votes` says {code} voted {label!r} but the record says {known[code]!r}."
            raise ParameterError(msg)
        if code not in known and t.votes and not t.partial:
            msg = (
                f"`permanent_votes` gives a vote for {code}, which has no vote in this complete record "
                f"({', '.join(sorted(known))})."
            )
            raise ParameterError(msg)
        known[code] = label
    counted = dict.fromkeys(VOTES, 0)
    for v in known.values():
        counted[v] += 1
    partial = any(counted[k] != getattr(t, k) for k in VOTES)
    return dataclasses.replace(t, votes=tuple(known.items()), partial=partial)


def _names(codes, date: str | None) -> str:
    """Names for a sentence; RUS before 25 December 1991 is the Soviet Union's seat."""
    return join_names(codes, ussr=date is not None and date < USSR_SEAT_CHANGE)


def _dont_count(t: Tally) -> str:
    parts = []
    if t.abstain:
        parts.append(plural(t.abstain, "abstention"))
    if t.absent:
        parts.append(plural(t.absent, "member", "members") + " not voting")
    if not parts:
        return ""
    verb = "does" if len(parts) == 1 and (t.abstain + t.absent) == 1 else "do"
    return f" The {' and '.join(parts)} {verb} not count."


def _decide_ga(t: Tally, majority: str, members: int | None, present: int | None) -> Decision:
    p = t.present_and_voting
    if majority == "simple":
        required = p // 2 + 1
        adopted = t.yes > t.no
    else:
        required = max(1, math.ceil(2 * p / 3))
        adopted = t.yes >= 2 * t.no and t.yes >= 1
    notes = [t.note] if t.partial else []
    n_members = members or (GA_MAX_MEMBERS if t.date is not None and t.date >= GA_193_SINCE else None)
    quorum = n_members // 2 + 1 if n_members else None
    if present is not None:
        if isinstance(present, bool) or not isinstance(present, int) or present < t.present:
            msg = (
                f"`present` {present!r} must be a whole number of members at least the {t.present} "
                "recorded voting yes, no or abstaining."
            )
            raise ParameterError(msg)
        if n_members is not None and present > n_members:
            msg = f"`present` {present} is more than the {n_members} members."
            raise ParameterError(msg)
    if quorum is None:
        notes.append(
            "Quorum not checked: the number of members on this date is not on file "
            "(pass `members=` to check it)."
        )
    elif present is None and t.present < quorum:
        notes.append(
            f"Only {t.present} members are recorded voting yes, no or abstaining, fewer than the quorum of "
            f"{quorum} (rule 67); members present but not voting are not in the record, so the quorum is "
            "not applied (pass `present=` if the number present is known)."
        )
    kind = "a simple majority" if majority == "simple" else "a two-thirds majority"
    base = f"{t.yes} yes against {t.no} no; {kind} of the {p} members present and voting needs {required}"
    if quorum is not None and present is not None and present < quorum:
        outcome, adopted = "failed: no quorum", False
        text = (
            f"Failed, no quorum: only {present} members were present, but a majority of "
            f"the {n_members} members ({quorum}) must be present for a decision (rule 67)."
        )
    elif adopted:
        outcome = "adopted"
        text = f"Adopted: {base}.{_dont_count(t)}"
    else:
        outcome = "rejected"
        if p == 0:
            text = "Rejected: no member voted yes or no, so there is no majority for the text."
        elif t.yes == t.no and majority == "simple":
            text = f"Rejected: {base}. A tied vote is a rejection (rule 95).{_dont_count(t)}"
        else:
            text = f"Rejected: {base}, {required - t.yes} short.{_dont_count(t)}"
    return Decision(
        adopted=adopted,
        outcome=outcome,
        required=required,
        margin=t.yes - required,
        vetoed_by=(),
        explanation=text,
        body="GA",
        majority=majority,
        procedural=False,
        permanent_no=(),
        quorum=quorum,
        notes=tuple(notes),
        tally=t,
    )


def _decide_sc(t: Tally, procedural: bool) -> Decision:
    early = t.date is not None and t.date < SC_ENLARGED
    threshold = 7 if early else 9
    notes = [t.note] if t.partial else []
    if t.date is None:
        notes.append("No date given: the rules of the 15-member Council (9 votes) are assumed.")
    elif t.votes and sc_members(t.date) is None:
        notes.append(
            f"Elected members not checked: the Council's composition in {t.date[:4]} is not on file "
            "(data/sc_members.yaml); only the permanent seats were checked."
        )
    p5 = permanent_members(t.date)
    known = t.by_country
    p5_votes = {c: v for c, v in known.items() if c in p5}
    p5_no = tuple(sorted(c for c, v in p5_votes.items() if v == "no"))
    seats_known = {p5[c] for c in p5_votes}
    unknown_no = t.no - sum(1 for v in known.values() if v == "no")
    size = "11-member Council before 1966" if early else "Council"
    counts = f"{plural(t.yes, 'yes', 'yes')}, {plural(t.no, 'no', 'no')}, {plural(t.abstain, 'abstention')}"
    if t.absent:
        counts += f", {plural(t.absent, 'member')} absent"
    not_veto = [c for c, v in p5_votes.items() if v in ("abstain", "absent")]
    tail = ""
    if not_veto:
        abst = sorted(c for c in not_veto if p5_votes[c] == "abstain")
        gone = sorted(c for c in not_veto if p5_votes[c] == "absent")
        bits = []
        if abst:
            bits.append(f"abstention{'s' if len(abst) > 1 else ''} of {_names(abst, t.date)}")
        if gone:
            bits.append(f"absence{'s' if len(gone) > 1 else ''} of {_names(gone, t.date)}")
        many = len(not_veto) > 1
        verdict = "permanent members, are not vetoes" if many else "a permanent member, is not a veto"
        tail = f" The {' and the '.join(bits)}, {verdict}."
    vetoed_by: tuple[str, ...] = ()
    if procedural:
        adopted = t.yes >= threshold
        outcome = "adopted" if adopted else "failed: insufficient votes"
        rule = (
            f"a procedural decision of the {size} needs {threshold} yes votes, and permanent members have "
            "no veto on procedure"
        )
        text = (
            f"Adopted: {counts}; {rule}."
            if adopted
            else f"Failed, insufficient votes: {counts}; {rule}: {threshold - t.yes} short."
        )
    elif t.yes >= threshold:
        if p5_no:
            adopted, outcome, vetoed_by = False, "vetoed", p5_no
            who = (
                f"a permanent member, {_names(p5_no, t.date)}, voted no"
                if len(p5_no) == 1
                else f"permanent members {_names(p5_no, t.date)} voted no"
            )
            text = f"Vetoed: {counts}; the {t.yes} yes votes reach the {threshold} needed, but {who}.{tail}"
        elif unknown_no > 0 and len(seats_known) < 5:
            missing = sorted(set(p5.values()) - seats_known)
            msg = (
                f"{plural(unknown_no, 'no vote')} of this Security Council vote could be a veto, but "
                f"the votes "
                f"of the permanent members {missing} are not known; pass permanent_votes, e.g. "
                "permanent_votes={'USA': 'no', 'FRA': 'yes', ...} (--p5 USA=no,FRA=yes on the command line), "
                "or procedural=True."
            )
            raise ParameterError(msg)
        else:
            adopted, outcome = True, "adopted"
            text = (
                f"Adopted: {counts}; a substantive decision of the {size} needs {threshold} yes votes and no "
                f"'no' from a permanent member.{tail}"
            )
    else:
        adopted, outcome = False, "failed: insufficient votes"
        text = (
            f"Failed, insufficient votes: {counts}; a substantive decision of the {size} needs {threshold} "
            f"yes votes, {threshold - t.yes} short."
        )
        if p5_no:
            text += (
                f" The no of {_names(p5_no, t.date)}, a permanent member{'s' if len(p5_no) > 1 else ''}, "
                "is not a veto: the draft did not have the votes anyway."
            )
        text += tail
    return Decision(
        adopted=adopted,
        outcome=outcome,
        required=threshold,
        margin=t.yes - threshold,
        vetoed_by=vetoed_by,
        explanation=text,
        body="SC",
        majority="simple",
        procedural=procedural,
        permanent_no=p5_no,
        quorum=None,
        notes=tuple(notes),
        tally=t,
    )
