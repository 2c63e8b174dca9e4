"""The figures of Bijlage 2 and 3, as the knowledge base holds them, against the seed's
own numbers (read from the seed text here, not copied from the KB)."""

from __future__ import annotations

import re

import pytest

from chiptalent.kb.validate import SEED_PATH

SEED = SEED_PATH.read_text(encoding="utf-8")


def seed_number(text: str) -> int:
    return int(text.replace(".", "").replace(",", ""))


def test_national_demand_matches_bijlage_2(kb):
    demand = kb.national["demand"]
    # "WO totaal ... 38115", "5% PhD 14483 38%", "HBO totaal 8890 23%", "MBO totaal 14742 39%"
    assert re.search(r"WO totaal\tPrognose Δ 2030: 33\.018 arb\.pl\t38115", SEED)
    assert demand["total"] == 38115
    assert demand["jobs_growth_forecast"] == seed_number("33.018")
    for level, row in (("wo", r"5% PhD\t\t(\d+)\t(\d+)%"), ("hbo", r"HBO totaal\t\t(\d+)\t(\d+)%"),
                       ("mbo", r"MBO totaal\t\t(\d+)\t(\d+)%")):
        value, share = re.search(row, SEED).groups()
        assert demand["by_level"][level]["value"] == int(value)
        assert demand["by_level"][level]["share_stated"] == int(share) / 100
    assert sum(demand["by_level"][lv]["value"] for lv in ("wo", "hbo", "mbo")) == 38115


def test_regional_totals_match_the_totaal_row(kb):
    row = re.search(r"Totaal\t\t(\d+)\t\t(\d+)\t\t(\d+)\t\t(\d+)\t\t(\d+)", SEED).groups()
    national, twente, delft, groningen, overig = map(int, row)
    assert national == 38115
    assert kb.regions["twente"].demand_total.value == twente == 3812
    assert kb.regions["delft"].demand_total.value == delft == 1321
    assert kb.regions["groningen"].demand_total.value == groningen == 162
    assert kb.regions["overig"].demand_total.value == overig == 6861
    brainport = kb.regions["brainport"].demand_total
    assert brainport.value == national - twente - delft - groningen - overig == 25959
    assert brainport.basis == "derived"
    assert sum(r.demand_total.value for r in kb.regions.values()) == national


def test_stated_shares_are_kept_as_printed(kb):
    stated = dict(re.findall(r"(Brainport|Twente|Delft|Groningen|Overig)\t(\d+)%?",
                             SEED.split("Bijlage 2 –")[1].split("Sector")[0]))
    ids = {"Brainport": "brainport", "Twente": "twente", "Delft": "delft",
           "Groningen": "groningen", "Overig": "overig"}
    for name, share in stated.items():
        assert kb.regions[ids[name]].demand_share["stated"] == int(share) / 100
    # Delft's 1,321 is 3.5% of 38,115, printed as 4%.
    assert kb.regions["delft"].demand_share["computed"] == pytest.approx(0.03466, abs=1e-4)


def test_fte_per_region_matches_bijlage_3(kb):
    rows = dict(re.findall(r"\n(Brainport Eindhoven|Twente|Delft/Zuid-Holland|Groningen/Noord-NL|"
                           r"Overige regio's)\t([\d.]+)\t", SEED))
    ids = {"Brainport Eindhoven": "brainport", "Twente": "twente", "Delft/Zuid-Holland": "delft",
           "Groningen/Noord-NL": "groningen", "Overige regio's": "overig"}
    assert len(rows) == 5
    for name, fte in rows.items():
        assert kb.regions[ids[name]].fte.value == seed_number(fte)
    total = seed_number(re.search(r"\nTotaal\t([\d.]+)\t100%", SEED).group(1))
    assert total == kb.national["fte"]["total"] == 50932
    assert sum(r.fte.value for r in kb.regions.values()) == total


@pytest.mark.parametrize("region, expected", [
    ("twente", {"mbo": 1474, "hbo": 889, "wo": 1448}),       # vocabulary.md's own example
    ("brainport", {"mbo": 10040, "hbo": 6055, "wo": 9864}),
    ("groningen", {"mbo": 63, "hbo": 38, "wo": 62}),
])
def test_per_level_demand_is_derived_pro_rata(kb, region, expected):
    r = kb.regions[region]
    assert r.demand_by_level() == expected
    assert all(f.basis == "derived" for f in r.demand.values())
    # The rounded levels may miss the seed's total by at most one.
    assert abs(sum(expected.values()) - r.demand_total.value) <= 1


def test_value_chain_segments_are_recorded_as_given(kb):
    segments = {s["id"]: s for s in kb.national["value_chain"]["segments"]}
    assert "Equipment 21 organisations 18,247 FTE" in SEED
    assert segments["equipment"]["organisations"] == 21
    assert segments["equipment"]["fte"] == 18247
    assert segments["metrology-inspection"]["fte"] is None      # no figures in the seed
    for seg in segments.values():
        if seg["fte"] is not None:
            assert f"{seg['organisations']} organisations" in SEED
            assert f"{seg['fte']:,} FTE" in SEED or f"{seg['fte']} FTE" in SEED
    # The segments add up to fewer FTE than the total, as the seed has it.
    assert sum(s["fte"] or 0 for s in segments.values()) < 50932
