"""The 双随机 draw — pure, deterministic, and reproducible by anyone with Python.

This module uses Python's standard library only (no Django, no zhengwu imports), so that a citizen can
download this one file and re-run a published draw: `python drawing.py INPUTS.json SEED_HEX [RESULT.json]`.
Errors carry a stable `code`; `rules.py` turns them into Chinese messages for the application.

The procedure (docs/seed-map/inspections.md explains it step by step):

1. **Inputs.** The objects (market entities), the inspectors and the draw's parameters are written as one
   JSON document, the *published inputs* (`payload`): lists sorted by id, the seed replaced by its SHA-256.
2. **Commitment.** `commitment = SHA-256(canonical JSON of the published inputs)`, canonical meaning
   `json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")`.
   It is published before the draw; it binds the lists and the seed without revealing the seed.
3. **Random numbers.** Block k (k = 0, 1, 2, …) is
   `HMAC-SHA256(key=seed, msg=b"zhengwu-draw/1|" + commitment + b"|" + beacon + b"|" + k as 8 bytes
   big-endian)`; `below(n)` takes the first 8 bytes of the next block as an unsigned big-endian integer u,
   rejects it when u ≥ 2**64 − (2**64 mod n) (so every result is equally likely) and otherwise returns u
   mod n. `sample(items, k)` is a partial Fisher–Yates shuffle: for i in 0…k−1, swap items[i] with items[i
   + below(len − i)]; the first k items are the sample. Nothing else is random.
4. **Candidates.** Objects inspected fewer than `exclude_days` days before `on`, or already inspected
   `annual_cap` times this year, are excluded (`excluded` says which and why).
5. **How many.** Per group (one group, or one per credit-risk class with its own ratio):
   n = ceil(ratio × number of candidates), computed exactly with fractions.
6. **Where.** Candidates are stratified by (street, industry, risk). Stratum s gets
   n × w(risk_s) × size_s / Σ w × size; a stratum whose share reaches its size gets all its objects and
   the rest is shared again among the others; then each remaining stratum gets the whole part of its share,
   and the objects still left go one each to the strata with the largest fractional parts (largest
   remainder), ties broken by a random order of the strata drawn first (`sample(strata, len(strata))`).
   Within each stratum (in key order) the objects, sorted by id, are sampled.
7. **Who.** For each drawn object in id order, its eligible inspectors sorted by id (see
   `ineligibility`: never posted in its street, never with it among their declared conflicts, never one who
   inspected it last time, only with a valid 执法证, never a supporting body, only matching fields when
   both sides give them, only from the departments of a joint visit); for a joint visit first one
   inspector per department (sorted), each `pool[below(len(pool))]`; then the rest `sample`d from the
   remaining eligible ones up to `per_object`.
   If any candidate has too few eligible inspectors, there is no fair draw: `NoFairDraw` names it.
"""

import argparse
import hashlib
import hmac
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

FORMAT = "zhengwu-draw/1"
RISKS = ("high", "medium", "low")
CREDIT_CLASSES = ("A", "B", "C", "D")
#: 每个检查对象至少两名执法检查人员.
MIN_PER_OBJECT = 2


class DrawError(ValueError):
    """Bad input for a draw. `code` is stable; `params` name what and where."""

    def __init__(self, code: str, message: str, **params):
        self.code, self.params = code, params
        super().__init__(message)


class NoFairDraw(DrawError):
    """Some candidate objects have too few eligible inspectors; `shortfalls` lists each of them as
    (object id, eligible inspectors, inspectors needed, departments of a joint visit without any)."""

    def __init__(self, shortfalls: Sequence[tuple[str, int, int, tuple[str, ...]]]):
        self.shortfalls = tuple(shortfalls)
        first = self.shortfalls[0]
        super().__init__(
            "no_fair_draw",
            f"no fair draw: object {first[0]} has {first[1]} eligible inspectors, "
            f"needs {first[2]}"
            + (f" (and {len(shortfalls) - 1} more objects)" if len(shortfalls) > 1 else ""),
            objects=[s[0] for s in self.shortfalls],
        )


# --- inputs ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionObject:
    """A market entity that may be drawn."""

    id: str
    street: str
    name: str = ""
    uscc: str = ""
    industry: str = ""
    risk: str = "medium"  # high / medium / low
    credit_class: str = ""  # A–D (effective class, uplifts applied); needed when the spec has class ratios
    last_inspected: date | None = None
    last_inspectors: frozenset[str] = frozenset()
    inspections_this_year: int = 0
    departments: tuple[str, ...] = ()  # a joint visit: the departments whose items it merges


