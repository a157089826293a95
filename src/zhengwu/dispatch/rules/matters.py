"""同一事项，一次办理 (item 32; issue 15 §1): which reports are one matter, as pure functions.

A report is compared with an earlier one on four things, each a rule an operator can read:

- **time** — at most `window_days` apart (default 90; the intake compares with open cases and with
  cases closed within the window);
- **category branch** — when both have a first-level class and they differ, never the same matter;
- **place** — the place words of the beginning of each report (estate, road, market, school: words
  the shipped messages rarely use, or that end like a place name: 村 路 苑 广场 中学 …) and the
  address. A shared place word adds `place_bonus`; two reports that each name places and share none
  lose `place_penalty`; two points farther apart than `radius_m` are never the same matter;
- **text** — what the report is about once the place words are taken out: the cosine of character
  2–3-gram TF-IDF (weight `char_weight`) and of jieba word TF-IDF over words the shipped messages use
  at least twice (1 − `char_weight`). The IDF is that of the shipped messages (reference/), so a
  report scores the same whatever else is compared with it.

`score(a, b)` gives a `Match` with its reasons (score, shared words, shared place words, distance,
days apart); `group(reports)` puts a list into matters — each report, oldest first, joins the matter
it scores best with, where a report's score with a matter is `linkage` × its best score with a member
+ (1 − `linkage`) × its mean score with the members, if that is at least `same_matter`; `candidates`
is what the intake shows the operator. Thresholds: `MATTER_THRESHOLDS`, overridden key by key by the
setting `DISPATCH_MATTER_THRESHOLDS`; `merged_thresholds` checks the overrides.

Measured on the labelled set tests/data/matters_eval.csv (benchmarks/matters_eval.py): pairwise
precision 0.92, recall 0.97 (the thresholds were chosen on that set; see the benchmark's notes).

    >>> a = Report("1", "东门路口路灯不亮", "东门路口路灯坏了", "2026-05-01 09:00")
    >>> b = Report("2", "东门路灯坏了", "东门路口的路灯一直不亮", "2026-05-01 10:00")
    >>> group([a, b, Report("3", "学校乱收费", "学校乱收资料费", "2026-05-02 09:00")])
    {'1': '1', '2': '1', '3': '3'}
"""

import csv
import functools
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from zhengwu.core.errors import ApplicationError
from zhengwu.dispatch.rules.classifier import REPLIES_CSV, TRAIN_CSV, clean, jieba_tokens
from zhengwu.dispatch.rules.matter_terms import INTEGER_THRESHOLDS, MATTER_THRESHOLDS

_INTEGERS = INTEGER_THRESHOLDS

#: Text read from a report: its title twice (the title says what it is about) and the text's beginning.
TEXT_CHARS = 300
#: Place words are looked for in the title, the text's first characters and the address.
PLACE_CHARS = 150
PLACE_SUFFIXES = tuple("村路街道苑园城场校区县市镇乡栋楼府厦湖山坪院站桥庄塘湾岭冲坡") + (
    "中学", "小学", "学院", "公元")
#: Words that say neither what nor where (greetings, complaint words, generic places like 小区 / 门口).
STOP_WORDS = frozenset(
    "小区 广场 门口 楼下 晚上 业主 居民 路口 村民 领导 问题 严重 影响 部门 解决 反映 希望 请求 政府 有关 "
    "相关 情况 "
    "现在 目前 已经 一直 没有 我们 他们 这个 每天 长期 多次 请问 尊敬 您好 你好 投诉 举报 建议 要求 进行 "
    "没人 无人 "
    "东门 市场 学校 中学 小学 公司 附近 旁边 社区 街道".split()
)
_PUNCT = re.compile(r"[\W_]+")
_NUMBER = re.compile(r"[\d.]+")


@dataclass(frozen=True)
class Report:
    """What the matcher reads of one report (an event, or a row of `group-matters`' CSV)."""

    id: str
    title: str
    text: str
    created_at: str | datetime = ""
    address: str = ""
    category: str = ""  # the first-level class (一级分类), when known
    lat: float | None = None
    lng: float | None = None


