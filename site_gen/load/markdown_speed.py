"""Linear-time stand-ins for markdown-it internals that look ahead again from every character.

On hostile bodies (a file may hold 1 MB of `[`, `![`, `[^`, `^[` …) markdown-it-py 4.3.0 and its
footnote plugin are quadratic or worse: the link-label search restarts from every `[`, the inline
parser asks every rule at every character, the footnote rules look from every `[^` to the end.
Each function here gives markdown-it's answer from what it has already seen, and markdown.py plugs
them into its one parser. They pay for themselves in `bench/hostile.py` (bench/README.md, "Hostile
input": 1 MB of `[^` from over 60 s to under 2 s); tests/test_hostile_input.py compares their output
with the stock parser's, so a markdown-it upgrade that changes its internals is caught there.
"""
from __future__ import annotations

import builtins
import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Protocol

from markdown_it import helpers
from markdown_it.common.utils import unescapeAll
from markdown_it.parser_inline import ParserInline, RuleFuncInlineType
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.footnote.index import footnote_inline, footnote_ref

DESTINATION_STOP_RE = re.compile(r"[\x00-\x20\x7f\\()]")


# The characters each inline rule can start at: anywhere else its first test declines, with no
# other effect, so InlineParser does not ask it there. A rule not named here is asked everywhere.
RULE_STARTS = {"newline": "\n", "escape": "\\", "backticks": "`", "emphasis": "*_", "link": "[", "image": "!",
               "footnote_inline": "^", "source_cite": "[", "footnote_ref": "[", "autolink": "<",
               "html_inline": "<", "entity": "&"}


class InlineParser(ParserInline):
    """markdown-it's inline parser, asking at each character only the rules that can start there:
    the same rules in the same order, with the same results, as every other rule would decline at
    its first test. On text dense with markup that is most of the work: every character is tried
    by every rule, and again each time a link label is looked for (1 MB of `[` closed by one `]`:
    5.0 s before, 2.9 s). `tokenize` and `skipToken` are markdown-it-py 4.3.0's (requirements.txt
    pins it) but for the rules they loop over."""

    def __init__(self, inline: ParserInline):
        super().__init__()
        self.ruler, self.ruler2, self.terminator_re = inline.ruler, inline.ruler2, inline.terminator_re
        self._for: tuple[object, object] | None = None  # (rule chain, terminators) _by_char was made for
        self._by_char: dict[str, list[RuleFuncInlineType]] = {}

    def _rules_at(self, char: str) -> list[RuleFuncInlineType]:
        rules, stops = self.ruler.getRules(""), self.terminator_re
        if self._for is None or self._for[0] is not rules or self._for[1] is not stops:
            self._for, self._by_char = (rules, stops), {}
        found = self._by_char.get(char)
        if found is None:
            named = zip(self.ruler.get_active_rules(), rules)
            found = self._by_char[char] = [
                rule for name, rule in named
                if (stops.match(char) is None if name == "text" else char in RULE_STARTS.get(name, char))]
        return found

    def skipToken(self, state: StateInline) -> None:
        ok = False
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        if state.level < state.md.options["maxNesting"]:
            for rule in self._rules_at(state.src[pos]):
                # (state.level counts the nesting of looks ahead; no token is made)
                state.level += 1
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            # Too much nesting: markdown-it skips to the end of the paragraph.
            state.pos = state.posMax
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    def tokenize(self, state: StateInline) -> None:
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        src = state.src
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                for rule in self._rules_at(src[pos]):
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[pos])
            state.pos += 1
        if state.pending:
            state.pushPending()


@dataclass
class _LabelMemo:
    """What link_label has learnt about one inline state's source (kept on the state itself)."""
    last_bracket: int  # where the source's last `]` is (-1: none)
    dead: dict[int, int] = field(default_factory=dict)  # token start -> the largest limit its way on passes no `]` before
    gives_up: set[int] = field(default_factory=set)  # token starts whose way on meets a `[` that is part of a token