@dataclass(frozen=True)
class Inspector:
    """An enforcement officer who may be drawn."""

    id: str
    unit: str = ""
    street: str = ""  # the street the officer is posted in ("" = none)
    fields: frozenset[str] = frozenset()  # fields of enforcement ("" = not restricted)
    conflicts: frozenset[str] = frozenset()  # object ids with a declared relationship (回避)
    certified: bool = True  # holds an 执法证
    certificate_until: date | None = None  # the 执法证 is valid through this day (None = no end date known)
    support_only: bool = False  # testing body or contractor: may support a check, never carry it out


@dataclass(frozen=True)
class Policy:
    risk_weights: Mapping[str, int]  # positive integer weight per risk level
    exclude_days: int  # objects inspected fewer days than this before `on` are excluded (0 = rule off)
    annual_cap: int  # objects inspected this many times this year are excluded (0 = rule off)


@dataclass(frozen=True)
class Spec:
    per_object: int
    policy: Policy
    ratio: Fraction | None = None  # one ratio for all objects, or …
    class_ratios: Mapping[str, Fraction] | None = None  # … one per credit-risk class (none at zero)
    on: date | None = None  # the day of the draw (needed by the date rules)


def to_fraction(value) -> Fraction:
    """0.1, "0.1", "1/10", Decimal("0.1") and Fraction(1, 10) are all 1/10 (floats by their shortest repr)."""
    try:
        return Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        raise DrawError("ratio_invalid", f"not a ratio: {value!r}", value=str(value)) from None


def seed_bytes(seed: str) -> bytes:
    text = (seed or "").strip().lower()
    if text.startswith("0x"):
        text = text[2:]
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raw = b""
    if not raw or len(text) != 2 * len(raw):
        raise DrawError(
            "seed_invalid",
            f"the seed must be hexadecimal digits, an even number of them: {seed!r}",
            value=seed,
        )
    return raw


def seed_sha256(seed: str) -> str:
    return hashlib.sha256(seed_bytes(seed)).hexdigest()


# --- eligibility -------------------------------------------------------------------------------------------


def ineligibility(inspector: Inspector, obj: InspectionObject, on: date | None = None) -> tuple[str, ...]:
    """Why `inspector` may not inspect `obj` (回避 and qualification); empty when eligible."""
    reasons = []
    if inspector.support_only:
        reasons.append("support_only")
    if not inspector.certified or (inspector.certificate_until is not None
                                   and (on is None or inspector.certificate_until < on)):
        reasons.append("no_certificate")
    if inspector.street and inspector.street == obj.street:
        reasons.append("same_street")
    if obj.id in inspector.conflicts:
        reasons.append("declared_conflict")
    if inspector.id in obj.last_inspectors:
        reasons.append("inspected_last_time")
    if inspector.fields and obj.industry and obj.industry not in inspector.fields:
        reasons.append("field_mismatch")
    if obj.departments and inspector.unit not in obj.departments:
        reasons.append("other_department")
    return tuple(reasons)


class _Eligibility:
    """`ineligibility` for many objects at once: inspectors grouped by the object's (street, industry,
    departments) profile first, then the few per-object exclusions (conflicts, last time) removed."""

    def __init__(self, inspectors: Sequence[Inspector], on: date | None):
        self._on = on
        self._qualified = sorted(
            (i for i in inspectors if not ineligibility(i, _NOBODY, on)), key=lambda i: i.id
        )
        self._by_profile: dict[tuple, list[Inspector]] = {}
        self._conflicted: dict[str, set[str]] = {}
        for i in inspectors:
            for oid in i.conflicts:
                self._conflicted.setdefault(oid, set()).add(i.id)

    def of(self, obj: InspectionObject) -> list[Inspector]:
        key = (obj.street, obj.industry, obj.departments)
        if key not in self._by_profile:
            probe = InspectionObject(
                id="", street=obj.street, industry=obj.industry, departments=obj.departments
            )
            self._by_profile[key] = [i for i in self._qualified if not ineligibility(i, probe, self._on)]
        excluded = self._conflicted.get(obj.id, set()) | obj.last_inspectors
        base = self._by_profile[key]
        return [i for i in base if i.id not in excluded] if excluded else base


