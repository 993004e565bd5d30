"""A static fact-check microsite generator: Markdown + YAML front matter in, a static site out."""

__version__ = "0.2.0"
