#!/usr/bin/env python3
"""Writes N synthetic policy documents from the seeds, for benchmarks.

    bench/generate.py --n 1000 --out /tmp/corpus-1000

Document i is a copy of seed i mod 5 (so the five layouts cycle) moved to
another real city of ontology/gazetteer.csv: the seed's city name, its short
name and the districts it mentions are replaced by the new city's, so the
city is still found the way it was in the seed (000 names no city and is
found by its districts). Numbers followed by a unit (万, %, 张, 元 …) are
scaled by a random factor between 0.7 and 1.3; lists of departments in
responsibility cells (市国土局、规划局、建设局) keep their first name and have
the others shuffled, one of them sometimes dropped. Years, dates, task
numbers and headings are left alone, so every copy still parses.

Copies of one seed get distinct cities until the gazetteer runs out (338
cities: for N up to 5 × 338 = 1690 no two copies of a seed share a city, and
for N up to 338 no two documents do); beyond that cities repeat, as when a
city issues several documents.

Deterministic: the same --n and --seed give the same bytes, whatever
Python's hash seed. Streams: one document in memory at a time. Writes
.manifest.csv (file, seed, city) in the folder (hidden, so `eldergraph
ingest DIR` skips it). Standard library only.
"""

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The city of each seed, and how its text names it.
SEED_CITIES = {
    "000": "南通市",
    "001": "常州市",
    "002": "晋中市",
    "003": "银川市",
    "004": "上海市",
}

CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
PLACE_SUFFIXES = ("自治县", "自治旗", "新区", "矿区", "区", "县", "市", "旗")

# A number followed by a unit: scaled. Years (2020年), dates, task numbers,
# ages (60岁) and headings (1.) have no such unit and are left alone.
QUANTITY = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(?= ?(?:万|亿|%|‰|张|元|个|所|家|名|床|平方米|户|辆|支|项|人次))"
)
# One responsibility body: a short name ending like an organisation.
ORG = re.compile(r"^[^，。；：,\s]{2,16}(局|委|办|部|厅|处|站|所|队|院|中心|政府|管委会|联|会|行|司)(（[^）]{1,8}）)?$")