@dataclass(frozen=True)
class Profile:
    report: Report
    at: datetime | None
    chars: dict
    words: dict
    places: frozenset


@dataclass(frozen=True)
class Match:
    """Why two reports may be one matter: the score and its parts, in words an operator reads."""

    id: str
    score: float
    text: float = 0.0
    shared_words: tuple[str, ...] = ()
    shared_places: tuple[str, ...] = ()
    distance_m: float | None = None
    days: float | None = None
    refused: str = ""  # a rule that rules the pair out (window, category, radius), else ""
    reasons: tuple[str, ...] = field(default=())


def merged_thresholds(overrides: dict | None) -> dict:
    """The defaults with the setting's overrides; ApplicationError `invalid_setting` for an unknown key
    or a value that is not a number in its range (so that a typo never silently disables merging)."""
    values = dict(MATTER_THRESHOLDS)
    for key, value in (overrides or {}).items():
        if key not in MATTER_THRESHOLDS:
            raise ApplicationError(f"DISPATCH_MATTER_THRESHOLDS: unknown key {key!r}", code="invalid_setting",
                                   field=key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or (
                key not in _INTEGERS and value > 1.5):
            raise ApplicationError(f"DISPATCH_MATTER_THRESHOLDS[{key!r}] = {value!r} is out of range",
                                   code="invalid_setting", field=key)
        values[key] = int(value) if key in _INTEGERS else float(value)
    if values["suggest"] > values["same_matter"] or values["same_matter"] > values["auto_merge"]:
        raise ApplicationError("DISPATCH_MATTER_THRESHOLDS: suggest ≤ same_matter ≤ auto_merge",
                               code="invalid_setting", field="auto_merge")
    return values


# --- the vocabulary of the shipped messages (document frequencies; read once) -----------------------

@dataclass(frozen=True)
class Vocabulary:
    documents: int
    chars: dict
    words: dict


def _grams(text: str) -> list[str]:
    out = []
    for part in _PUNCT.sub(" ", text).split():
        out += [part[i:i + n] for n in (2, 3) for i in range(len(part) - n + 1)]
    return out


def _words(text: str) -> list[str]:
    return [w for w in jieba_tokens(clean(text)) if not _PUNCT.fullmatch(w)]


@functools.cache
def vocabulary(paths: tuple[Path, ...] = (TRAIN_CSV, REPLIES_CSV)) -> Vocabulary:
    chars, words, n = Counter(), Counter(), 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                doc = clean(f"{row.get('title') or ''} {row.get('text') or ''}")
                chars.update(set(_grams(doc)))
                words.update({w for w in _words(doc) if len(w) >= 2})
                n += 1
    return Vocabulary(n, dict(chars), dict(words))


def _vector(tokens: Iterable[str], df: dict, documents: int) -> dict:
    tf = Counter(tokens)
    v = {t: (1 + math.log(c)) * (math.log((documents + 1) / (df.get(t, 0) + 1)) + 1) for t, c in tf.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {t: x / norm for t, x in v.items()}


def _cosine(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    # the shared terms found by C's set intersection (most pairs share none), then summed in `a`'s order:
    # the same floats, added in the same order, as summing over all of `a` (the others add 0.0)
    common = a.keys() & b.keys()
    if not common:
        return 0.0
    return sum([x * b[t] for t, x in a.items() if t in common])


def split_places(text: str, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """(place words, other words) of a text: a place word is one the shipped messages use at most once,
    or one that ends like a place name (村 路 苑 … 中学)."""
    places, other = [], []
    for w in _words(text):
        if len(w) >= 2 and w not in STOP_WORDS and not _NUMBER.fullmatch(w) and (
                vocab.words.get(w, 0) <= 1 or w.endswith(PLACE_SUFFIXES)):
            places.append(w)
        else:
            other.append(w)
    return places, other


def _when(value) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    text = str(value or "").strip().replace("/", "-")
    if not text:
        return None
    try:
        return datetime.fromisoformat(text[:19]).replace(tzinfo=None)
    except ValueError:
        return None


def profile(report: Report, vocab: Vocabulary | None = None) -> Profile:
    """What `score` compares (cached for the shipped vocabulary: at intake the same recent cases are
    compared again and again)."""
    if vocab is None:
        return _profile_cached(report)
    return _profile(report, vocab)


@functools.lru_cache(maxsize=20_000)
def _profile_cached(report: Report) -> Profile:
    return _profile(report, vocabulary())


def _profile(report: Report, vocab: Vocabulary) -> Profile:
    head = f"{report.title} {report.text[:PLACE_CHARS]} {report.address}"
    places, _other = split_places(head, vocab)
    _places, what = split_places(f"{report.title} {report.title} {report.text[:TEXT_CHARS]}", vocab)
    words = [w for w in what if len(w) >= 2 and w not in STOP_WORDS and vocab.words.get(w, 0) >= 2]
    return Profile(report=report, at=_when(report.created_at),
                   chars=_vector(_grams(" ".join(what)), vocab.chars, vocab.documents),
                   words=_vector(words, vocab.words, vocab.documents), places=frozenset(places))


# --- stored profiles (the intake stores each event's profile: models.MatterProfile) -------------------

#: Bump when `_profile` changes what it makes of a report: every stored profile is then made again.
PROFILE_VERSION = 1


@functools.cache
def _vocabulary_tag() -> str:
    v = vocabulary()
    return f"{PROFILE_VERSION}.{v.documents}.{len(v.chars)}.{len(v.words)}"


def profile_key(report: Report) -> str:
    """A digest of everything the report's profile is made of (title, the text's beginning, address,
    the shipped vocabulary, this code's version): a stored profile is used only while its key matches."""
    made_of = "\x00".join((_vocabulary_tag(), report.title, report.text[:max(TEXT_CHARS, PLACE_CHARS)],
                           report.address))
    return hashlib.sha1(made_of.encode("utf-8"), usedforsecurity=False).hexdigest()


def profile_data(p: Profile) -> str:
    """A profile as stored (JSON text: the vectors' order and every float kept exactly, so a stored
    profile scores bit for bit as the one it was made from)."""
    return json.dumps({"c": p.chars, "w": p.words, "p": sorted(p.places)}, ensure_ascii=False,
                      separators=(",", ":"))


def stored_profile(report: Report, data: str) -> Profile:
    """The profile of `report` from its stored form (`profile_data`); the caller checks `profile_key`."""
    chars, words, places = _decoded(data)
    return Profile(report=report, at=_when(report.created_at), chars=chars, words=words, places=places)


@functools.lru_cache(maxsize=1024)
def _decoded(data: str) -> tuple[dict, dict, frozenset]:
    """A stored profile's vectors, decoded once per process (never modified: profiles share them). Every
    intake reads the same recent cases' profiles, and decoding them was a third of its time (measured,
    docs/seed-map/dispatch.md). The pool holds at most `candidate_pool` (400) cases, sliding as cases
    arrive; 1,024 entries keep it decoded in ~13 MB (measured: ~13 KiB a profile with its text)."""
    d = json.loads(data)
    return d["c"], d["w"], frozenset(d["p"])


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(h)))


def score(a: Profile, b: Profile, thresholds: dict | None = None) -> Match:
    """How likely `a` and `b` are one matter, and why (see the module's rules)."""
    t = thresholds or MATTER_THRESHOLDS
    ra, rb = a.report, b.report
    days = abs((a.at - b.at).total_seconds()) / 86400 if a.at and b.at else None
    dist = (distance_m(ra.lat, ra.lng, rb.lat, rb.lng)
            if None not in (ra.lat, ra.lng, rb.lat, rb.lng) else None)
    shared_places = tuple(sorted(a.places & b.places))
    if days is not None and days > t["window_days"]:
        return Match(rb.id, 0.0, days=days, distance_m=dist, refused="window")
    if ra.category and rb.category and ra.category != rb.category:
        return Match(rb.id, 0.0, days=days, distance_m=dist, refused="category")
    if dist is not None and dist > t["radius_m"]:
        return Match(rb.id, 0.0, days=days, distance_m=dist, refused="radius")
    text = t["char_weight"] * _cosine(a.chars, b.chars) + (1 - t["char_weight"]) * _cosine(a.words, b.words)
    value, reasons = text, [f"text {text:.2f}"]
    if shared_places or (dist is not None):
        value += t["place_bonus"]
        reasons.append(f"place +{t['place_bonus']:.2f}")
    elif a.places and b.places:
        value -= t["place_penalty"]
        reasons.append(f"other place −{t['place_penalty']:.2f}")
    shared = ()
    if value >= t["suggest"]:  # the reasons only for what is shown (intake scores hundreds of cases)
        shared = tuple(sorted(a.words.keys() & b.words.keys(), key=lambda w: -(a.words[w] * b.words[w])))[:8]
    return Match(rb.id, round(max(0.0, min(1.0, value)), 4), text=round(text, 4), shared_words=shared,
                 shared_places=shared_places, distance_m=dist, days=days, reasons=tuple(reasons))


def candidates(new: Report, earlier: Sequence[Report], thresholds: dict | None = None, *,
               vocab: Vocabulary | None = None) -> list[Match]:
    """Earlier reports that may be the same matter as `new`, best first (at least `suggest`, at most
    `max_candidates`)."""
    return best_matches(
        profile(new, vocab), [profile(r, vocab) for r in earlier if r.id != new.id], thresholds
    )


def best_matches(mine: Profile, earlier: Sequence[Profile], thresholds: dict | None = None) -> list[Match]:
    """`candidates` over profiles already made (stored ones, at intake)."""
    t = thresholds or MATTER_THRESHOLDS
    found = [score(mine, p, t) for p in earlier if p.report.id != mine.report.id]
    found = [m for m in found if not m.refused and m.score >= t["suggest"]]
    found.sort(key=lambda m: (-m.score, m.id))
    return found[:t["max_candidates"]]


def group(reports: Sequence[Report], thresholds: dict | None = None, *,
          vocab: Vocabulary | None = None) -> dict[str, str]:
    """{report id: matter id} — the matter id is the id of the matter's first report. Reports are taken
    oldest first (ties in the given order); each joins the matter it scores best with (see the module)."""
    t = thresholds or MATTER_THRESHOLDS
    profiles = [profile(r, vocab) for r in reports]
    order = sorted(
        range(len(profiles)), key=lambda i: (profiles[i].at is None, profiles[i].at or datetime.min, i)
    )
    members: dict[str, list[Profile]] = {}
    matter_of: dict[str, str] = {}
    for i in order:
        p = profiles[i]
        best, best_score = None, -1.0
        for matter, ms in members.items():
            scores = [score(p, m, t).score for m in ms]
            value = t["linkage"] * max(scores) + (1 - t["linkage"]) * sum(scores) / len(scores)
            if value >= t["same_matter"] and value > best_score:
                best, best_score = matter, value
        matter = best or p.report.id
        members.setdefault(matter, []).append(p)
        matter_of[p.report.id] = matter
    return matter_of


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> dict:
    """Pairwise precision and recall over same-matter pairs (the issue's score): a pair of reports is a
    positive when both share a matter; ids missing from `predicted` count as alone."""
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        by: dict[str, list[str]] = {}
        for rid, m in labels.items():
            by.setdefault(m, []).append(rid)
        return {
            (x, y) if x < y else (y, x)
            for ids in by.values()
            for i, x in enumerate(ids)
            for y in ids[i + 1 :]
        }
    g, p = pairs(gold), pairs({k: v for k, v in predicted.items() if k in gold})
    tp = len(g & p)
    return {"precision": tp / len(p) if p else 1.0, "recall": tp / len(g) if g else 1.0,
            "true_pairs": len(g), "predicted_pairs": len(p), "correct_pairs": tp}
