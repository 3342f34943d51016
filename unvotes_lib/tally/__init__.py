"""Tallies and the voting rules of the General Assembly and the Security Council.

A :class:`Tally` holds the counts of one roll call (yes, no, abstain, absent) and,
where known, each member's vote; :func:`decide` applies the rules of the body and
returns a :class:`Decision` that says whether the text passed and why, in plain
English. :func:`what_if` replays a vote with some votes changed and :func:`pivotal`
lists the switches that would have changed the result.

The rules (``../shared/DOMAIN.md`` sections 1-2)
-------------------------------------------------
General Assembly (Charter Art. 18, rules of procedure 67, 83-88, 95)
    Decisions need a majority of the members *present and voting*: members casting
    yes or no (r.86). Abstentions and members not voting do not count. A simple
    majority is ``yes > no`` (a tie fails, r.95); a two-thirds majority, for
    important questions, is ``yes >= 2 * no``, the same as
    ``yes >= ceil(2 * (yes + no) / 3)``. With nobody voting yes or no nothing is
    adopted (at least one yes vote is required). Quorum (r.67): a majority of the
    members must be present. A record cannot prove a member absent (a member
    present but not voting is recorded as non-voting, like an absent one), so the
    quorum decides the outcome only when the number of members present is given
    (``present=``); otherwise the members recorded voting yes, no or abstaining are
    a lower bound, and a decision notes when that bound is below the quorum. The
    number of members is known from 14 July 2011 (193) or given as ``members=``.
Security Council (Charter Art. 27)
    Nine affirmative votes (seven of eleven members for votes before 1966).
    Procedural matters: nine votes, no veto. Other matters: nine votes and no "no"
    from a permanent member (a veto). A permanent member's abstention or absence
    is not a veto, and neither is its "no" on a draft that lacks nine yes votes:
    that draft failed for insufficient votes (the "no" is reported separately).

Membership checks
-----------------
General Assembly: the counts may not exceed the number of members (193, the most
the UN has ever had; ``members=`` for another number). Country codes must be known
codes (:func:`unvotes_lib.countries.resolve`), and a state whose seat had ended
(:data:`SEAT_ENDED`: ``SUN``, ``TWN``, ``DDR``, ``YMD``, ``CSK``, ``YUG``, ``SCG``,
``ZAN``) cannot vote after that day, in either body. Admission dates are not on
file: a vote by a state before it joined is not caught.

Security Council: at most 15 votes (11 before 1966). Permanent members are known
for every date: ``CHN`` (``TWN`` held China's seat before 25 October 1971), ``FRA``,
``GBR``, ``USA`` and ``RUS`` (``SUN`` for the USSR's seat before 25 December 1991,
where ``RUS`` is also accepted because the package files the USSR's votes under
Russia by default). The elected members are checked for the years listed in
``data/sc_members.yaml`` (2011, 2014 and 2021-2026, see :func:`sc_members`); for
any other year only the permanent seats are checked and the decision carries a
note saying that the elected members were not checked.

Modules, one concern each
-------------------------
:mod:`~unvotes_lib.tally.values` (dates, bodies, vote labels, codes checked once),
:mod:`~unvotes_lib.tally.membership` (seats by date), :mod:`~unvotes_lib.tally.record`
(:class:`Tally`, :func:`tally`), :mod:`~unvotes_lib.tally.rules` (:class:`Decision`,
:func:`decide`), :mod:`~unvotes_lib.tally.changes` (the ``"FRA=no, yes->no=38"``
language: :func:`parse_votes`), :mod:`~unvotes_lib.tally.scenarios` (:func:`what_if`,
:func:`pivotal`) and :mod:`~unvotes_lib.tally.outcomes` (:func:`decisions`). Every
public name is importable from ``unvotes_lib.tally``; ``unvotes_lib.tally`` is this
package (``uv.tally.tally(...)`` counts a roll call).
"""

from .changes import apply_changes, parse_votes
from .membership import SEAT_ENDED, permanent_members, sc_members
from .outcomes import decisions
from .record import Tally, tally
from .rules import OUTCOMES, Decision, decide
from .scenarios import pivotal, what_if
from .values import MAJORITIES, VOTES

__all__ = [
    "MAJORITIES",
    "OUTCOMES",
    "SEAT_ENDED",
    "VOTES",
    "Decision",
    "Tally",
    "apply_changes",
    "decide",
    "decisions",
    "parse_votes",
    "permanent_members",
    "pivotal",
    "sc_members",
    "tally",
    "what_if",
]
