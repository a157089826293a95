"""好差评: residents rate the outcome of a public service (国办发〔2019〕51号), one shared mechanism.

A system whose public page shows a service outcome (大分拨's case lookup, …) lets the resident rate it
through `services.rating_submit`, naming itself (`system`), the case (`subject`) and the unit that
handled it. The national five levels and tags are data (`standard`); a poor rating (差评) goes to that
unit with a rectification deadline on the working-day calendar, the unit records its rectification on
the 好差评整改 page, and the resident gives a follow-up rating. One rating per case; staff can neither
rate nor change a rating.
"""
