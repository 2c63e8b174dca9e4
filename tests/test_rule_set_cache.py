"""The validated rule set is cached in the data directory (rules/ruleset_cache.py):
read back unchanged, rebuilt when a rule file changes or the cache is corrupt, never
holding a rule set that failed validation."""

from __future__ import annotations

import shutil

import pytest

from chiptalent.errors import InputError
from chiptalent.rules.ruleset import RULES_DIR, load_rules, read_rules
from chiptalent.rules.ruleset_cache import cache_path, load_cached


@pytest.fixture()
def rules_copy(tmp_path):
    base = tmp_path / "rules"
    for kind in ("recommend", "check"):
        shutil.copytree(RULES_DIR / kind, base / kind)
    return base


def test_second_load_comes_from_the_cache_and_equals_the_first(rules_copy, tmp_path):
    data = tmp_path / "data"
    reads = []

    def read():
        reads.append(1)
        return read_rules(rules_copy)

    first = load_cached(rules_copy, data, read)
    second = load_cached(rules_copy, data, read)
    assert len(reads) == 1
    assert cache_path(rules_copy, data).is_file()
    assert second.as_dicts() == first.as_dicts()
    assert [r.id for r in second.recommend] == [r.id for r in first.recommend]


def test_an_edited_rule_file_is_read_again(rules_copy, tmp_path):
    data = tmp_path / "data"
    before = load_rules(rules_copy, data_dir=data)
    path = sorted((rules_copy / "recommend").glob("*.yaml"))[0]
    rule = before.recommend[0]
    assert rule.source_file.endswith(path.name)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"id: {rule.id}\n", f"id: {rule.id}-edited\n", 1),
                    encoding="utf-8")
    after = load_rules(rules_copy, data_dir=data)
    assert after.get(f"{rule.id}-edited") is not None and after.get(rule.id) is None


def test_a_broken_rule_file_is_reported_every_time_and_never_cached(rules_copy, tmp_path):
    data = tmp_path / "data"
    load_rules(rules_copy, data_dir=data)                 # a good set in the cache
    path = sorted((rules_copy / "check").glob("*.yaml"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nunexpected: key\n",
                    encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError) as error:
            load_rules(rules_copy, data_dir=data)
        assert path.name in str(error.value)


def test_a_corrupt_cache_is_rebuilt(rules_copy, tmp_path):
    data = tmp_path / "data"
    good = load_rules(rules_copy, data_dir=data)
    cache = cache_path(rules_copy, data)
    cache.write_bytes(b"not a pickle")
    again = load_rules(rules_copy, data_dir=data)
    assert again.as_dicts() == good.as_dicts()
    assert cache.read_bytes() != b"not a pickle"
