// The /search/ page: enhances the plain GET form with Pagefind's JS API (no Pagefind UI, no CDN).
//
// - The bundle and the site's base path come from the form's data-search-bundle / data-search-base
//   attributes (falling back to this script's own URL), so the site works from a sub-path.
// - State lives in the URL (?q=&verdict=&tag=&claimant=&sort=), kept with history.replaceState;
//   loading the URL restores it.
// - Index content is untrusted: results are built with createElement/textContent only, and of
//   Pagefind's excerpt HTML only its <mark> tags become elements; everything else stays text.
// - CSP-friendly: no inline scripts or styles, no element.style, no eval, no innerHTML.
// - Fails soft: if the index cannot be loaded the page says so and points to the browse links.
// - No layout shift: the form's data-state (loading | ready | unavailable) shows the filters and the
//   browse links through static/search.css, and each search changes the page in one step.
// - A plain question ("how much did the minister spend") finds what its telling words find: Pagefind
//   returns only pages that hold every word, so when none does, the words are weighed against the
//   index itself (no stop-word list: the site may be in any language) and the search says which
//   words it used instead (see "Plain questions" below).
// - Every word it shows is in the site's language: the page hands it the messages of the site's
//   gettext catalogues as data (<script type="application/json" id="search-messages">, made by
//   site_gen/present/script_messages.py); a count's message comes as one form per CLDR plural
//   category, picked with Intl.PluralRules for the page's language.

const FILTERS = ["verdict", "tag", "claimant"];
const SORTS = ["relevance", "newest"];
const PAGE_SIZE = 10;
const TYPING_DELAY_MS = 300; // as pagefind.debouncedSearch; each search also updates the live status

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const sortSelect = document.getElementById("search-sort");
const statusEl = document.getElementById("search-status");
const list = document.getElementById("search-result-list");
const moreButton = document.getElementById("search-more");
const filtersBox = document.getElementById("search-filters-box");
const selects = Object.fromEntries(
  FILTERS.map((key) => [key, form && form.querySelector(`select[data-filter="${key}"]`)]));
// Phones: the filters start closed, so that the results come into the first screen (static/style.css
// switches to its phone layout at the same width).
const NARROW_SCREEN = "(max-width: 44rem)";

// ---- Messages, in the page's language -----------------------------------------------------------

const MESSAGES = readMessages("search-messages");
const LANGUAGE = document.documentElement.lang || undefined;
const pluralRules = makeIntl(Intl.PluralRules, {});
const listFormat = typeof Intl.ListFormat === "function" ? makeIntl(Intl.ListFormat, { style: "long", type: "unit" }) : null;

function readMessages(id) {
  const element = document.getElementById(id);
  try {
    return element ? JSON.parse(element.textContent) : {};
  } catch {
    return {};
  }
}

/** An Intl formatter for the page's language, or the browser's own if it does not know that tag. */
function makeIntl(Kind, options) {
  try {
    return new Kind(LANGUAGE, options);
  } catch {
    return new Kind(undefined, options);
  }
}

/** A message's form for the count `n`: by its CLDR plural category, else "other". */
function plural(forms, n) {
  if (typeof forms === "string") return forms;
  forms = forms || {};
  return forms[pluralRules.select(n)] ?? forms.other ?? Object.values(forms).pop() ?? "";
}

/** A message with its placeholders (%(name)s, %(num)d; %% is "%") filled in: an array of strings
 *  and DOM nodes, for append() and replaceChildren(). */
function fill(template, values) {
  const parts = [];
  let at = 0;
  for (const match of String(template ?? "").matchAll(/%(?:\((\w+)\))?([sd%])/g)) {
    parts.push(template.slice(at, match.index));
    at = match.index + match[0].length;
    if (match[2] === "%") parts.push("%");
    else if (match[1] !== undefined && match[1] in values) parts.push(values[match[1]]);
    else parts.push(match[0]);
  }
  parts.push(String(template ?? "").slice(at));
  return parts.filter((part) => part !== "");
}

