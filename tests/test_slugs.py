"""URLs from names in any script (paths.slugify) and claimant names that would share one URL.

A name becomes a readable lowercase ASCII slug through anyascii; ASCII names keep the slugs they
always had; two different claimant names that make one /claimants/<slug>/ are a located error.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, add_fixture_defaults
from hypothesis import given
from hypothesis import strategies as st

from site_gen import paths
from site_gen.load.reader import KEY_RE
from site_gen.model import Claimant

ENTRY = """---
claim: {claim}
claimant: {claimant}
verdict: accurate
summary: S.
published: 2025-02-03
sources:
  - title: Source one
  - title: Source two
---
"""


def site_with(tmp_path: Path, entries: dict[str, str]) -> Path:
    """A project with one claim per (file stem -> claimant, as YAML) and the fixture site's rest."""
    root = tmp_path / "project"
    (root / "content" / "claims").mkdir(parents=True)
    for stem, claimant in entries.items():
        (root / "content" / "claims" / f"{stem}.md").write_text(
            ENTRY.format(claim=f"Claim of {stem}.", claimant=claimant), encoding="utf-8")
    add_fixture_defaults(root)
    for shared in ("templates", "static"):
        shutil.copytree(PROJECT / shared, root / shared)
    return root


# ---- the rule ----------------------------------------------------------------------------------

SLUGS = [
    # ASCII: as before (a-z, 0-9, one hyphen for every other run)
    ("DeepSeek", "deepseek"),
    ("DeepSeek-V3 (R1)", "deepseek-v3-r1"),
    ("A.B.", "a-b"),
    ("GPU-hours", "gpu-hours"),
    # Latin with diacritics and ligatures
    ("Élu municipal", "elu-municipal"),
    ("coût", "cout"),
    ("Ministère de l'Économie", "ministere-de-l-economie"),
    ("Łódź", "lodz"),
    ("Straße", "strasse"),
    ("Ærø", "aero"),
    ("Nguyễn Phú Trọng", "nguyen-phu-trong"),
    # Greek, Cyrillic
    ("Αθήνα", "athina"),
    ("ΘΕΌΣ", "theos"),
    ("Москва", "moskva"),
    ("Зеленський", "zelenskiy"),  # the soft sign is part of the word
    ("Подъезд", "podezd"),
    # Arabic and Hebrew: anyascii spells the consonants written (short vowels are not written)
    ("القاهرة", "lqhrh"),
    ("ירושלים", "yrvslym"),
    # Devanagari: anyascii leaves out the inherent vowel ("bhart" for Bharat)
    ("नेहरू", "nehru"),
    ("भारत सरकार", "bhart-srkar"),
    # Chinese and Korean: one syllable per character, kept apart
    ("深度求索", "shen-du-qiu-suo"),
    ("百度", "bai-du"),
    ("서울", "seo-ul"),
    # Japanese: kana joined as romaji; kanji by anyascii's (Chinese) reading, one syllable each
    ("とうきょう", "toukiyou"),
    ("トヨタ自動車", "toyota-zi-dong-che"),
    # emoji by their names; flags by their letters
    ("😀🎉", "grinning-tada"),
    ("🇫🇷 France", "fr-france"),
]


@pytest.mark.parametrize("name, slug", SLUGS)
def test_a_name_in_any_script_gets_a_readable_slug(name, slug):
    assert paths.slugify(name) == slug
    assert paths.claimant(Claimant(name).url_key) == f"claimants/{slug}/"


def test_pinyin_syllables_stay_apart_so_different_names_keep_different_urls():
    # Joined, both would be "fangan" (as Xi'an and xian would both be "xian").
    assert paths.slugify("方案") == "fang-an"
    assert paths.slugify("反感") == "fan-gan"
    assert paths.slugify("西安") != paths.slugify("先")


@pytest.mark.parametrize("name", ["???", "—", "…", "«»", "", "𒀭𒂗𒍪"])  # punctuation; cuneiform anyascii leaves out
def test_a_name_that_leaves_no_letters_gets_a_slug_of_its_own(name):
    slug = paths.slugify(name)
    assert re.fullmatch(r"unnamed-[0-9a-f]{8}", slug), slug
    assert slug == paths.slugify(name)  # the same name, the same URL, build after build


def test_names_that_leave_no_letters_do_not_share_a_slug():
    names = ["???", "!!!", "—", "–", "…", "«»", "", "𒀭𒂗𒍪"]
    assert len({paths.slugify(name) for name in names}) == len(names)


def test_a_very_long_name_is_cut_at_a_hyphen_and_ends_with_a_digest():
    long_name = "The Honourable Member for " + " and ".join(["Somewhere Far Away"] * 12)
    slug = paths.slugify(long_name)
    assert len(slug) <= paths.MAX_SLUG
    assert slug.startswith("the-honourable-member-for-somewhere-far-away-and-")
    assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{8}", slug)
    assert not re.search(r"--", slug)
    # Two long names alike in their first 80 characters still get different slugs.
    assert paths.slugify(long_name + " Junior") != slug
    assert len(paths.slugify("深" * 200)) <= paths.MAX_SLUG
    assert len(paths.slugify("x" * 200)) == paths.MAX_SLUG  # one long word: cut where it must be


