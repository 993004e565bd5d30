"""The model -> what a reader sees: the views templates print, figures, charts, JSON-LD, the
/costs/ explorer, verdict colours, share texts."""