/** A message as text (its values strings or numbers). */
function format(template, values = {}) {
  return fill(template, values).map(String).join("");
}

function listOf(items) {
  return listFormat ? listFormat.format(items) : items.join(", ");
}

/** The site's base path ("/" or "/repo/") and the Pagefind bundle URL, from the form or this file. */
function locations() {
  const scriptBase = new URL("../", import.meta.url); // this file lives in <base>/static/
  const base = form.dataset.searchBase || scriptBase.pathname;
  const bundle = new URL(form.dataset.searchBundle || "pagefind/", new URL(base, location.href));
  return { base, bundle: bundle.href };
}

/** The reader's words as the index holds them: Pagefind indexes "$6 million" as the words "6" and
 * "million", so a currency sign before a number is dropped ("$6 million" finds what "6 million"
 * finds). The URL and the status line keep the words as typed. */
function searchTerms(q) {
  const terms = q.replace(/[$€£¥]\s*(?=\d)/gu, "").trim();
  return terms || null;
}

/** Compare filter values loosely, so ?verdict=mostly-accurate finds "Mostly accurate". */
function normalise(value) {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "");
}

function optionFor(select, wanted) {
  if (!select || !wanted) return null;
  const options = [...select.options].filter((o) => o.value);
  const target = normalise(wanted);
  return options.find((o) => o.value === wanted) || options.find((o) => normalise(o.value) === target) || null;
}

/** URL -> state; unknown filter values and sorts are dropped. */
function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const state = { q: (params.get("q") || "").trim(), sort: "relevance" };
  for (const key of FILTERS) {
    const option = optionFor(selects[key], params.get(key));
    state[key] = option ? option.value : "";
  }
  if (SORTS.includes(params.get("sort"))) state.sort = params.get("sort");
  return state;
}

function stateFromForm() {
  const state = { q: input.value.trim(), sort: SORTS.includes(sortSelect.value) ? sortSelect.value : "relevance" };
  for (const key of FILTERS) state[key] = selects[key] ? selects[key].value : "";
  return state;
}

function showState(state) {
  input.value = state.q;
  for (const key of FILTERS) if (selects[key]) selects[key].value = state[key];
  sortSelect.value = state.sort;
}

/** State -> the URL, in a fixed order; empty values and the default sort are left out. */
function writeUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const key of FILTERS) if (state[key]) params.set(key, state[key]);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  const query = params.toString();
  const url = location.pathname + (query ? `?${query}` : "") + location.hash;
  if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
}

function pagefindFilters(state, except) {
  const filters = {};
  for (const key of FILTERS) if (state[key] && key !== except) filters[key] = state[key];
  return filters;
}

const isEmpty = (state, except) => !state.q && Object.keys(pagefindFilters(state, except)).length === 0;

// ---- Building result cards (same classes as templates/partials/card.html and badge.html) -------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Pagefind's excerpt (entity-encoded text with <mark> tags) -> DOM nodes. Only <mark> and </mark>
 *  are honoured; any other markup is shown as the literal text it is. */
function excerptNodes(excerpt) {
  const fragment = document.createDocumentFragment();
  let mark = null;
  for (const part of String(excerpt || "").split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") {
      mark = mark || el("mark");
    } else if (part === "</mark>") {
      if (mark) fragment.append(mark);
      mark = null;
    } else if (part) {
      (mark || fragment).append(document.createTextNode(decodeEntities(part)));
    }
  }
  if (mark) fragment.append(mark);
  return fragment;
}

/** Only same-site paths from the index become links. */
function safeHref(url) {
  try {
    const parsed = new URL(String(url), location.href);
    if (parsed.origin === location.origin && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
      return parsed.pathname + parsed.search + parsed.hash;
    }
  } catch { /* fall through */ }
  return null;
}

