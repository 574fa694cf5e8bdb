"""The words: core codes, results and verdicts said in zh and en (through Babel)."""
