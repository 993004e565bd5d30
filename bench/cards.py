#!/usr/bin/env python3
"""What a share card costs to draw (issue 25): N cards from varied claims, timed one by one.

    python bench/cards.py                    # 1,000 cards, seed 1
    python bench/cards.py --count 5000 --seed 2 --save /tmp/cards   # and write them out to look at
    python bench/cards.py --without png --without glyphs            # what each speed-up buys

The claims mix what a build meets: short and long English, French with accents and guillemets,
Arabic naming "DeepSeek" and "$6 million" (right to left), Hebrew, a few claims far too long for
the card, retracted checks, with and without a byline; English and Arabic claims name made-up
labs, so that words new to the caches keep coming as in a real archive. Printed: the first card (fonts loading and
every cache empty: what a build worker pays once), then per card over the rest: wall-clock mean,
median, p95 and max, CPU time (process_time) in all and per card, the PNG sizes, and the median
per kind of claim. Last, two worst cases the mix hides: an Arabic card whose every word is new to
the word cache, and a Latin card in a face whose glyphs are all new.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EN_SUBJECTS = ["DeepSeek", "The company", "Its R1 model", "A Chinese lab", "The V3 report", "OpenAI",
               "Nvidia's chief executive", "Analysts at SemiAnalysis", "The startup", "A viral post"]
EN_VERBS = ["trained", "spent", "claimed", "used", "needed", "built", "rented", "bought", "reported"]
EN_REST = ["its R1 model for just $6 million", "about 2,048 H800 GPUs for two months",
           "a fraction of what OpenAI spent on GPT-4", "no export-controlled chips at all",
           "50,000 Hopper GPUs, worth more than $1.6 billion", "2.788M GPU-hours at $2 an hour",
           "the whole cluster in 57 days", "more than $500 million on hardware over its history",
           "“the cheapest frontier model ever made”", "a model that matches o1 on every benchmark"]
FR = ["DeepSeek a entraîné son modèle pour seulement 6 millions de dollars, selon « Le Monde ».",
      "Ça coûte à peine 5,6 M$ : l'été dernier, les GPU H800 étaient déjà très chers.",
      "L'entreprise affirme qu'elle n'a utilisé aucune puce soumise à des contrôles à l'exportation.",
      "Le coût réel dépasse 1,6 milliard de dollars si l'on compte les serveurs déjà achetés."]
AR_WORDS = ["ادعت", "شركة", "DeepSeek", "أنها", "دربت", "نموذجها", "R1", "بمبلغ", "6", "ملايين", "دولار",
            "فقط", "وهو", "جزء", "صغير", "مما", "أنفقته", "OpenAI", "على", "تدريب", "النموذج", "الصيني",
            "الجديد", "$6 million", "رقائق", "H800", "خلال", "شهرين", "التكلفة", "الحقيقية", "أعلى", "بكثير"]
HE = ["דיפסיק אימנה את המודל R1 שלה ב-6 מיליון דולר בלבד.",
      "החברה טוענת שלא השתמשה בשבבים הכפופים לפיקוח על יצוא."]
KINDS = ("english-short", "english-long", "french", "arabic", "hebrew", "very-long", "retracted")
WEIGHTS = (30, 20, 15, 15, 5, 5, 10)


def english(rng: random.Random, sentences: int) -> str:
    """Sentences from the lists above, each naming a made-up lab and a figure: a real archive's
    claims share their common words but not all of them, so the caches of words miss too."""
    return " ".join(f"{rng.choice(EN_SUBJECTS)} {rng.choice(EN_VERBS)} {rng.choice(EN_REST)}, "
                    f"{name(rng, 'bcdfghklmnprstvz', 'aeiou').title()} says {rng.randint(2, 999)}.{rng.randint(0, 9)}%."
                    for _ in range(sentences))


def name(rng: random.Random, consonants: str, vowels: str) -> str:
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))


def cards(count: int, seed: int) -> list[tuple[str, object]]:
    from site_gen.cards import CardText

    rng = random.Random(seed)
    verdicts = [("Misleading", "#b45309"), ("False", "#b91c1c"), ("Accurate", "#15803d"),
                ("Missing context", "#a16207"), ("Mostly accurate", "#4d7c0f")]
    out = []
    for i in range(count):
        kind = rng.choices(KINDS, WEIGHTS)[0]
        label, colour = rng.choice(verdicts)
        card = CardText(claim="", verdict=label, colour=colour, badge_text="#ffffff", site="DeepSeek Facts",
                        date=f"{rng.randint(1, 28)} February 2025", byline=rng.choice(["", "By Jane Doe", "By Li Wei"]))
        if kind == "english-short":
            card = replace(card, claim=english(rng, 1))
        elif kind == "english-long":
            card = replace(card, claim=english(rng, rng.randint(3, 6)))
        elif kind == "french":
            card = replace(card, claim=rng.choice(FR) + f" ({i})", verdict="Trompeur", site="Les faits",
                           date=f"{rng.randint(1, 28)} février 2025", byline=rng.choice(["", "Par Zoé Lefèvre"]))
        elif kind == "arabic":
            words = " ".join(rng.choice(AR_WORDS) for _ in range(rng.randint(8, 30)))
            words += " " + " ".join(name(rng, "بتثجحخدذرزسشصضطظعغفقكلمنهوي", "اوي") for _ in range(2))
            card = replace(card, claim=words + ".", verdict="مضلل", site="حقائق ديب سيك", direction="rtl",
                           date=f"{rng.randint(1, 28)} فبراير 2025", byline=rng.choice(["", "بقلم جين دو"]))
        elif kind == "hebrew":
            card = replace(card, claim=rng.choice(HE) + f" {i}", verdict="מטעה", site="עובדות", direction="rtl",
                           date=f"{rng.randint(1, 28)} בפברואר 2025", byline="")
        elif kind == "very-long":
            card = replace(card, claim=english(rng, 20)[:2000])
        else:
            card = replace(card, claim=english(rng, rng.randint(1, 3)),
                           retracted="Retracted: this fact-check was withdrawn")
        out.append((kind, card))
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="cards to draw (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", type=Path, help="write the cards as PNG files into this folder")
    parser.add_argument("--without", choices=("png", "glyphs"), action="append", default=[],
                        help="what a speed-up buys: 'png' saves each card with Image.save (compress_level=1) "
                             "instead of png.py's splicing; 'glyphs' draws every run through raqm (cached by "
                             "word) instead of glyph by glyph")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    import site_gen.cards as cards_module
    from site_gen.cards import draw_card
    imported = time.perf_counter() - started
    for speedup in args.without:
        without(speedup)
    work = cards(args.count, args.seed)

    wall: list[float] = []
    per_kind: dict[str, list[float]] = {kind: [] for kind in KINDS}
    sizes: list[int] = []
    first = 0.0
    cpu_started = time.process_time()
    for i, (kind, card) in enumerate(work):
        began = time.perf_counter()
        png = draw_card(card)
        spent = time.perf_counter() - began
        if i == 0:
            first = spent  # cold: fonts, coverage tables, glyph and word caches all filled here
            continue
        wall.append(spent)
        per_kind[kind].append(spent)
        sizes.append(len(png))
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{i:05d}-{kind}.png").write_bytes(png)
    cpu = time.process_time() - cpu_started

    ms = [value * 1000 for value in wall]
    print(f"cards: {args.count} (seed {args.seed}); drawing key {cards_module.drawing_key()[:12]}"
          + (f"; without: {', '.join(args.without)}" if args.without else ""))
    print(f"import site_gen.cards: {imported * 1000:.1f} ms; first card (cold): {first * 1000:.1f} ms")
    print(f"per card, the other {len(ms)}: mean {statistics.fmean(ms):.2f} ms, median {statistics.median(ms):.2f} ms, "
          f"p95 {percentile(ms, 0.95):.2f} ms, max {max(ms):.2f} ms")
    print(f"CPU (process_time), all {args.count} cards: {cpu:.3f} s = {cpu / args.count * 1000:.2f} ms per card")
    print(f"PNG size: mean {statistics.fmean(sizes) / 1024:.1f} KiB, max {max(sizes) / 1024:.1f} KiB")
    for kind in KINDS:
        if per_kind[kind]:
            values = [value * 1000 for value in per_kind[kind]]
            print(f"  {kind:14} {len(values):5} cards  median {statistics.median(values):6.2f} ms  "
                  f"p95 {percentile(values, 0.95):6.2f} ms")
    worst_cases()
    return 0


def without(speedup: str) -> None:
    """Turns one of the package's speed-ups off, to measure what it buys."""
    import io

    from PIL import Image

    from site_gen.cards import glyphs, png

    if speedup == "glyphs":
        glyphs.uses_glyphs = lambda family, text, rtl: False  # type: ignore[assignment]
    else:
        def encode(base, bands, palette):  # the whole card composed, then Image.save
            image = base.image.copy()
            for top, band in bands:
                image.paste(band, (0, top))
            card = Image.frombytes("P", image.size, image.tobytes())
            card.putpalette(palette)
            out = io.BytesIO()
            card.save(out, "PNG", compress_level=1)
            return out.getvalue()
        png.encode = encode