function card(data) {
  const meta = data.meta || {};
  const title = meta.title || meta.claim || data.url;
  const article = el("article", "card search-card");

  const heading = el("h3", "card-title");
  const href = safeHref(data.url);
  if (href) {
    const link = el("a", "search-result-link", title);
    link.href = href;
    heading.append(link);
  } else {
    heading.textContent = title;
  }
  article.append(heading);

  const claimant = data.filters && Array.isArray(data.filters.claimant) ? data.filters.claimant[0] : "";
  if (meta.claim) {
    const claim = el("p", "card-claim");
    if (claimant) claim.append(el("span", "card-claimant", `${claimant}:`), " ");
    claim.append(`“${meta.claim}”`);
    article.append(claim);
  }

  if (meta.verdict) {
    const key = String(meta.verdict_key || "unproven").toLowerCase().replace(/[^a-z0-9-]/g, "");
    const badge = el("span", `badge badge--${key}`);
    const icon = el("span", "badge-icon", meta.verdict_icon || "");
    icon.setAttribute("aria-hidden", "true");
    badge.append(icon, ` ${meta.verdict}`);
    const verdict = el("p", "card-verdict");
    verdict.append(badge);
    article.append(verdict);
  }

  if (data.excerpt) {
    const excerpt = el("p", "card-summary search-excerpt");
    excerpt.append(excerptNodes(data.excerpt));
    article.append(excerpt);
  }

  if (meta.date) {
    const date = el("p", "card-date");
    const time = el("time", null, meta.date);
    if (/^\d{4}-\d{2}-\d{2}$/.test(meta.published || "")) time.dateTime = meta.published;
    date.append(time);
    article.append(date);
  }

  const item = el("li", "search-result");
  item.append(article);
  return item;
}

// ---- Status messages ---------------------------------------------------------------------------

/** The status line for `count` results of `state` found as `plan` says (strings and the browse
 *  link's node): "3 fact-checks found for “gpu” with verdict Misleading.", "No fact-check matches
 *  every word of “…”. Showing 5 fact-checks found for “spend”.", or "No fact-checks found …" and the
 *  link. */
function describe(state, count, plan = ALL_WORDS) {
  const chosen = FILTERS.filter((key) => state[key]).map((key) => format(MESSAGES.filter?.[key], { value: state[key] }));
  const withFilters = chosen.length ? "_filters" : "";
  const variant = (state.q ? "_query" : "") + withFilters;
  const values = { num: count, query: state.q, filters: listOf(chosen), words: plan.words.join(" ") };
  if (count === 0) return fill(MESSAGES[`none${variant}`], { ...values, browse: browseLink() });
  if (plan.kind !== "all") return fill(plural(MESSAGES[`${plan.kind}${withFilters}`], count), values);
  return fill(plural(MESSAGES[`found${variant}`], count), values);
}

function browseLink() {
  const link = el("a", null, format(MESSAGES.browse));
  link.href = "#browse";
  return link;
}

function setStatus(parts, kind = "") {
  statusEl.replaceChildren(...parts);
  statusEl.dataset.kind = kind;
}

/** No result: say so, and offer the browse pages below. */
function showNothingFound(state) {
  setStatus(describe(state, 0), "empty");
}

// ---- Plain questions: when no page holds every word ---------------------------------------------
//
// Pagefind finds only the pages that hold every word of a query, so a question ("how much did
// the minister really spend") finds nothing when one of its small words is missing from the pages that
// answer it. Then each word is looked up alone (Pagefind's counts, no fragment loaded), and weighed
// against the index itself, never a list of stop words (the site may be in any language):
//
// - a word found nowhere is dropped, and so is a word on (nearly) every page: it tells no page apart;
// - the others are weighed by how they cluster: a word that tells what a page is about comes back
//   again and again in the few pages that hold it, a word that only builds sentences ("how", "did",
//   "much") is spread thinly, as chance would spread it. The weight is the word's residual IDF
//   (Church & Gale, 1995): how much rarer its pages are than a word used as often, spread at random,
//   would be on. The telling words are those weighing at least half the heaviest.
//
// The telling words are then searched together ("partial"; filters and order as chosen); if no page
// holds them all, the pages that hold any of them are shown, those holding the most first, then by
// Pagefind's score ("any"). Whether a query is searched whole, by its telling words or by any of them
// depends on the index alone, never on the filters, so the filters' counts say what choosing them gives.

