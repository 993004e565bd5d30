"""Output files: the jobs that make them and the atomic stage they are written to."""
