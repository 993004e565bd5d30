"""The site-wide machine-readable files: feeds, sitemap, robots.txt, claims.json, costs/all.*."""