const ALL_WORDS = { kind: "all", words: [] };
const COMMON_SHARE = 0.9; // a word on at least this share of the pages tells none of them apart

let pageCount = null; // the pages in the index
const lookedUp = new Map(); // word (lower case) -> { pages, uses, results }: the word searched alone
const filterMembers = {}; // filter key -> value -> Set of page ids, made the first time "any" needs it

async function countPages() {
  if (pageCount === null) pageCount = (await pagefind.search(null)).results.length;
  return pageCount;
}

/** The query's words (as searched: searchTerms), each once; marks alone ("–", "?") are no words. */
function wordsOf(terms) {
  const seen = new Set();
  return (terms || "").split(/\s+/u).filter((word) => {
    const key = word.toLowerCase();
    if (!/[\p{L}\p{N}]/u.test(word) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A word searched alone in the whole index: on how many pages, how often in all, and the results. */
async function lookUp(word) {
  const key = word.toLowerCase();
  if (!lookedUp.has(key)) {
    const found = await pagefind.search(word);
    const uses = found.results.reduce((sum, result) => sum + Math.max(1, result.words?.length || 0), 0);
    lookedUp.set(key, { word, pages: found.results.length, uses, results: found.results });
  }
  return lookedUp.get(key);
}

/** Residual IDF, in bits: log2(the pages a word used `uses` times would be on, spread at random over
 *  `total` pages (Poisson) / the pages it is on). About 0 for a word that only builds sentences. */
function weight(info, total) {
  const expected = total * (1 - Math.exp(-info.uses / total));
  return Math.log2(expected / info.pages);
}

/** The query's telling words, heaviest first, each with its look-up; [] when no word is in the index. */
async function tellingWords(words) {
  const total = await countPages();
  const infos = [];
  for (const word of words) infos.push(await lookUp(word));
  const known = infos.filter((info) => info.pages > 0);
  const rare = known.filter((info) => info.pages < COMMON_SHARE * total);
  const pool = (rare.length ? rare : known).map((info) => ({ ...info, weight: weight(info, total) }));
  pool.sort((a, b) => b.weight - a.weight);
  const heaviest = pool.length ? pool[0].weight : 0;
  return heaviest > 0 ? pool.filter((info) => info.weight >= heaviest / 2) : pool;
}

/** Pages of the whole index by filter value (one filter-only search per value), for "any". */
async function membersOf(key, value) {
  filterMembers[key] ??= {};
  if (!filterMembers[key][value]) {
    const found = await pagefind.search(null, { filters: { [key]: value } });
    filterMembers[key][value] = new Set(found.results.map((result) => result.id));
  }
  return filterMembers[key][value];
}

/** Page ids that pass `filters` (all of them: key -> value). */
async function passing(ids, filters) {
  let kept = ids;
  for (const [key, value] of Object.entries(filters)) {
    const members = await membersOf(key, value);
    kept = kept.filter((id) => members.has(id));
  }
  return kept;
}

/** "any": the pages that hold at least one of `telling`, with the filters chosen, most words first
 *  (then by Pagefind's summed score) or newest first; each page's result is that of its heaviest
 *  word, whose excerpt marks it. Also the filters' counts, as a search's `filters` would give them. */
async function anyOf(telling, state) {
  const pages = new Map();
  for (const info of telling) {
    for (const result of info.results) {
      const page = pages.get(result.id) || { result, words: 0, score: 0 };
      page.words += 1;
      page.score += result.score;
      pages.set(result.id, page);
    }
  }
  const ids = await passing([...pages.keys()], pagefindFilters(state));
  let ordered;
  if (state.sort === "newest") {
    const dated = await pagefind.search(null, { filters: pagefindFilters(state), sort: { date: "desc" } });
    const rank = new Map(dated.results.map((result, k) => [result.id, k]));
    ordered = ids.sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
  } else {
    ordered = ids.sort((a, b) => pages.get(b).words - pages.get(a).words || pages.get(b).score - pages.get(a).score);
  }
  const filters = {};
  for (const key of FILTERS) {
    const others = await passing([...pages.keys()], pagefindFilters(state, key));
    filters[key] = {};
    for (const value of Object.keys(totals[key] || {})) {
      const members = await membersOf(key, value);
      filters[key][value] = others.filter((id) => members.has(id)).length;
    }
  }
  return { results: ordered.map((id) => pages.get(id).result), filters };
}

/** The search for `state` whose query found no page: by its telling words together ("partial"), or
 *  by any of them ("any"); null when there is nothing else to try (one word, or none known). */
async function searchInstead(state, options) {
  const words = wordsOf(searchTerms(state.q));
  if (words.length < 2) return null;
  const telling = await tellingWords(words);
  if (!telling.length) return null;
  const used = words.filter((word) => telling.some((info) => info.word === word)); // in the query's order
  if (used.length < words.length) {
    const together = await pagefind.search(used.join(" "), options);
    if (together.results.length || together.unfilteredResultCount) {
      return { plan: { kind: "partial", words: used, terms: used.join(" ") }, search: together };
    }
  }
  if (used.length < 2) return null;
  return { plan: { kind: "any", words: used }, search: await anyOf(telling, state) };
}

function showUnavailable() {
  form.dataset.state = "unavailable"; // removes the filters (static/search.css)
  moreButton.hidden = true;
  list.replaceChildren();
  statusEl.dataset.kind = "unavailable";
  statusEl.classList.add("search-unavailable");
  statusEl.replaceChildren(...fill(MESSAGES.unavailable, { browse: browseLink() }));
}

// ---- The search itself -------------------------------------------------------------------------

let pagefind = null;
let totals = {};
let generation = 0; // bumps with every update; stale async work checks it and stops
let results = [];
let shown = 0;
let typingTimer = 0;

async function loadPagefind() {
  const { base, bundle } = locations();
  const module = await import(`${bundle}pagefind.js`);
  await module.options({ baseUrl: base, excerptLength: 30 });
  await module.init();
  totals = (await module.filters()) || {};
  return module;
}

/** Option labels show how many results each choice would give, given everything else chosen. */
async function updateCounts(state, search, current, plan = ALL_WORDS) {
  for (const key of FILTERS) {
    const select = selects[key];
    if (!select) continue;
    let counts;
    if (isEmpty(state, key)) {
      counts = totals[key] || {};
    } else if (plan.kind === "any") {
      counts = search.filters[key] || {}; // anyOf counts each key with the other filters alone
    } else if (state[key]) {
      const terms = plan.kind === "partial" ? plan.terms : searchTerms(state.q);
      const others = await pagefind.search(terms, { filters: pagefindFilters(state, key) });
      if (current !== generation) return;
      counts = others.filters?.[key] || {};
    } else {
      counts = search?.filters?.[key] || {};
    }
    for (const option of select.options) {
      if (!option.value) continue;
      const count = counts[option.value] ?? 0;
      option.textContent = `${option.value} (${count})`;
      option.disabled = count === 0 && option.value !== state[key];
    }
  }
}

/** Cards for the page of `found` starting at `from`; built, not yet shown. */
async function loadCards(found, from) {
  const data = await Promise.all(found.slice(from, from + PAGE_SIZE).map((result) => result.data()));
  return data.map(card);
}

/** Show cards for `results` from `from` on (0 replaces the list) and update the "more" button. */
function showCards(items, from) {
  if (from === 0) list.replaceChildren(...items);
  else list.append(...items);
  shown = from + items.length;
  const left = results.length - shown;
  moreButton.hidden = left <= 0;
  moreButton.textContent = format(plural(MESSAGES.more, left), { num: left });
}

/** The "Show more results" button: the next page, with focus on its first result. */
async function showMore() {
  const current = generation;
  const from = shown;
  const items = await loadCards(results, from);
  if (current !== generation) return;
  showCards(items, from);
  items[0]?.querySelector("a")?.focus();
}

async function update() {
  clearTimeout(typingTimer);
  const state = stateFromForm();
  writeUrl(state);
  document.title = state.q ? format(MESSAGES.title, { query: state.q, title: baseTitle }) : baseTitle;
  const current = ++generation;
  if (!pagefind) return;
  try {
    let found = [];
    let items = [];
    let search = null;
    let plan = ALL_WORDS;
    if (!isEmpty(state)) {
      const newest = state.sort === "newest" || !state.q;
      const options = { filters: pagefindFilters(state) };
      if (newest) options.sort = { date: "desc" };
      search = await pagefind.search(searchTerms(state.q), options);
      if (current !== generation) return;
      if (state.q && !search.results.length && !search.unfilteredResultCount) {
        // No page holds every word, whatever the filters: a plain question, say.
        const instead = await searchInstead(state, options);
        if (current !== generation) return;
        if (instead) ({ plan, search } = instead);
      }
      found = search.results;
      items = await loadCards(found, 0);
      if (current !== generation) return;
    }
    await updateCounts(state, search, current, plan);
    if (current !== generation) return;
    // Everything a search changes on the page changes in this one synchronous step, with the old
    // results kept until then: nothing is drawn in one place and then pushed to another (no layout
    // shift, and no flicker while typing).
    results = found;
    showCards(items, 0);
    if (!search) setStatus([format(MESSAGES.prompt)]);
    else if (found.length) setStatus(describe(state, found.length, plan), "results");
    else showNothingFound(state);
    statusEl.dataset.match = plan.kind; // all | partial | any: which words the results hold
  } catch (err) {
    if (current !== generation) return;
    console.warn("Search failed:", err);
    showUnavailable();
    pagefind = null;
  }
}

const baseTitle = document.title;

async function start() {
  if (!form || !input || !statusEl || !list) return;
  const initial = stateFromUrl();
  showState(initial);
  writeUrl(initial);
  // Open on wide screens, or when the link chose a filter or an order (so that the reader sees what
  // narrows the results); closed on phones. Nothing shown moves: the filters are still invisible,
  // and nothing is drawn below them yet (static/search.css).
  if (filtersBox) {
    const chosen = FILTERS.some((key) => initial[key]) || initial.sort !== "relevance";
    filtersBox.open = chosen || !window.matchMedia(NARROW_SCREEN).matches;
  }
  form.dataset.state = "loading";
  setStatus([format(MESSAGES.loading)], "loading");
  try {
    pagefind = await loadPagefind();
  } catch (err) {
    console.warn("Search index unavailable:", err);
    showUnavailable();
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    update();
  });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    const term = searchTerms(input.value.trim());
    if (term) pagefind?.preload(term).catch(() => {});
    typingTimer = setTimeout(update, TYPING_DELAY_MS);
  });
  for (const select of [...Object.values(selects), sortSelect]) select?.addEventListener("change", update);
  moreButton.addEventListener("click", () => showMore().catch((err) => {
    console.warn("Search failed:", err);
    showUnavailable();
    pagefind = null;
  }));
  await update();
  if (pagefind) form.dataset.state = "ready"; // shows the filters (static/search.css)
}

start();
