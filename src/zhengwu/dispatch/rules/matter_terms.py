"""The terms of 同一事项，一次办理 (item 32) that the app's configuration reads without loading the
matcher: the thresholds' defaults and the ledger actions (rules.matters is the matcher itself)."""

from enum import StrEnum

#: The defaults of every threshold (the setting DISPATCH_MATTER_THRESHOLDS overrides them key by key;
#: rules.matters.merged_thresholds checks the overrides).
MATTER_THRESHOLDS = {
    "same_matter": 0.35,  # a report joins a matter from this score
    "suggest": 0.2,  # the intake shows earlier cases from this score
    "auto_merge": 0.6,  # the intake merges by itself from this score (shown as automatic)
    "window_days": 90,  # reports farther apart in time are never one matter (open and recently closed cases)
    "radius_m": 300,  # two points farther apart are never one matter
    "char_weight": 0.5,  # text: character n-grams vs words
    "place_bonus": 0.2,  # a shared place word (or two points within the radius)
    "place_penalty": 0.1,  # both name places, none shared
    "linkage": 0.7,  # a report's score with a matter: best member vs mean of the members
    "max_candidates": 5,  # suggestions shown at intake
    "candidate_pool": 400,  # at most this many recent cases are compared at intake (newest first)
}
INTEGER_THRESHOLDS = frozenset({"window_days", "radius_m", "max_candidates", "candidate_pool"})


class MatterAction(StrEnum):
    MERGED = "dispatch.matter.merged"  # a case was merged into its master case (by hand or automatically)
    REPORTER_REPLIED = "dispatch.matter.reporter_replied"  # a merged case's reporter got the master's reply
    SUPPORTED = "dispatch.matter.supported"  # a citizen added support (+1) to a public case
    PUBLISHED = "dispatch.matter.published"  # a dispatcher opened a case to public support (or closed it)


MATTER_ACTION_LABELS = {
    MatterAction.MERGED: "合并为同一事项", MatterAction.REPORTER_REPLIED: "向合并反映人回复",
    MatterAction.SUPPORTED: "群众附议", MatterAction.PUBLISHED: "公开征集附议",
}
