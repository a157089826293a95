"""双随机 rules, pure: the verifiable draw (`drawing`, standard library only) and the rules around it
(`inspection`: item lists, credit classes, joint visits, caps, deadlines, result categories).

Callers use `rules.<name>`: the public names of both modules are re-exported here. The draw's module is
called `drawing` (not `draw`) so that `rules.draw` is unambiguously the draw function.
"""

from zhengwu.inspections.rules.drawing import (
    CREDIT_CLASSES,
    FORMAT,
    MIN_PER_OBJECT,
    RISKS,
    Assignment,
    Draw,
    DrawError,
    InspectionObject,
    Inspector,
    NoFairDraw,
    Policy,
    Spec,
    Stream,
    Verification,
    allocate,
    candidates,
    canonical_bytes,
    check_inputs,
    commitment_of,
    draw,
    from_payload,
    ineligibility,
    payload,
    quota,
    seed_bytes,
    seed_sha256,
    to_fraction,
    verify,
)
from zhengwu.inspections.rules.inspection import (
    DEFAULT_POLICY,
    ItemTask,
    Problem,
    RuleError,
    Visit,
    already_covered,
    cap_status,
    effective_class,
    ineligibility_labels,
    item_in_force,
    item_problems,
    merge_joint,
    message,
    publication_due,
    publication_status,
    refuse,
    result_code,
    result_problems,
    task_item_problem,
    verification_message,
    with_joint_departments,
)

__all__ = [
    "CREDIT_CLASSES", "DEFAULT_POLICY", "FORMAT", "MIN_PER_OBJECT", "RISKS", "Assignment", "Draw", "DrawError",
    "InspectionObject", "Inspector", "ItemTask", "NoFairDraw", "Policy", "Problem", "RuleError", "Spec", "Stream", "Verification",
    "Visit", "allocate", "already_covered", "candidates", "canonical_bytes", "cap_status", "check_inputs",
    "commitment_of", "draw", "effective_class", "from_payload", "ineligibility", "ineligibility_labels",
    "item_in_force", "item_problems", "merge_joint", "message", "payload", "publication_due", "publication_status", "refuse",
    "quota", "result_code", "result_problems", "seed_bytes", "seed_sha256", "task_item_problem", "to_fraction",
    "verification_message", "verify", "with_joint_departments",
]
