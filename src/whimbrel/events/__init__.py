"""Event coding: who did what to whom, in PLOVER with CAMEO codes, with evidence spans."""
