"""Impact simulation: whole populations of applicants scored at once (no Flask import)."""
