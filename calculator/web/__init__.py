"""Web plumbing shared by every audience: extensions, security headers and CSP, sessions, JSON,
rate limits, operations, language choice and Babel, sign-in throttling, passwords, the clock."""
