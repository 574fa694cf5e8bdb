"""The policy core: facts, schemes, rules, scoring, explanation and cities.

Nothing here imports Flask: the web pages, the API, the CLI and the simulation all call this one
source of rules. Messages are returned as codes with parameters; the caller translates them.
"""
