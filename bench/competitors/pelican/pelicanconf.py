"""Minimal Pelican project equivalent to our site (bench/competitors/pelican/).

verdict -> category, claimant -> author, tags -> tags: each gets paginated list pages (10 a page);
the archives page is the paginated list of all fact-checks; the home page shows the latest ten.
Front matter is YAML (pelican-yaml-metadata); Markdown with tables, footnotes and heading ids.
"""
AUTHOR = "Example Cost Check"
SITENAME = "Example Cost Check"
SITEURL = ""
PATH = "content"
ARTICLE_PATHS = ["claims"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["pelican.plugins.yaml_metadata"]
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.tables": {},
        "markdown.extensions.footnotes": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
FORMATTED_FIELDS = []  # the summary is plain text, as in ours

ARTICLE_URL = "claims/{slug}/"
ARTICLE_SAVE_AS = "claims/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "verdicts/{slug}/"
CATEGORY_SAVE_AS = "verdicts/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
AUTHOR_URL = "claimants/{slug}/"
AUTHOR_SAVE_AS = "claimants/{slug}/index.html"
CATEGORIES_SAVE_AS = "verdicts/index.html"
TAGS_SAVE_AS = "tags/index.html"
AUTHORS_SAVE_AS = "claimants/index.html"
ARCHIVES_SAVE_AS = "claims/index.html"
ARCHIVES_URL = "claims/"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives"]

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"archives": None, "tag": None, "category": None, "author": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# One feed per list, like Hugo's and ours.
FEED_ALL_ATOM = "feed.xml"
CATEGORY_FEED_ATOM = "verdicts/{slug}/feed.xml"
TAG_FEED_ATOM = "tags/{slug}/feed.xml"
AUTHOR_FEED_ATOM = "claimants/{slug}/feed.xml"
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False  # cold builds
CACHE_CONTENT = False
