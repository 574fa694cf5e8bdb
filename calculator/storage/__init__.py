"""Storage: the database models, scheme versions (drafts, publish, rollback, audit) and the
published policy the web layer scores with."""
