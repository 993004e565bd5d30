"""Share cards (site_gen/cards/): 1200x630 palette PNGs, the same bytes for the same text in any
process, every script drawn with a font that has it, right-to-left text laid out right to left,
a retracted check visibly withdrawn, and a PNG writer whose spliced zlib stream decodes exactly."""
from __future__ import annotations

import hashlib
import io
import random
import struct
import subprocess
import sys
import unicodedata
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

import site_gen.cards.card as card_module
from site_gen.cards import CARD_SIZE, CardText, SiteCardText, draw_card, draw_site_card, drawing_key, glyphs, png
from site_gen.cards.fonts import FAMILIES, LATIN, Style, coverage, families_of, font_path
from site_gen.cards.layout import ELLIPSIS, lines
from site_gen.cards.palette import BANNER_BG, INK, MUTED, PAGE_BG, PAGE_TEXT, mix, rgb, top
from site_gen.colours import contrast

PROJECT = Path(__file__).resolve().parents[1]
ARABIC, HEBREW = FAMILIES.index("NotoSansArabic"), FAMILIES.index("NotoSansHebrew")
ORANGE = "#b45309"

CARD = CardText(claim="DeepSeek trained its R1 model for just $6 million.", verdict="Misleading", colour=ORANGE,
                badge_text="#ffffff", site="DeepSeek Facts", date="3 February 2025", byline="By Jane Doe")
ARABIC_CARD = CardText(claim="ادعت شركة DeepSeek أنها دربت نموذجها R1 بمبلغ $6 million فقط.", verdict="مضلل",
                       colour=ORANGE, badge_text="#ffffff", site="حقائق ديب سيك", date="3 فبراير 2025",
                       byline="بقلم جين دو", direction="rtl")
BADGE_ROWS = (card_module.MARGIN, card_module.MARGIN + card_module.BADGE_HEIGHT)