#: An object no one conflicts with, in no street and no field: only the inspector's own qualification counts.
_NOBODY = InspectionObject(id="\x00", street="\x00")


# --- published inputs and the commitment -------------------------------------------------------------------


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def object_record(o: InspectionObject) -> dict:
    return {"id": o.id, "name": o.name, "uscc": o.uscc, "street": o.street, "industry": o.industry,
            "risk": o.risk, "credit_class": o.credit_class, "last_inspected": _iso(o.last_inspected),
            "last_inspectors": sorted(o.last_inspectors), "inspections_this_year": o.inspections_this_year,
            "departments": sorted(set(o.departments))}


def inspector_record(i: Inspector) -> dict:
    """Names are not part of the inputs: an inspector is published by id only."""
    return {"id": i.id, "unit": i.unit, "street": i.street, "fields": sorted(i.fields),
            "conflicts": sorted(i.conflicts), "certified": i.certified,
            "certificate_until": _iso(i.certificate_until), "support_only": i.support_only}


def spec_record(spec: Spec) -> dict:
    return {"ratio": None if spec.ratio is None else str(to_fraction(spec.ratio)),
            "class_ratios": None if spec.class_ratios is None else {
                c: str(to_fraction(r)) for c, r in sorted(spec.class_ratios.items())},
            "per_object": spec.per_object, "on": _iso(spec.on),
            "policy": {"risk_weights": dict(sorted(spec.policy.risk_weights.items())),
                       "exclude_days": spec.policy.exclude_days, "annual_cap": spec.policy.annual_cap}}


def payload(objects: Iterable[InspectionObject], inspectors: Iterable[Inspector], spec: Spec,
            seed_hash: str) -> dict:
    """The published inputs: everything the draw depends on, the seed only by its SHA-256."""
    return {"format": FORMAT, "seed_sha256": seed_hash.lower(), "spec": spec_record(spec),
            "objects": [object_record(o) for o in sorted(objects, key=lambda o: o.id)],
            "inspectors": [inspector_record(i) for i in sorted(inspectors, key=lambda i: i.id)]}


