"""Reading the project: site.yaml and content/ -> a validated, frozen model, or every problem
at once with its file, line and column."""
