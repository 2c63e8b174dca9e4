"""Rules as data plus the engine: the recommender and the plan checker.

`load_rules()` reads the YAML rules of `recommend/` and `check/`; `engine.py` runs
them; `recommender.py` and `checker.py` are the two uses.
"""

from chiptalent.rules.ruleset import RuleSet, load_rules

__all__ = ["RuleSet", "load_rules"]
