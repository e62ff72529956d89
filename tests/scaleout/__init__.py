"""Scale-out test: PostgreSQL, two app replicas and nginx, started for real."""