def short_name(name, suffixes):
    for s in suffixes:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def read_gazetteer(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cities = []
    place_owners = {}
    for r in rows:
        places = [p for p in r["places"].split(";") if p]
        for p in places:
            place_owners.setdefault(p, set()).add(r["city"])
        cities.append((r["city"], places))
    return cities, place_owners


def own_places(city, places, place_owners, all_short):
    """The city's places that only it has, of three characters or more (two-
    character names such as 城区 count for nothing in city detection)."""
    out = [
        p
        for p in places
        if len(p) >= 3 and len(place_owners[p]) == 1 and short_name(p, PLACE_SUFFIXES) not in all_short
    ]
    return out or [p for p in places if len(p) >= 3] or places


def split_items(group):
    """Splits a cell group on 、 outside brackets."""
    items, depth, cur = [], 0, ""
    for c in group:
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
        if c == "、" and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += c
    items.append(cur)
    return items


def perturb_departments(line, rng):
    """Shuffles the names after the first in each 、-list of a cell whose
    every part is a body's name; sometimes drops one of them."""
    lead = line[: len(line) - len(line.lstrip())]
    body = line.strip()
    for prefix in ("配合单位：", "牵头单位：", "责任单位：", "参与单位："):
        if body.startswith(prefix):
            lead += prefix
            body = body[len(prefix):]
            break
    groups = body.split("，")
    changed = False
    for g, group in enumerate(groups):
        items = split_items(group)
        if len(items) < 3 or not all(ORG.match(i) for i in items):
            continue
        rest = items[1:]
        rng.shuffle(rest)
        if len(rest) >= 3 and rng.random() < 0.3:
            rest.pop(rng.randrange(len(rest)))
        groups[g] = "、".join([items[0]] + rest)
        changed = True
    return lead + "，".join(groups) if changed else line


def perturb_number(match, rng):
    text = match.group(1)
    decimals = len(text.split(".")[1]) if "." in text else 0
    value = float(text) * rng.uniform(0.7, 1.3)
    unit = match.string[match.end():match.end() + 1]
    if unit == "%":
        value = min(value, 100.0)
    if decimals == 0:
        return str(max(1, round(value)))
    return f"{max(value, 10 ** -decimals):.{decimals}f}"


def rename(text, seed_city, seed_places, city, places):
    """Moves a text from seed_city to city: full names first, then short names."""
    pairs = [(seed_city, city)]
    # Seed districts → the new city's own places of the same kind (区 for 区,
    # 县 for 县) when it has them, cycling.
    used = {}
    for p in seed_places:
        same = [q for q in places if q[-1] == p[-1]] or places
        k = used.get(p[-1], 0)
        used[p[-1]] = k + 1
        pairs.append((p, same[k % len(same)]))
    for p, q in list(pairs[1:]):
        sp, sq = short_name(p, PLACE_SUFFIXES), short_name(q, PLACE_SUFFIXES)
        if sp != p and len(sp) >= 2:
            pairs.append((sp, sq))
    pairs.append((short_name(seed_city, CITY_SUFFIXES), short_name(city, CITY_SUFFIXES)))
    # One pass with placeholders, so that a replacement is never replaced again.
    for k, (old, _) in enumerate(pairs):
        text = text.replace(old, f"\x00{k}\x00")
    for k, (_, new) in enumerate(pairs):
        text = text.replace(f"\x00{k}\x00", new)
    return text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="how many documents")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    ap.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--gazetteer", type=Path, default=ROOT / "ontology" / "gazetteer.csv")
    args = ap.parse_args()

    cities, place_owners = read_gazetteer(args.gazetteer)
    all_short = {short_name(c, CITY_SUFFIXES) for c, _ in cities}
    by_name = dict(cities)
    seeds = sorted(args.seeds.glob("*.txt"))
    if [s.name[:3] for s in seeds] != sorted(SEED_CITIES):
        sys.exit(f"expected the five seeds 000…004 in {args.seeds}")
    seed_texts = [s.read_text(encoding="utf-8") for s in seeds]
    # The seed city's places the seed mentions, longest first.
    seed_places = []
    for s, text in zip(seeds, seed_texts):
        city = SEED_CITIES[s.name[:3]]
        mentioned = [p for p in by_name[city] if len(p) >= 3 and p in text]
        # Ties in length in the order of the gazetteer: a set's order
        # changes with Python's hash seed, and the bytes must not.
        unique = list(dict.fromkeys(mentioned))
        seed_places.append(sorted(unique, key=len, reverse=True))

    rng = random.Random(args.seed)
    order = list(range(len(cities)))
    rng.shuffle(order)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    with open(args.out / ".manifest.csv", "w", encoding="utf-8", newline="") as mf:
        manifest = csv.writer(mf)
        manifest.writerow(["file", "seed", "city"])
        for i in range(args.n):
            s = i % len(seeds)
            city, places = cities[order[i % len(cities)]]
            doc_rng = random.Random(f"{args.seed}/{i}")
            mine = own_places(city, places, place_owners, all_short)
            doc_rng.shuffle(mine)
            text = rename(
                seed_texts[s], SEED_CITIES[seeds[s].name[:3]], seed_places[s], city, mine
            )
            text = QUANTITY.sub(lambda m: perturb_number(m, doc_rng), text)
            text = "\n".join(
                perturb_departments(l, doc_rng) if "、" in l else l for l in text.split("\n")
            )
            name = f"g{i:05d}_{seeds[s].name[:3]}.txt"
            data = text.encode("utf-8")
            (args.out / name).write_bytes(data)
            total += len(data)
            manifest.writerow([name, seeds[s].name[:3], city])
    print(f"{args.n} documents, {total} bytes in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