def test_the_same_name_in_composed_and_decomposed_form_gets_one_slug():
    assert paths.slugify("E\u0301lu municipal") == paths.slugify("\u00c9lu municipal") == "elu-municipal"


@given(st.text(max_size=120))
def test_every_slug_is_a_key_of_at_most_80_characters(text):
    slug = paths.slugify(text)
    assert KEY_RE.fullmatch(slug) and len(slug) <= paths.MAX_SLUG, (text, slug)


@given(st.text(st.characters(max_codepoint=127), max_size=80))
def test_ascii_names_keep_the_slugs_they_always_had(text):
    before = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")  # the rule before any script was read
    if before:
        assert paths.slugify(text) == before


# ---- in a build --------------------------------------------------------------------------------


def test_three_claimants_in_three_scripts_get_three_readable_pages(tmp_path, run_cli):
    root = site_with(tmp_path, {"elu": "Élu municipal", "deepseek-cn": "深度求索", "baidu-cn": "百度"})
    result = run_cli(root, "build", "--no-search")
    assert result.code == 0, result.err
    site = root / "_site" / "claimants"
    for slug, name, entry in [("elu-municipal", "Élu municipal", "elu"), ("shen-du-qiu-suo", "深度求索", "deepseek-cn"),
                              ("bai-du", "百度", "baidu-cn")]:
        page = (site / slug / "index.html").read_text(encoding="utf-8")
        assert name in page, slug
        assert f"/claims/{entry}/" in page, slug  # lists its own entry ...
        others = {"elu", "deepseek-cn", "baidu-cn"} - {entry}
        assert not [o for o in others if f"/claims/{o}/" in page], slug  # ... and no other
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["bai-du", "elu-municipal", "shen-du-qiu-suo"]
    claim = (root / "_site" / "claims" / "deepseek-cn" / "index.html").read_text(encoding="utf-8")
    assert "/claimants/shen-du-qiu-suo/" in claim


def test_two_names_sharing_one_url_are_an_error_at_the_later_file(tmp_path, run_cli):
    root = site_with(tmp_path, {"a-first": "A.B.", "b-second": "A B", "c-third": "A  B", "d-fourth": "a.b."})
    result = run_cli(root, "check")
    assert result.code == 1
    # "A  B" is "A B" (white space runs read alike), reported once; a case difference is a clash.
    assert result.problem_lines == [
        "content/claims/b-second.md:3:11: claimant: expected a name whose URL differs from other claimants', "
        "got 'A B', which shares /claimants/a-b/ with 'A.B.' (content/claims/a-first.md:3:11)",
        "content/claims/d-fourth.md:3:11: claimant: expected a name whose URL differs from other claimants', "
        "got 'a.b.', which shares /claimants/a-b/ with 'A.B.' (content/claims/a-first.md:3:11)",
    ]
    assert run_cli(root, "build", "--no-search").code == 1
    assert not (root / "_site").exists()


def test_a_clash_in_a_claimant_mapping_is_located_at_its_name(tmp_path, run_cli):
    root = site_with(tmp_path, {"baidu-cn": "百度", "baidu-pinyin": "\n  url: https://www.baidu.com/\n  name: Bai Du"})
    result = run_cli(root, "check")
    assert result.problem_lines == [
        "content/claims/baidu-pinyin.md:5:9: claimant.name: expected a name whose URL differs from other claimants', "
        "got 'Bai Du', which shares /claimants/bai-du/ with '百度' (content/claims/baidu-cn.md:3:11)"]


def test_the_same_name_spelt_alike_is_one_claimant(tmp_path, run_cli):
    """Names equal but for white space runs or Unicode normalisation (NFC) read alike: one claimant."""
    root = site_with(tmp_path, {"one": "Élu  municipal", "two": "\n  name: Élu municipal",
                                "three": '"E\\u0301lu municipal"', "four": '"\\u00c9lu\\tmunicipal"'})
    result = run_cli(root, "build", "--no-search")
    assert result.code == 0, result.err
    folder = root / "_site" / "claimants" / "elu-municipal"
    listed = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("index.html"))  # (2 a page here)
    assert all(f"/claims/{entry}/" in listed for entry in ("one", "two", "three", "four"))
    assert [p.name for p in (root / "_site" / "claimants").iterdir() if p.is_dir()] == ["elu-municipal"]


def test_an_edit_that_makes_a_clash_is_caught_while_serving(tmp_path):
    """serve swaps an edited entry into the last content; a new claimant name takes the full check."""
    from site_gen.load.config import load_config
    from site_gen.load.content import EntryCache, load_content
    from site_gen.model import ContentError

    root = site_with(tmp_path, {"a-first": "Baidu, Inc.", "b-second": "Google"})
    config, cache = load_config(root), EntryCache()
    load_content(root, config, cache=cache)
    edited = root / "content" / "claims" / "b-second.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Google", "Baidu Inc"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(root, config, cache=cache, changed=["content/claims/b-second.md"])
    assert [str(p) for p in caught.value.problems] == [
        "content/claims/b-second.md:3:11: claimant: expected a name whose URL differs from other claimants', "
        "got 'Baidu Inc', which shares /claimants/baidu-inc/ with 'Baidu, Inc.' (content/claims/a-first.md:3:11)"]
