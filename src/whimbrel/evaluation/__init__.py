"""Evaluation: gold sets (whimbrel, PETRARCH unit tests, PLOVER GSR), scoring, end-to-end runs."""