def link_label(state: StateInline, start: int, disableNested: bool = False) -> int:
    """markdown-it's `parseLinkLabel` (where the `]` closing the `[` at `start` is, or -1): the same
    answers and the same tokens cached, in fewer steps. In a run of `[` every `[` looks ahead over
    up to `maxNesting` (20) tokens, nearly all already in `state.cache`: here those are read
    directly (not through `skipToken`), and a look stops at a token from which an earlier look
    went on without passing a `]`, to the end or (looking with disableNested) to a `[` that is part
    of a token: the way on is the same cached tokens, so the answer is the same -1. With no `]`
    left at all, no look. (1 MB of `[` took 11 s, of `![` 19 s, each closed by one `]` at the end.)"""
    src = state.src
    memo: _LabelMemo | None = getattr(state, "label_memo", None)
    if memo is None:
        # markdown-it's StateInline declares no such attribute: the memo rides on the state so
        # that it lasts exactly as long as one inline parse of one source.
        memo = state.label_memo = _LabelMemo(src.rfind("]"))  # type: ignore[attr-defined]
    if memo.last_bracket <= start:
        return -1
    old_pos, limit, cache = state.pos, state.posMax, state.cache
    # Token starts from which the way on (the same cached tokens for every look) passes no `]`:
    # before the limit (position -> the largest such limit), before a `[` that is part of a token
    # (where a look with disableNested gives up).
    dead, gives_up = memo.dead, memo.gives_up
    skip_token = state.md.inline.skipToken
    since_bracket: list[int] = []
    pos, level = start + 1, 1
    while pos < limit:
        if disableNested and pos in gives_up:
            gives_up.update(since_bracket)
            state.pos = old_pos
            return -1
        if dead.get(pos, -1) >= limit:
            break
        marker = src[pos]
        if marker == "]":
            level -= 1
            if level == 0:
                state.pos = old_pos
                return pos
            since_bracket.clear()
        else:
            since_bracket.append(pos)
        after = cache.get(pos)
        if after is None:
            state.pos = pos
            skip_token(state)
            after = state.pos
        if marker == "[":
            if after == pos + 1:  # a `[` that is not part of any token
                level += 1
            elif disableNested:
                gives_up.update(since_bracket)
                state.pos = old_pos
                return -1
        pos = after
    for pos in since_bracket:  # (the way on from each of these passes no `]` before the limit)
        if dead.get(pos, -1) < limit:
            dead[pos] = limit
    state.pos = old_pos
    return -1


class LinkDestination(Protocol):
    """What markdown-it's link and image rules read from `parseLinkDestination`'s answer."""
    ok: bool
    pos: int
    str: builtins.str


def link_destination(string: str, pos: int, maximum: int) -> LinkDestination:
    """markdown-it's `parseLinkDestination`, the same result with fewer steps: a destination not
    in `<…>` ends at a space, a control character or an unmatched `)`, and only those, `\\` and
    `(` need a look; the text between them is skipped in one search, not a character at a time.
    (`[a](` over and over makes every `[a]` read 32 `(` deep, 128 characters: 1 MB took 6.0 s,
    now 4.0 s.)"""
    if string.startswith("<", pos):
        return helpers.parseLinkDestination(string, pos, maximum)
    result = SimpleNamespace(ok=False, pos=0, str="")
    start, level = pos, 0
    while pos < maximum:
        found = DESTINATION_STOP_RE.search(string, pos, maximum)
        if found is None:
            pos = maximum
            break
        pos = found.start()
        char = string[pos]
        if char <= " " or char == "\x7f":  # a space or a control character
            break
        if char == "\\" and pos + 1 < maximum:
            if string[pos + 1] == " ":
                break
            pos += 2
            continue
        if char == "(":
            level += 1
            if level > 32:
                return result
        elif char == ")":
            if level == 0:
                break
            level -= 1
        pos += 1
    if start == pos or level != 0:
        return result
    result.str, result.pos, result.ok = unescapeAll(string[start:pos]), pos, True
    return result


def footnote_inline_linear(state: StateInline, silent: bool) -> bool:
    """The footnote plugin's `^[note]` rule, which finds the note's end with markdown-it's own
    parseLinkLabel: asked first here, with the same answer and the same steps cached, it declines
    at once where there is no note (a run of `^[`); the plugin's look then reads only the cache."""
    start = state.pos
    if start + 2 >= state.posMax or not state.src.startswith("^[", start) or link_label(state, start + 1) < 0:
        return False
    return footnote_inline(state, silent)


def footnote_ref_linear(state: StateInline, silent: bool) -> bool:
    """The footnote plugin's `[^label]` rule, looking no further than the body's longest footnote
    label: the plugin looks from every `[^` to the next `]` or space, quadratic on a run of `[^`
    with neither. A longer label is not one of the body's, so the answer is the same."""
    if not state.src.startswith("[^", state.pos):
        return False  # (the plugin's first test, after it has put an empty footnote list in env)
    refs = state.env.get("footnotes", {}).get("refs")
    if not refs:
        return footnote_ref(state, silent)  # (declines at once, as the plugin does)
    longest = state.env.get("footnote_longest")
    if longest is None or longest[0] is not refs:  # labels are all known once the blocks are parsed
        longest = state.env["footnote_longest"] = (refs, max(map(len, refs)) - 1)  # (keys are ":label")
    limit = state.posMax
    state.posMax = min(limit, state.pos + longest[1] + 3)
    try:
        return footnote_ref(state, silent)
    finally:
        state.posMax = limit