def pixels(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.convert("RGB")


def exactly(data: bytes, colour: str, rows: tuple[int, int] = (0, 630)) -> tuple[int, tuple[int, int]]:
    """How many pixels within the rows are exactly this colour (the edge strips left out), and
    the leftmost and rightmost x among them ((0, 0) when none)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    colours = image.getpalette() or []
    lut = [255 if tuple(colours[3 * i:3 * i + 3]) == rgb(colour) else 0 for i in range(256)]
    strip = card_module.STRIP
    box = (strip, rows[0], image.width - strip, rows[1])
    mask = Image.frombytes("L", image.size, image.tobytes()).crop(box).point(lut)
    found = mask.getbbox()
    return mask.histogram()[255], (found[0] + strip, found[2] - 1 + strip) if found else (0, 0)


def test_a_card_is_a_1200_by_630_palette_png():
    for data in (draw_card(CARD), draw_card(ARABIC_CARD), draw_site_card(SiteCardText("Facts", "About."))):
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        image = Image.open(io.BytesIO(data))
        image.load()
        assert (image.size, image.mode) == (CARD_SIZE, "P") == ((1200, 630), "P")


def test_the_png_holds_nothing_but_pixels_and_palette():
    data, chunks, at = draw_card(CARD), [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind)
        at += 12 + length
    assert chunks == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]  # no time, no text, no physical size


def test_the_same_card_twice_is_the_same_bytes_and_another_differs():
    first = draw_card(CARD)
    draw_card(replace(CARD, claim="Something else entirely, drawn in between."))
    assert draw_card(CARD) == first
    assert draw_card(replace(CARD, claim=CARD.claim + "!")) != first


def test_a_fresh_process_draws_the_same_bytes():
    """Cold caches (fonts loading, every glyph and word rendered anew) give what warm ones give."""
    for card in (CARD, ARABIC_CARD):  # warm this process's caches with other text first
        draw_card(replace(card, claim=card.claim[::-1]))
    script = (
        "import hashlib, sys\n"
        "from site_gen.cards import CardText, draw_card, drawing_key\n"
        "cards = [CardText(*sys.argv[i:i + 9]) for i in (1, 10)]\n"
        "print(drawing_key(), *(hashlib.sha256(draw_card(card)).hexdigest() for card in cards))\n"
    )
    args = [str(getattr(card, name)) for card in (CARD, ARABIC_CARD) for name in CardText.__dataclass_fields__]
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=PROJECT, capture_output=True, text=True,
                            check=True)
    expected = [drawing_key()] + [hashlib.sha256(draw_card(card)).hexdigest() for card in (CARD, ARABIC_CARD)]
    assert result.stdout.split() == expected


def test_the_badge_shows_the_verdict_colour_at_the_start_edge():
    data = draw_card(CARD)
    count, (left, right) = exactly(data, ORANGE, BADGE_ROWS)
    assert count > 5000  # a badge of ~270 x 76 px, most of it the colour
    assert left == card_module.MARGIN and right < 600
    assert exactly(data, "#ffffff", BADGE_ROWS)[0] > 100, "the label, in the badge text colour"
    assert exactly(draw_card(replace(CARD, colour="#15803d")), ORANGE)[0] == 0
    assert exactly(draw_card(replace(CARD, colour="#15803d")), "#15803d", BADGE_ROWS)[0] == count


def test_right_to_left_mirrors_the_layout():
    _, (left, right) = exactly(draw_card(CARD), ORANGE, BADGE_ROWS)
    assert right < 600
    assert exactly(draw_card(replace(CARD, direction="rtl")), ORANGE, BADGE_ROWS)[1] == (1199 - right, 1199 - left)
    ltr, rtl = pixels(draw_card(CARD)), pixels(draw_card(replace(CARD, direction="rtl")))
    assert rtl.getpixel((5, 300)) == rgb(PAGE_BG) and rtl.getpixel((1195, 300)) == rgb(ORANGE)  # the strip
    assert ltr.getpixel((5, 300)) == rgb(ORANGE) and ltr.getpixel((1195, 300)) == rgb(PAGE_BG)
    assert exactly(draw_card(ARABIC_CARD), ORANGE, BADGE_ROWS)[1][0] > 600


def test_right_to_left_text_is_right_aligned():
    short = replace(ARABIC_CARD, claim="مضلل")
    claim_rows = (200, 500)
    _, (left, right) = exactly(draw_card(short), PAGE_TEXT, claim_rows)
    assert left > 600 and 1100 < right < 1140  # against the right margin
    _, (left, right) = exactly(draw_card(replace(short, direction="ltr")), PAGE_TEXT, claim_rows)
    assert 60 <= left < 100 and right < 600


def test_a_long_claim_is_shortened_and_only_the_claim_changes():
    short, long = draw_card(CARD), draw_card(replace(CARD, claim=("A very long claim about costs. " * 70)[:2000]))
    block = lines(("A very long claim about costs. " * 70)[:2000], Style(52, bold=True), 1080, 5, False)
    assert block.shortened and len(block.lines) == 5
    assert block.lines[-1].pieces[-1][1].text == ELLIPSIS
    assert all(line.width <= 1080 for line in block.lines)
    a, b = pixels(short), pixels(long)
    assert a.size == b.size == CARD_SIZE
    claim_rows = (BADGE_ROWS[1] + 1, card_module.RULE_Y)
    assert a.crop((0, 0, 1200, claim_rows[0])).tobytes() == b.crop((0, 0, 1200, claim_rows[0])).tobytes()
    assert a.crop((0, claim_rows[1], 1200, 630)).tobytes() == b.crop((0, claim_rows[1], 1200, 630)).tobytes()
    claim_box = (0, claim_rows[0], 1200, claim_rows[1])
    assert a.crop(claim_box).tobytes() != b.crop(claim_box).tobytes()


def test_a_short_claim_is_drawn_whole_and_larger():
    block = lines(CARD.claim, Style(60, bold=True), 1080, 3, False)
    assert not block.shortened
    assert "".join(run.text for line in block.lines for _, run in line.pieces).replace(ELLIPSIS, "") == \
        CARD.claim.replace(" ", "")
    assert card_module._claim_block(CARD.claim, 330, False)[0].size == 60
    assert card_module._claim_block("word " * 40, 330, False)[0].size == 52


def test_lines_break_by_measured_width_not_by_characters():
    style = Style(52, bold=True)
    wide, narrow = lines("WWW " * 40, style, 1080, 20, False), lines("iii " * 40, style, 1080, 20, False)
    assert len(wide.lines) > 2 * len(narrow.lines)
    for block in (wide, narrow):
        assert all(1080 - 4 * 52 < line.width <= 1080 for line in block.lines[:-1])


def test_a_word_longer_than_a_line_is_cut_to_fit():
    block = lines("https://example.org/" + "a" * 300, Style(52, bold=True), 1080, 5, False)
    assert len(block.lines) >= 2 and all(line.width <= 1080 for line in block.lines)


def test_each_character_is_drawn_with_a_font_that_has_it():
    assert families_of("é") == (LATIN,) and LATIN in families_of("ж") and LATIN in families_of("Ω")
    assert families_of("م") == (ARABIC,) and families_of("ש") == (HEBREW,)
    assert families_of("𓀀") == ()
    runs = [run for line in lines("قالت DeepSeek إن 6 ملايين", Style(52), 1080, 3, True).lines
            for _, run in line.pieces]
    fonts = {run.text: FAMILIES[run.family] for run in runs}
    assert fonts == {"قالت": "NotoSansArabic", "DeepSeek": "NotoSans", "إن": "NotoSansArabic",
                     "6": "NotoSans", "ملايين": "NotoSansArabic"}


def order(text: str, rtl: bool) -> list[str]:
    """The runs of a one-line text, left to right as drawn."""
    (line,) = lines(text, Style(40), 1080, 1, rtl).lines
    return [run.text for _, run in line.pieces]


def test_right_to_left_paragraphs_are_laid_out_right_to_left():
    assert order("الأول الثاني", True) == ["الثاني", "الأول"]
    assert order("ادعت DeepSeek R1 أنها", True) == ["أنها", "DeepSeek", "R1", "ادعت"]  # L words keep their order
    # As a browser shows it (UAX #9, W2): after Arabic, "6" is an Arabic number, "$" a neutral.
    assert order("بمبلغ $6 million فقط", True) == ["فقط", "million", "6", "$", "بمبلغ"]
    assert order("בסך $6 מיליון", True) == ["מיליון", "$", "6", "בסך"]  # after Hebrew, "$6" stays whole
    assert order("أنفقته OpenAI.", True) == [".", "OpenAI", "أنفقته"]  # the full stop ends the line: far left
    assert order("DeepSeek said مضلل today", False) == ["DeepSeek", "said", "مضلل", "today"]
    assert order("ב-6 מיליון", True) == ["מיליון", "6", "-", "ב"]
    assert order("It costs $6 today", False) == ["It", "costs", "$6", "today"]


def test_arabic_is_shaped_and_drawn():
    style = Style(52, bold=True)
    word = "ملايين"
    shaped = glyphs.shaped(ARABIC, style, word, True).mask
    basic = ImageFont.truetype(str(font_path(ARABIC, True)), 52, layout_engine=ImageFont.Layout.BASIC)
    unshaped = Image.new("L", shaped.size)
    ImageDraw.Draw(unshaped).text((0, unshaped.height - 20), word, fill=255, font=basic, anchor="ls")
    assert shaped.tobytes() != unshaped.tobytes()
    # Joined letters: the word is narrower than its letters drawn apart in their isolated forms.
    assert glyphs.shaped_width(ARABIC, style, word, True) < sum(basic.getlength(letter) for letter in word)
    assert exactly(draw_card(ARABIC_CARD), PAGE_TEXT, (200, 500))[0] > 2000


def test_the_card_is_anti_aliased():
    image = Image.open(io.BytesIO(draw_card(CARD)))
    indices = set(image.crop((60, 200, 1140, 500)).tobytes())
    assert INK in indices and top(INK) in indices  # page and text
    assert len(indices & set(range(INK + 1, top(INK)))) > 30  # the ramp between them, at glyph edges


def test_a_retracted_check_shows_its_banner_and_fades_its_verdict():
    plain = draw_card(CARD)
    retracted = draw_card(replace(CARD, retracted="Retracted: this fact-check was withdrawn"))
    assert retracted != plain
    image = pixels(retracted)
    banner = rgb(BANNER_BG)
    assert sum(image.getpixel((x, 10)) == banner for x in range(1200)) == 1200  # a full-width band on top
    assert sum(image.getpixel((x, 48)) == (255, 255, 255) for x in range(60, 1140)) > 10  # its text
    assert exactly(retracted, ORANGE)[0] == 0  # the verdict colour is gone: faded
    badge_rows = (card_module.BANNER_HEIGHT + 28, card_module.BANNER_HEIGHT + 28 + card_module.BADGE_HEIGHT)
    middle = (badge_rows[0] + badge_rows[1]) // 2 + 2
    left = card_module.MARGIN
    assert image.getpixel((left - 5, middle)) == rgb(PAGE_TEXT)  # struck through, beyond the badge's edge
    assert pixels(plain).getpixel((left - 5, middle)) == rgb(PAGE_BG)


def test_characters_no_font_has_and_odd_input_do_not_fail():
    for claim in ("𓀀 𓀁 𓀂", "中文的说法没有空格" * 40, "a\u0000b\u202ec\ud800d", "", "   ", "\u0301\u0301",
                  "e\u0301\u0302\u0303", "\u200d\u200c", "\u2067مضلل\u2069 x", "x" * 5000):
        data = draw_card(replace(CARD, claim=claim))
        assert pixels(data).size == CARD_SIZE
    data = draw_card(replace(CARD, claim="𓀀"))
    assert exactly(data, PAGE_TEXT, (200, 500))[0] > 20  # a box, not nothing
    empty = draw_card(CardText(claim="", verdict="", colour="#000", badge_text="#fff", site="", date=""))
    assert pixels(empty).size == CARD_SIZE


def test_bad_colours_and_directions_are_refused_with_the_value():
    with pytest.raises(ValueError, match="'orange'"):
        draw_card(replace(CARD, colour="orange"))
    with pytest.raises(ValueError, match="'up'"):
        draw_card(replace(CARD, direction="up"))


def test_text_colours_are_legible_on_the_page():
    assert contrast(PAGE_TEXT, PAGE_BG) >= 7
    r, g, b = mix(rgb(PAGE_BG), rgb(PAGE_TEXT), MUTED)
    muted = f"#{r:02x}{g:02x}{b:02x}"
    assert contrast(muted, PAGE_BG) >= 4.5
    assert contrast("#ffffff", BANNER_BG) >= 4.5


def test_site_card_shows_name_and_description():
    card = SiteCardText("DeepSeek Facts", "Fact-checks of the claims about DeepSeek.")
    assert exactly(draw_site_card(card), PAGE_TEXT)[0] > 1000
    assert draw_site_card(card) == draw_site_card(card) != draw_site_card(replace(card, description="Other."))
    assert 1100 < exactly(draw_site_card(replace(card, direction="rtl")), PAGE_TEXT)[1][1] < 1140


def test_spliced_png_decodes_to_the_base_with_its_bands():
    rng = random.Random(5)
    base_image = Image.frombytes("L", (97, 61), bytes(rng.choice((0, 0, 0, 7, 200)) for _ in range(97 * 61)))
    base = png.Base(base_image)
    palette = bytes(range(256)) * 3
    for bands_rows in ([], [(0, 61)], [(3, 9), (9, 10), (40, 61)], [(20, 21)], [(0, 5), (56, 61)]):
        expected = base_image.copy()
        bands = []
        for first, last in bands_rows:
            noise = bytes(rng.randrange(256) for _ in range(97 * (last - first)))
            band = Image.frombytes("L", (97, last - first), noise)
            expected.paste(band, (0, first))
            bands.append((first, band))
        data = png.encode(base, list(reversed(bands)), palette)
        decoded = Image.open(io.BytesIO(data))
        decoded.load()
        assert decoded.mode == "P" and decoded.tobytes() == expected.tobytes(), bands_rows
        idat = data[data.index(b"IDAT") + 4:data.index(b"IEND") - 8]
        rows = zlib.decompress(idat)  # checks the combined Adler-32 too
        assert rows == b"".join(b"\0" + expected.tobytes()[y * 97:(y + 1) * 97] for y in range(61))
    with pytest.raises(ValueError, match="overlaps"):
        png.encode(base, [(0, Image.new("L", (97, 10))), (5, Image.new("L", (97, 10)))], palette)


def test_drawing_key_covers_the_libraries(monkeypatch):
    key = drawing_key()
    assert len(key) == 64 and int(key, 16) >= 0
    assert drawing_key.__wrapped__() == key
    monkeypatch.setattr("PIL.__version__", "0.0.0")
    assert drawing_key.__wrapped__() != key


def footer_text(byline: str, date: str) -> str:
    block = card_module._byline_and_date(byline, date, 500, False)
    return " ".join(run.text for line in block.lines for _, run in line.pieces)


def test_a_long_byline_gives_way_to_the_date():
    assert footer_text("By Jane Doe", "3 February 2025") == "By Jane Doe · 3 February 2025"
    long = footer_text("By Jane Doe, Li Wei, Zoé Lefèvre and the whole desk of the newsroom", "3 February 2025")
    assert long.endswith("· 3 February 2025") and "…" in long and "newsroom" not in long
    assert footer_text("", "3 February 2025") == "3 February 2025"
    assert footer_text("By Jane Doe", "") == "By Jane Doe"


def test_the_coverage_read_from_cmap_agrees_with_what_freetype_draws():
    """A character a family is said to have draws as a glyph; one it is said to lack draws as its
    box (.notdef), like a private-use character no font here has."""
    def drawn(face: ImageFont.FreeTypeFont, char: str) -> bytes:
        image = Image.new("L", (48, 48))
        ImageDraw.Draw(image).text((8, 8), char, fill=255, font=face)
        return image.tobytes()

    sample = [chr(code) for code in (*range(0x21, 0x250, 3), *range(0x370, 0x700, 2), *range(0x5d0, 0x5eb),
                                     0x20AC, 0x2026, 0x4E2D, 0x13000, 0xFB50, 0xFEFB)]
    sample = [char for char in sample if unicodedata.category(char)[0] in "LNPS"]
    for family in range(len(FAMILIES)):
        face = ImageFont.truetype(str(font_path(family, False)), 24)
        box = drawn(face, "\ue000")
        has = [char for char in sample if ord(char) in coverage(family)]
        assert len(has) > 40
        for char in sample:
            assert (drawn(face, char) != box) == (char in has), (FAMILIES[family], hex(ord(char)))


def test_glyph_by_glyph_runs_are_spaced_as_raqm_spaces_them():
    """The glyph cache places each glyph at its advance plus the pair's kerning: the same width
    as raqm's layout of the whole word (ligatures aside), so "To" and "P." are kerned."""
    style = Style(52, bold=True)
    face = ImageFont.truetype(str(font_path(LATIN, True)), 52)
    for word in ("To", "P.", "AVAIL", "DeepSeek", "Ελληνικά", "кириллица", "l'été"):
        assert glyphs.uses_glyphs(LATIN, word, False)
        assert abs(glyphs.width(LATIN, style, word, False) - face.getlength(word, features=["-liga"])) < 0.5, word
    assert glyphs.width(LATIN, style, "To", False) < face.getlength("T") + face.getlength("o") - 2


@pytest.mark.parametrize("card", [
    CARD, ARABIC_CARD, replace(CARD, retracted="Retracted"), replace(CARD, claim="ÉÇÅ gypsy, Ŋ ǅ ẞ " * 12),
    replace(ARABIC_CARD, claim="قُلْ هُوَ ٱللَّهُ أَحَدٌ ﷽ " * 6), replace(CARD, byline="Ţ" * 90, claim=""),
])
def test_drawing_in_bands_is_drawing_on_the_whole_card(card):
    """Only the rows a line's ink covers are redrawn and compressed: the card decodes to exactly
    what drawing its text on a copy of the whole base gives (nothing cut off at a band's edge)."""
    base, placements = card_module.card_layout(card)
    canvas = base.drawing.image.copy()
    for placement in placements:
        block = placement.block
        card_module._draw(canvas, block, placement.style, placement.baseline, placement.line_height,
                             card.direction == "rtl", placement.fill, placement.start)
    decoded = Image.open(io.BytesIO(draw_card(card)))
    decoded.load()
    assert decoded.tobytes() == canvas.tobytes()
