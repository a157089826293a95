"""The residents' council (§四(三), §五, §七(四)): configurable quorum and majority, paper votes count."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from zhengwu.microprojects import standard as std
from zhengwu.microprojects.rules.errors import RuleError, _yuan

# --- Residents' council (§四(三), §五, §七(四) 罗湖十条议事规则) ---------------------------------------

MAJORITY_BASES = ("votes_cast", "present", "members")


@dataclass(frozen=True)
class CouncilRules:
    """A community's rules of procedure. Defaults: quorum more than half of the members; a motion passes
    when the votes for are more than half of the votes cast (for + against; a tie fails)."""

    quorum: Fraction = std.COUNCIL_QUORUM
    quorum_inclusive: bool = False  # False: more than quorum × members; True: at least
    majority: Fraction = std.COUNCIL_MAJORITY
    majority_base: str = "votes_cast"  # votes_cast / present / members
    majority_inclusive: bool = False

    def __post_init__(self):
        if not (0 < self.quorum <= 1 and 0 < self.majority < 1 and self.majority_base in MAJORITY_BASES):
            raise ValueError(f"invalid council rules: {self}")


@dataclass(frozen=True)
class Tally:
    """Attendance and votes from one channel (the meeting's show of hands, paper forms, online)."""

    present: int
    yes: int
    no: int
    abstain: int = 0


@dataclass(frozen=True)
class CouncilDecision:
    passed: bool
    scope: str  # "project" or, where the experts set the amount, "feasibility" only
    members: int
    present: int
    yes: int
    no: int
    abstain: int
    amount: Decimal | None  # the amount decided: the experts' where they set it


def _exceeds(count: int, share: Fraction, base: int, inclusive: bool) -> bool:
    return count >= share * base if inclusive else count > share * base


def council_decision(*, members: int, tallies: Iterable[Tally], rules: CouncilRules = CouncilRules(),
                     experts_set_amount: bool = False, expert_amount: Decimal | None = None,
                     council_amount: Decimal | None = None) -> CouncilDecision:
    """The council's decision from every channel's tally (paper votes count in attendance and in votes).
    No quorum → refused; where the experts set the amount the council decides feasibility only."""
    tallies = list(tallies)
    for t in tallies:
        counts = (t.present, t.yes, t.no, t.abstain)
        if (
            any(not isinstance(c, int) or isinstance(c, bool) or c < 0 for c in counts)
            or t.yes + t.no + t.abstain > t.present
        ):
            raise RuleError("council.invalid_counts", _(
                "票数不合理：出席 %(present)s 人，赞成 %(yes)s、反对 %(no)s、弃权 %(abstain)s") % vars(t))
    present = sum(t.present for t in tallies)
    yes, no, abstain = (sum(getattr(t, k) for t in tallies) for k in ("yes", "no", "abstain"))
    if not isinstance(members, int) or members <= 0 or present > members:
        raise RuleError(
            "council.invalid_counts",
            _("出席人数 %(present)s 不能超过议事会成员数 %(members)s")
            % {"present": present, "members": members},
        )
    if not _exceeds(present, rules.quorum, members, rules.quorum_inclusive):
        share = rules.quorum * members
        needed = math.ceil(share) if rules.quorum_inclusive else math.floor(share) + 1
        raise RuleError(
            "council.no_quorum",
            _("出席 %(present)s 人，未达到法定人数 %(needed)s 人（议事会成员 %(members)s 人）：不能作出决定")
            % {"present": present, "needed": needed, "members": members},
        )
    if experts_set_amount:
        if expert_amount is None:
            raise RuleError(
                "council.expert_amount_missing",
                _("本项目金额由专家评审会议评定，尚无专家评定的金额（§四(三)）"),
            )
        if council_amount is not None and council_amount != expert_amount:
            raise RuleError(
                "council.amount_set_by_experts",
                _(
                    "本项目金额由专家评审会议评定为 %(amount)s 元，议事会只评议实施的可行性，不能改为 "
                    "%(council)s 元（§四(三)）"
                )
                % {"amount": _yuan(expert_amount), "council": _yuan(council_amount)},
            )
    base = {"votes_cast": yes + no, "present": present, "members": members}[rules.majority_base]
    passed = base > 0 and _exceeds(yes, rules.majority, base, rules.majority_inclusive)
    return CouncilDecision(
        passed=passed,
        scope="feasibility" if experts_set_amount else "project",
        members=members,
        present=present,
        yes=yes,
        no=no,
        abstain=abstain,
        amount=expert_amount if experts_set_amount else council_amount,
    )