def worst_cases() -> None:
    """The caches emptied before each card: what a card of all-new words or glyphs costs."""
    from site_gen.cards import CardText, draw_card, glyphs, layout

    arabic = CardText(claim="ادعت شركة DeepSeek أنها دربت نموذجها R1 بمبلغ 6 ملايين دولار فقط، وهو جزء صغير "
                            "مما أنفقته OpenAI على تدريب نموذج GPT-4 قبل عامين.",
                      verdict="مضلل", colour="#b45309", badge_text="#ffffff", site="حقائق ديب سيك",
                      date="3 فبراير 2025", direction="rtl")
    latin = CardText(claim=english(random.Random(3), 2), verdict="False", colour="#b91c1c", badge_text="#ffffff",
                     site="DeepSeek Facts", date="3 February 2025")
    arabic_caches = (glyphs.shaped, glyphs.shaped_width, layout.lines)
    latin_caches = (glyphs.glyph_cache, glyphs.placed, layout._ltr_word, layout.lines)
    for name, card, caches in (("Arabic, every word new", arabic, arabic_caches),
                               ("Latin, every glyph new", latin, latin_caches)):
        times = []
        for _i in range(30):
            for cache in caches:
                cache.cache_clear()
            began = time.perf_counter()
            draw_card(card)
            times.append((time.perf_counter() - began) * 1000)
        print(f"worst case, {name}: median {statistics.median(times):.2f} ms (30 cards)")


if __name__ == "__main__":
    sys.exit(main())
