#!/usr/bin/env python3
"""Train the packaged NER model ``kg/models/ner-crf.crfsuite`` from CLUENER2020 train.

    .venv/bin/python scripts/train_ner.py [--train ../shared/benchmarks/ner/cluener_train.jsonl]

CLUENER's ten fine-grained labels do not follow the People's Daily 1998 conventions that
newskg's PER/LOC/ORG follow, so each record is converted first (:func:`convert`):

* ``name`` → PER.
* ``organization``, ``company``, ``government`` → ORG, except a country + generic head
  (美国政府, 日本警方) — People's Daily tags only the country, as LOC — and a span made of
  common words alone (政府, 监管部门, 海军), which names no particular organisation.  A
  foreign state body keeps its country (美国国防部 is one ORG, as in People's Daily).
* ``address`` → LOC, but split: CLUENER marks whole postal addresses (北京市海淀区中关村
  大街27号), People's Daily each place name in them.  Known places (the place lexicon)
  and names ending in an administrative or street suffix become LOC; house numbers,
  buildings and the like are left out.
* ``scene`` → LOC only for natural features (mountains, rivers, lakes, islands ...);
  parks, museums and landmarks are not place names there.
* ``position``, ``book``, ``game``, ``movie`` → nothing.
* CLUENER leaves many country and city names unannotated (中国 in about half of its
  occurrences) and never marks one-character abbreviations (中美, 京津).  Outside every
  annotated span, :func:`kg.ner.lexicon_mentions` — the rule the tagger applies after the
  CRF too — adds lexicon places and organisations, abbreviation runs and the names their
  context gives (访华, 李老师, 墨美两国), as LOC / ORG / PER.
* Last, :func:`kg.ner.settle_place_heads` — again the tagger's own rule — applies the
  "place + word" conventions: 美国政府 → 美国, 古巴代表团 one ORG, 海湾地区 → 海湾 ...

``--augment N`` (default 2) adds N copies of every sentence with each entity swapped for
another of its type (:class:`MentionPool`), so that the CRF learns contexts and lexicon
features rather than CLUENER's few hundred clubs, banks and game studios.  L1 0.1 / L2 0.5
(stronger L2 than crfsuite's usual 0.01 generalises better to other text); kg/models/README.md
records how these were chosen.

Everything is deterministic: records are used in file order, the augmentation draws from a
seeded generator, crfsuite's L-BFGS has no random state.  The same command on the same
data and lexicons writes a byte-identical model.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.ner import (  # noqa: E402  (the path above makes the checkout importable)
    FEATURE_VERSION,
    MODEL_NAME,
    EntitySpan,
    Gazetteer,
    PlaceHeads,
    char_features,
    fold_width,
    lexicon_mentions,
    settle_place_heads,
)
from kg.resources import read_table  # noqa: E402
from kg.segment import Segmenter, Token, default_segmenter  # noqa: E402

DEFAULT_TRAIN = REPO.parent / "shared" / "benchmarks" / "ner" / "cluener_train.jsonl"
DEFAULT_OUTPUT = REPO / "kg" / "models" / MODEL_NAME

ORG_LABELS = {"organization", "company", "government"}
# Heads that turn a country into "its government / army / police", which People's Daily
# does not bracket as an organisation name.
GENERIC_HEADS = ("政府", "当局", "军方", "警方", "方面", "军队")
# Common nouns CLUENER marks as organisations (政府, 警方, 监管部门, 市政府): they name no
# particular organisation, so People's Daily leaves them untagged.  An optional level or
# qualifier may stand before them.
GENERIC_ORG = re.compile(
    r"(?:市|省|区|县|镇|乡|地方|中央|当地|有关|相关|各级|各地|国家)?"
    r"(?:[\u4e00-\u9fff]{0,4}(?:部门|机关|机构)"
    r"|政府|人民政府|法院|检察院|警方|军方|警察|部队|军队|海军|空军|陆军|公安|派出所|警局"
    r"|邮局|俱乐部|商会|协会|行业协会|联赛|部委|中央|银行|公司|集团|企业|学校|医院)"
)
# Administrative units and streets that end a place name inside an address ...
PLACE_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "地区", "街道", "大街", "大道", "胡同",
    "省", "市", "区", "县", "州", "旗", "盟", "镇", "乡", "村", "路", "街", "巷", "道",
)
# ... unless the name is an ordinary word that happens to end in one (超市 is a shop, 小区 a
# housing estate, 景区 a park).
NOT_PLACE_ENDINGS = (
    "超市", "城市", "都市", "股市", "楼市", "车市", "夜市", "门市", "社区", "小区", "园区", "景区",
    "城区", "市区", "郊区", "街区", "辖区", "片区", "新区", "商圈", "道路", "马路", "公路", "铁路",
)
# A suffix character that starts another word instead (市场, 区域, 旗舰).
SUFFIX_WORDS = ("市场", "市民", "区域", "路口", "路段", "街头", "旗舰", "村民", "县城", "道路")
MAX_PLACE = 8
# Natural features: the scene spans People's Daily would call place names.
NATURAL_SUFFIX = tuple("山江河湖海岛湾洋峡岭峰川溪泉原漠谷洲礁滩")
BUILDING_WORDS = (
    "大厦", "中心", "广场", "酒店", "饭店", "宾馆", "花园", "小区", "公寓", "楼", "店", "馆",
    "场", "市", "院", "室", "厅", "站", "口", "门", "中", "内", "外", "旁", "边", "附近",
)


def read_cluener(path: Path) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    """Records as (text, [(start, end_exclusive, cluener_label)])."""
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = rec["text"]
                spans = [
                    (s, e + 1, label)
                    for label, mentions in rec.get("label", {}).items()
                    for offsets in mentions.values()
                    for s, e in offsets
                ]
            except (ValueError, KeyError, TypeError) as exc:
                raise SystemExit(f"{path}:{lineno}: not a CLUENER record: {exc}") from exc
            yield text, sorted(spans)


def _suffixed_place(sub: str, p: int, stop: int) -> int:
    """End of the longest ``name + place suffix`` starting at ``p`` (0 when there is none)."""
    best = 0
    for q in range(p + 2, min(stop, p + MAX_PLACE) + 1):
        ch = sub[q - 1]
        if not ("\u4e00" <= ch <= "\u9fff") or ch == "的":
            break
        piece = sub[p:q]
        if (
            piece.endswith(PLACE_SUFFIXES)
            and not piece.endswith(NOT_PLACE_ENDINGS)
            and sub[q - 1 : q + 1] not in SUFFIX_WORDS
        ):
            best = q
    return best


def split_address(text: str, s: int, e: int, gaz: Gazetteer) -> list[tuple[int, int]]:
    """The place names inside the address ``text[s:e]``, as absolute offsets.

    An address reads from the largest unit down (美国加州安纳海姆会议中心, 北京市朝阳区东三环
    南路23号): take known places and suffixed names one after another from its start, and
    stop at the first piece that is neither (a building, a number, a description).
    """
    sub = fold_width(text[s:e])
    known = {a: b for a, b, _ in gaz.place_spans(sub)}
    # Places starting inside a suffixed name cut it short: 中国北京市 is 中国 + 北京市.
    starts = sorted(known)
    pieces = []
    p = 0
    while p < len(sub):
        if p in known:
            end = known[p]
        else:
            stop = next((a for a in starts if a > p), len(sub))
            end = _suffixed_place(sub, p, stop)
        if not end:
            break
        pieces.append((p, end))
        p = end
    if not pieces and not known:
        # A bare name (三里屯, 西西里, 阿纳海姆): keep it when it looks like a place name
        # and not like a building, a number or a description.
        if (
            2 <= len(sub) <= 6
            and not sub.endswith(BUILDING_WORDS)
            and re.fullmatch(r"[\u4e00-\u9fff·]+", sub)
        ):
            pieces.append((0, len(sub)))
    return [(s + a, s + b) for a, b in pieces]


def convert(
    text: str,
    spans: list[tuple[int, int, str]],
    tokens: list[Token],
    gaz: Gazetteer,
    stats: Counter,
    heads: PlaceHeads,
) -> list[tuple[int, int, str]]:
    """PER/LOC/ORG spans for one CLUENER record; see the module docstring."""
    n = len(text)
    out: list[tuple[int, int, str]] = []
    annotated = [False] * n
    for s, e, label in spans:
        annotated[s:e] = [True] * (e - s)
        surface = fold_width(text[s:e])
        if label == "name":
            out.append((s, e, "PER"))
        elif label in ORG_LABELS:
            places = gaz.place_spans(surface)
            head = next((h for h in GENERIC_HEADS if surface.endswith(h)), None)
            if head and places and places[0] == (0, len(surface) - len(head), "country"):
                # 美国政府 → 美国/LOC 政府
                out.append((s, e - len(head), "LOC"))
                stats["org→place+generic"] += 1
            elif GENERIC_ORG.fullmatch(surface) and not places and not gaz.org_spans(surface):
                stats["org dropped (common noun)"] += 1
            else:
                out.append((s, e, "ORG"))
        elif label == "address":
            pieces = split_address(text, s, e, gaz)
            stats["address pieces"] += len(pieces)
            stats["address spans"] += 1
            out.extend((a, b, "LOC") for a, b in pieces)
        elif label == "scene":
            places = gaz.place_spans(surface)
            whole_place = len(places) == 1 and places[0][:2] == (0, len(surface))
            if surface.endswith(NATURAL_SUFFIX) or whole_place:
                out.append((s, e, "LOC"))
                stats["scene→LOC"] += 1
            else:
                stats["scene dropped"] += 1
        elif label == "position":
            # Titles are not entities, but 美国总统 holds a place, found below.
            annotated[s:e] = [False] * (e - s)
    # Lexicon completion of what CLUENER left unannotated (the rule the tagger applies too).
    for s, e, kind in lexicon_mentions(text, tokens, gaz, default_segmenter().dictionary_tag):
        if not any(annotated[s:e]):
            out.append((s, e, kind))
            annotated[s:e] = [True] * (e - s)
            stats[f"added {kind} from lexicon"] += 1
    kept: list[tuple[int, int, str]] = []
    taken = [False] * n
    for s, e, typ in sorted(out, key=lambda x: (x[0], x[0] - x[1])):
        if any(taken[s:e]):
            stats["overlap dropped"] += 1
            continue
        taken[s:e] = [True] * (e - s)
        kept.append((s, e, typ))
    # The tagger's own "place + word" conventions (美国政府 → 美国, 古巴代表团 → one ORG).
    settled = settle_place_heads(
        text, [EntitySpan(*k) for k in kept], tokens, gaz, heads, default_segmenter().dictionary_tag
    )
    stats["settled by place heads"] += len(set(settled) ^ {EntitySpan(*k) for k in kept})
    for sp in settled:
        stats[sp.type] += 1
    return [tuple(sp) for sp in settled]


def bioes(n: int, spans: list[tuple[int, int, str]]) -> list[str]:
    """Character labels for non-overlapping spans."""
    labels = ["O"] * n
    for s, e, typ in spans:
        if e - s == 1:
            labels[s] = f"S-{typ}"
        else:
            labels[s] = f"B-{typ}"
            labels[s + 1 : e - 1] = [f"I-{typ}"] * (e - s - 2)
            labels[e - 1] = f"E-{typ}"
    return labels


class MentionPool:
    """Replacement mentions for augmentation (one more copy of each sentence with entities).

    Swapping every entity for another of its type keeps the context and changes the name,
    so the CRF learns from contexts and lexicon features instead of memorising CLUENER's
    names (a handful of banks, football clubs and game companies).  Replacements are
    drawn from the lexicons and from CLUENER's own mentions; Chinese person names are
    recombined from lexicon surnames (weighted by rank) and CLUENER's given names.
    """

    def __init__(self, gaz: Gazetteer, seen: dict[str, list[str]], seed: int = 1998) -> None:
        self.rng = random.Random(seed)
        self.seen = {k: sorted(set(v)) for k, v in seen.items()}
        by_level: dict[str, list[str]] = {}
        for name, level in sorted(gaz.lexicons["loc"].entries.items()):
            by_level.setdefault(level, []).append(name)
        self.places = [by_level[k] for k in sorted(by_level)]
        self.orgs = sorted(gaz.lexicons["org"].entries)
        self.suffixes = sorted(
            suf for suf, sub in gaz.lexicons["suf"].entries.items() if sub.endswith(".no") and len(suf) > 1
        )
        ranks = {row["surname"]: int(row["rank"]) for row in read_table("surnames.tsv")}
        self.surnames = sorted(ranks)
        self.surname_weights = [1 / ranks[s] for s in self.surnames]
        given = set()
        for name in self.seen.get("PER", []):
            for k in (2, 1):
                if name[:k] in ranks and 1 <= len(name) - k <= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", name):
                    given.add(name[k:])
                    break
        self.given = sorted(given)

    def draw(self, typ: str) -> str:
        r = self.rng.random()
        if typ == "PER":
            if r < 0.7 and self.given:
                surname = self.rng.choices(self.surnames, self.surname_weights)[0]
                return surname + self.rng.choice(self.given)
            return self.rng.choice(self.seen["PER"])
        if typ == "LOC":
            if r < 0.7:
                return self.rng.choice(self.rng.choice(self.places))
            return self.rng.choice(self.seen["LOC"])
        if r < 0.35:
            return self.rng.choice(self.orgs)
        if r < 0.7:
            # A place and an organisation suffix: 杭州市 + 人民政府, 云南 + 大学.
            return self.rng.choice(self.rng.choice(self.places)) + self.rng.choice(self.suffixes)
        return self.rng.choice(self.seen["ORG"])

    def replace(self, text: str, spans: list[tuple[int, int, str]]) -> tuple[str, list[tuple[int, int, str]]]:
        parts, new_spans, pos, shift = [], [], 0, 0
        for s, e, typ in spans:
            name = self.draw(typ)
            parts.append(text[pos:s])
            parts.append(name)
            start = s + shift
            new_spans.append((start, start + len(name), typ))
            shift += len(name) - (e - s)
            pos = e
        parts.append(text[pos:])
        return "".join(parts), new_spans


def _tokens(seg: Segmenter, text: str) -> list[Token]:
    tokens = seg.fast_tag(text)
    if sum(t.end - t.start for t in tokens) != len(text):
        tokens = [Token(ch, i, i + 1, "x") for i, ch in enumerate(text)]
    return tokens


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="CLUENER train JSON Lines")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="model file to write")
    ap.add_argument("--lexicons", type=Path, default=None, help="lexicon directory (default: packaged)")
    ap.add_argument("--c1", type=float, default=0.1, help="L1 penalty (prunes features)")
    ap.add_argument("--c2", type=float, default=0.5, help="L2 penalty")
    ap.add_argument("--max-iterations", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=2, help="crfsuite feature.minfreq")
    ap.add_argument(
        "--augment", type=int, default=2, help="extra copies with every entity replaced (see MentionPool)"
    )
    ap.add_argument("--dump", type=Path, default=None, help="also write the converted data (char TAB label)")
    args = ap.parse_args(argv)

    import pycrfsuite

    t0 = time.perf_counter()
    gaz = Gazetteer.from_lexicons(args.lexicons)
    heads = PlaceHeads.load(args.lexicons)
    seg = default_segmenter()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.max_iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    stats: Counter = Counter()
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    converted = []
    for text, spans in read_cluener(args.train):
        tokens = _tokens(seg, text)
        converted.append((text, tokens, convert(text, spans, tokens, gaz, stats, heads)))
    seen: dict[str, list[str]] = {}
    for text, _, spans in converted:
        for s, e, typ in spans:
            seen.setdefault(typ, []).append(text[s:e])
    pool = MentionPool(gaz, seen)

    def add(text: str, tokens: list[Token], spans: list[tuple[int, int, str]]) -> None:
        labels = bioes(len(text), spans)
        trainer.append(char_features(text, tokens, gaz), labels)
        stats["sentences"] += 1
        if dump:
            dump.write("".join(f"{c}\t{lab}\n" for c, lab in zip(text, labels)) + "\n")

    for text, tokens, spans in converted:
        add(text, tokens, spans)
    for _ in range(args.augment):
        for text, _tokens_, spans in converted:
            if spans:
                new_text, new_spans = pool.replace(text, spans)
                add(new_text, _tokens(seg, new_text), new_spans)
                stats["augmented"] += 1
    if dump:
        dump.close()
    t1 = time.perf_counter()
    print(f"features extracted in {t1 - t0:.1f}s (feature version {FEATURE_VERSION})", file=sys.stderr)
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value}", file=sys.stderr)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.output))
    iterations = trainer.logparser.iterations
    last = iterations[-1] if iterations else {}
    print(
        f"trained in {time.perf_counter() - t1:.1f}s, {last.get('num', '?')} iterations, "
        f"loss {last.get('loss', '?')}; wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
