"""The terms of 大数据 (item 35) that the app's configuration reads without loading the analysis: the
defaults of the hotspot terms and the ledger actions (rules.hotspots is the analysis itself)."""

from enum import StrEnum

#: The defaults (the setting DISPATCH_HOTSPOT_TERMS overrides them key by key; rules.hotspots.merged_terms
#: checks the overrides). What each means: rules.hotspots.
HOTSPOT_TERMS = {
    "days": 7,  # the period's length in days (a week)
    "baseline_periods": 4,  # the surge's baseline: mean of this many periods before the period
    "surge_min": 5,  # a cell surges from this many reports in the period
    "surge_ratio": 2.0,  # … and at least this many times its baseline
    "surge_z": 3.0,  # … and this many Poisson standard deviations above it
    "repeat_min": 3,  # an address is listed from this many reports in the period
    "trend_periods": 12,  # periods shown on the trend lines
    "w_volume": 0.4,
    "w_growth": 0.3,
    "w_support": 0.15,
    "w_severity": 0.15,
    "cluster_cells": 3,  # emerging clusters are looked for in this many hottest surging cells
    "cluster_events": 150,  # … among at most this many of each cell's latest reports
    "cluster_min": 3,  # a cluster is shown from this many reports of one matter
}


class HotspotAction(StrEnum):
    TASK_CREATED = "dispatch.hotspot.task_created"  # a hotspot became a 主动治理 task
    TASK_DONE = "dispatch.hotspot.task_done"  # the task's result was recorded
    SUGGESTED = "dispatch.hotspot.suggested"  # a hotspot became a 民生微实事 suggestion
