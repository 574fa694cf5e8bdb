"""Populations of applicants (facts) for golden tests, benchmarks and impact simulation."""
