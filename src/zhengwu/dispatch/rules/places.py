"""Where an event lies: street and community from its address text (the gazetteer) or its coordinates
(boundary polygons), as pure functions over plain values."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a name (street, community, road, estate) that lies in a street/community."""

    name: str
    street_code: str
    community_code: str = ""
    kind: str = "estate"


@dataclass(frozen=True)
class Location:
    street_code: str = ""
    community_code: str = ""
    matched: str = ""
    streets_mentioned: tuple[str, ...] = ()


def locate(text: str, gazetteer: Iterable[Place]) -> Location:
    """Street and community from address text.

    Names found in the text are grouped: a name that lies in one street is precise; a name listed
    under several streets (a long road) is not. The longest precise name decides street and
    community (names that lie in a community before street names); `streets_mentioned` lists the
    streets of the precise names (or, with none, of the long roads) — more than one means the event
    crosses streets.

    >>> locate("罗湖区鹿丹村小区门口", [Place("鹿丹村", "GY", "GY-LDC")]).community_code
    'GY-LDC'
    """
    text = text or ""
    by_name: dict[str, list[Place]] = {}
    for p in gazetteer:
        if p.name and p.name in text:
            by_name.setdefault(p.name, []).append(p)
    if not by_name:
        return Location()
    precise = [ps[0] for ps in by_name.values() if len({p.street_code for p in ps}) == 1]
    # a shorter name inside a longer one found ("草埔" in "草埔东村") is not a separate mention
    precise = [p for p in precise if not any(p.name != o.name and p.name in o.name for o in precise)]
    if not precise:
        streets = tuple(
            dict.fromkeys(p.street_code for name in sorted(by_name, key=text.find) for p in by_name[name])
        )
        return Location(matched="、".join(by_name), streets_mentioned=streets)
    precise.sort(key=lambda p: (not p.community_code, -len(p.name)))  # names inside a community first
    best = precise[0]
    community = best.community_code or next(
        (p.community_code for p in precise if p.community_code and p.street_code == best.street_code), "")
    streets = tuple(dict.fromkeys(p.street_code for p in sorted(precise, key=lambda p: text.find(p.name))))
    return Location(street_code=best.street_code, community_code=community, matched=best.name,
                    streets_mentioned=streets)


def point_in_polygon(lng: float, lat: float, polygon: Sequence[Sequence[float]]) -> bool:
    """Ray casting: whether (lng, lat) lies inside polygon [[lng, lat], ...]."""
    inside, n = False, len(polygon)
    for i in range(n):
        x1, y1 = polygon[i][0], polygon[i][1]
        x2, y2 = polygon[(i + 1) % n][0], polygon[(i + 1) % n][1]
        if (y1 > lat) != (y2 > lat) and lng < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside
