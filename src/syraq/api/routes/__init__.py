"""One module per resource; each exposes ``router``."""

MODULES: tuple[str, ...] = ("events", "reviews", "documents", "places", "analysis", "claims", "export", "stats",
                            "gazetteer", "incidents")
