"""Parts of the NLU benchmark: held-out datasets, the two pipelines, typing rewrites."""