def canonical_bytes(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def commitment_of(published_inputs: Mapping) -> str:
    return hashlib.sha256(canonical_bytes(published_inputs)).hexdigest()


def _day(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise DrawError("date_invalid", f"{where}: not a date YYYY-MM-DD: {value!r}", where=where,
                        value=str(value)) from None


def from_payload(published_inputs: Mapping) -> tuple[list[InspectionObject], list[Inspector], Spec]:
    """The draw's inputs back from published inputs (the inverse of `payload`)."""
    p = published_inputs
    if not isinstance(p, Mapping) or p.get("format") != FORMAT:
        raise DrawError("format", f"not published inputs of format {FORMAT}")
    try:
        s = p["spec"]
        spec = Spec(
            per_object=s["per_object"],
            on=_day(s["on"], "spec.on"),
            ratio=None if s["ratio"] is None else to_fraction(s["ratio"]),
            class_ratios=None
            if s["class_ratios"] is None
            else {c: to_fraction(r) for c, r in s["class_ratios"].items()},
            policy=Policy(
                risk_weights=dict(s["policy"]["risk_weights"]),
                exclude_days=s["policy"]["exclude_days"],
                annual_cap=s["policy"]["annual_cap"],
            ),
        )
        objects = [
            InspectionObject(
                id=o["id"],
                name=o["name"],
                uscc=o["uscc"],
                street=o["street"],
                industry=o["industry"],
                risk=o["risk"],
                credit_class=o["credit_class"],
                last_inspected=_day(o["last_inspected"], f"object {o['id']}"),
                last_inspectors=frozenset(o["last_inspectors"]),
                inspections_this_year=o["inspections_this_year"],
                departments=tuple(o["departments"]),
            )
            for o in p["objects"]
        ]
        inspectors = [Inspector(
            id=i["id"], unit=i["unit"], street=i["street"], fields=frozenset(i["fields"]),
            conflicts=frozenset(i["conflicts"]), certified=i["certified"],
            certificate_until=_day(i["certificate_until"], f"inspector {i['id']}"),
            support_only=i["support_only"]) for i in p["inspectors"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise DrawError("format", f"published inputs incomplete: {exc!r}") from None
    return objects, inspectors, spec


# --- checks ------------------------------------------------------------------------------------------------


def _int(value, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def check_inputs(objects: Sequence[InspectionObject], inspectors: Sequence[Inspector], spec: Spec) -> None:
    """Raise `DrawError` for the first input the draw cannot use, naming it."""
    if not _int(spec.per_object, MIN_PER_OBJECT):
        raise DrawError(
            "per_object_min",
            f"per_object must be an integer ≥ {MIN_PER_OBJECT}: {spec.per_object!r}",
            value=spec.per_object,
            minimum=MIN_PER_OBJECT,
        )
    if (spec.ratio is None) == (spec.class_ratios is None):
        raise DrawError("ratio_missing", "give either one ratio or one ratio per credit-risk class")
    ratios = {"": spec.ratio} if spec.ratio is not None else dict(spec.class_ratios)
    for cls, r in ratios.items():
        if cls and cls not in CREDIT_CLASSES:
            raise DrawError("class_unknown", f"unknown credit-risk class {cls!r}", value=cls)
        if not 0 < to_fraction(r) <= 1:
            raise DrawError("ratio_range", f"ratio {r} of {cls or 'all objects'} is not in (0, 1]",
                            value=str(r), group=cls)
    weights = spec.policy.risk_weights
    if set(weights) != set(RISKS) or not all(_int(w, 1) for w in weights.values()):
        raise DrawError("policy_weights", f"risk weights must be positive integers for {', '.join(RISKS)}")
    if not (_int(spec.policy.exclude_days, 0) and _int(spec.policy.annual_cap, 0)):
        raise DrawError("policy_rules", "exclude_days and annual_cap must be integers ≥ 0")
    seen: set[str] = set()
    for o in objects:
        where = f"object {o.id}"
        if not o.id or o.id in seen:
            raise DrawError("object_id", f"{where}: id empty or repeated", object=o.id)
        seen.add(o.id)
        if not o.street:
            raise DrawError("street_missing", f"{where}: no street", object=o.id)
        if o.risk not in RISKS:
            raise DrawError("risk_unknown", f"{where}: risk {o.risk!r} is not one of {', '.join(RISKS)}",
                            object=o.id, value=o.risk)
        if spec.class_ratios is not None and o.credit_class not in spec.class_ratios:
            raise DrawError("class_missing", f"{where}: credit-risk class {o.credit_class!r} has no ratio",
                            object=o.id, value=o.credit_class)
        if not _int(o.inspections_this_year, 0):
            raise DrawError(
                "count_invalid", f"{where}: inspections_this_year must be an integer ≥ 0", object=o.id
            )
        if o.last_inspected is not None and spec.on is None and spec.policy.exclude_days:
            raise DrawError(
                "date_required",
                f"{where} has a last inspection date: the draw needs its day (on)",
                object=o.id,
            )
    seen = set()
    for i in inspectors:
        if not i.id or i.id in seen:
            raise DrawError("inspector_id", f"inspector {i.id}: id empty or repeated", inspector=i.id)
        seen.add(i.id)
        if i.certificate_until is not None and spec.on is None:
            raise DrawError(
                "date_required",
                f"inspector {i.id} has a certificate end date: the draw needs its day (on)",
                inspector=i.id,
            )


# --- the random stream -------------------------------------------------------------------------------------


class Stream:
    """Deterministic random numbers: HMAC-SHA256(seed, prefix ‖ counter), used by rejection sampling."""

    def __init__(self, seed: bytes, commitment: str, beacon: str = ""):
        self._key = seed
        self._prefix = b"zhengwu-draw/1|" + commitment.encode("ascii") + b"|" + beacon.encode("utf-8") + b"|"
        self.counter = 0

    def block(self) -> bytes:
        msg = self._prefix + self.counter.to_bytes(8, "big")
        self.counter += 1
        return hmac.new(self._key, msg, hashlib.sha256).digest()

    def below(self, n: int) -> int:
        """A uniformly distributed integer 0 ≤ r < n."""
        if n < 1:
            raise ValueError("below(n) needs n ≥ 1")
        limit = 2**64 - (2**64 % n)
        while True:
            u = int.from_bytes(self.block()[:8], "big")
            if u < limit:
                return u % n

    def sample(self, items: Sequence, k: int) -> list:
        """k distinct items, by a partial Fisher–Yates shuffle of a copy of `items`."""
        pool = list(items)
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]


# --- the draw ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    object_id: str
    inspectors: tuple[str, ...]


@dataclass(frozen=True)
class Draw:
    commitment: str
    published_inputs: dict
    assignments: tuple[Assignment, ...]
    excluded: tuple[tuple[str, str], ...] = ()  # (object id, "recently_inspected" | "annual_cap")
    warnings: tuple[tuple[str, str], ...] = ()  # (object id, "repeated_check"): already inspected this year
    quotas: Mapping[str, int] = field(default_factory=dict)  # group ("" or class) → objects drawn

    def as_json(self) -> dict:
        """The published result: `{"commitment": …, "objects": [{"id": …, "inspectors": […]}]}`."""
        return {"commitment": self.commitment,
                "objects": [{"id": a.object_id, "inspectors": list(a.inspectors)} for a in self.assignments]}


def quota(size: int, ratio) -> int:
    """ceil(ratio × size), exactly: the share drawn is never below the ratio."""
    r = to_fraction(ratio)
    return math.ceil(r * size)


def allocate(sizes: Mapping, weights: Mapping, n: int, rank: Mapping) -> dict:
    """Share `n` among strata in proportion to weight × size, capped at each stratum's size, largest remainder
    for what is left, ties by `rank` (lower first). Returns stratum → count; the counts add up to n."""
    alloc, open_, remaining = {}, sorted(sizes), n
    shares: dict = {}
    while open_:
        total = sum(weights[k] * sizes[k] for k in open_)
        shares = {k: Fraction(remaining * weights[k] * sizes[k], total) for k in open_}
        full = [k for k in open_ if shares[k] >= sizes[k]]
        if not full:
            break
        for k in full:
            alloc[k] = sizes[k]
            remaining -= sizes[k]
        open_ = [k for k in open_ if k not in alloc]
    for k in open_:
        alloc[k] = math.floor(shares[k])
    left = remaining - sum(alloc[k] for k in open_)
    for k in sorted(open_, key=lambda k: (-(shares[k] - math.floor(shares[k])), rank[k]))[:left]:
        alloc[k] += 1
    return alloc


def _stratified(members: Sequence[InspectionObject], n: int, weights: Mapping[str, int],
                stream: Stream) -> list[InspectionObject]:
    strata: dict[tuple[str, str, str], list[InspectionObject]] = {}
    for o in members:
        strata.setdefault((o.street, o.industry, o.risk), []).append(o)
    keys = sorted(strata)
    rank = {k: r for r, k in enumerate(stream.sample(keys, len(keys)))}
    alloc = allocate({k: len(v) for k, v in strata.items()}, {k: weights[k[2]] for k in keys}, n, rank)
    chosen = []
    for k in keys:
        chosen += stream.sample(sorted(strata[k], key=lambda o: o.id), alloc[k])
    return chosen


def candidates(objects: Iterable[InspectionObject], spec: Spec) -> tuple[list[InspectionObject], list]:
    """(objects that may be drawn, [(object id, reason)] of those excluded by rule), both sorted by id."""
    keep, excluded = [], []
    for o in sorted(objects, key=lambda o: o.id):
        p = spec.policy
        if (
            p.exclude_days
            and o.last_inspected is not None
            and (spec.on - o.last_inspected).days < p.exclude_days
        ):
            excluded.append((o.id, "recently_inspected"))
        elif p.annual_cap and o.inspections_this_year >= p.annual_cap:
            excluded.append((o.id, "annual_cap"))
        else:
            keep.append(o)
    return keep, excluded


def _team(
    obj: InspectionObject, eligible: list[Inspector], per_object: int, stream: Stream
) -> tuple[str, ...]:
    team: list[str] = []
    for dept in sorted(set(obj.departments)):
        pool = [i.id for i in eligible if i.unit == dept]
        team.append(pool[stream.below(len(pool))])
    rest = [i.id for i in eligible if i.id not in team]
    return tuple(team + stream.sample(rest, max(0, per_object - len(team))))


def draw(objects: Iterable[InspectionObject], inspectors: Iterable[Inspector], spec: Spec, seed: str, *,
         beacon: str = "") -> Draw:
    """The draw (see the module's docstring). Same inputs, seed and beacon → same result."""
    objects, inspectors = list(objects), list(inspectors)
    check_inputs(objects, inspectors, spec)
    published = payload(objects, inspectors, spec, seed_sha256(seed))
    commitment = commitment_of(published)
    stream = Stream(seed_bytes(seed), commitment, beacon)
    keep, excluded = candidates(objects, spec)
    eligibility = _Eligibility(inspectors, spec.on)
    eligible = {o.id: eligibility.of(o) for o in keep}
    short = []
    for o in keep:
        units = {i.unit for i in eligible[o.id]} if o.departments else set()
        missing = tuple(d for d in sorted(set(o.departments)) if d not in units)
        needed = max(spec.per_object, len(set(o.departments)))
        if len(eligible[o.id]) < needed or missing:
            short.append((o.id, len(eligible[o.id]), needed, missing))
    if short:
        raise NoFairDraw(short)
    if spec.class_ratios is not None:
        groups = [
            (c, spec.class_ratios[c], [o for o in keep if o.credit_class == c])
            for c in sorted(spec.class_ratios)
        ]
    else:
        groups = [("", spec.ratio, keep)]
    chosen, quotas = [], {}
    for name, ratio, members in groups:
        quotas[name] = quota(len(members), ratio)
        chosen += _stratified(members, quotas[name], spec.policy.risk_weights, stream)
    chosen.sort(key=lambda o: o.id)
    assignments = tuple(Assignment(o.id, _team(o, eligible[o.id], spec.per_object, stream)) for o in chosen)
    warnings = tuple((o.id, "repeated_check") for o in chosen if o.inspections_this_year > 0)
    return Draw(commitment=commitment, published_inputs=published, assignments=assignments,
                excluded=tuple(excluded), warnings=warnings, quotas=quotas)


# --- verification ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    ok: bool
    problems: tuple[tuple[str, str], ...] = ()  # (code, detail)


def verify(
    published_inputs: Mapping, seed: str, published_result: Mapping, *, beacon: str = ""
) -> Verification:
    """Re-run a published draw: the seed matches its published hash, the inputs match the commitment, and the
    draw from them gives exactly the published result."""
    problems = []
    if not isinstance(published_result, Mapping):
        return Verification(False, (("format", "the published result is not a JSON object"),))
    try:
        objects, inspectors, spec = from_payload(published_inputs)
        if seed_sha256(seed) != str(published_inputs.get("seed_sha256", "")).lower():
            problems.append(("seed_mismatch", "SHA-256 of the seed differs from the published seed_sha256"))
        if commitment_of(published_inputs) != published_result.get("commitment"):
            problems.append(
                ("commitment_mismatch", "the published inputs do not hash to the published commitment")
            )
        redone = draw(objects, inspectors, spec, seed, beacon=beacon)
    except DrawError as exc:
        return Verification(False, tuple(problems) + ((exc.code, str(exc)),))
    if redone.commitment != published_result.get("commitment") and not problems:
        problems.append(
            ("commitment_mismatch", "the inputs rebuilt from the published ones hash differently")
        )
    got, published = redone.as_json()["objects"], published_result.get("objects")
    if got != published:
        differ = next(
            (f"{a['id']}: {a['inspectors']}" for a, b in zip(got, published or [], strict=False) if a != b),
            f"{len(got)} objects drawn, {len(published or [])} published",
        )
        problems.append(
            ("result_mismatch", f"the draw gives a different result (first difference: {differ})")
        )
    return Verification(not problems, tuple(problems))


def main(argv: Sequence[str] | None = None) -> int:
    """`python drawing.py INPUTS.json SEED [RESULT.json]
    [--beacon TEXT]`: print the draw, or verify RESULT.json."""
    parser = argparse.ArgumentParser(description="Re-run or verify a published 双随机 draw.")
    parser.add_argument("inputs")
    parser.add_argument("seed")
    parser.add_argument("result", nargs="?")
    parser.add_argument("--beacon", default="")
    args = parser.parse_args(argv)
    with open(args.inputs, encoding="utf-8") as f:
        inputs = json.load(f)
    if args.result is None:
        print(
            json.dumps(
                draw(*from_payload(inputs), args.seed, beacon=args.beacon).as_json(), ensure_ascii=False
            )
        )
        return 0
    with open(args.result, encoding="utf-8") as f:
        result = json.load(f)
    outcome = verify(inputs, args.seed, result, beacon=args.beacon)
    print("verified" if outcome.ok else "\n".join(f"{code}: {detail}" for code, detail in outcome.problems))
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
