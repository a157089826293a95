"""双随机 — random selection of inspection objects and
inspectors, verifiable by anyone (reform plan item 3)."""
