"""Small knowledge bases for the forecast tests: fixed parameter values (low = central =
high) chosen so that every expected figure can be computed by hand."""

from __future__ import annotations

from chiptalent.kb.model import Intervention, KnowledgeBase, Mechanism, Parameter

FIXED = {
    "completion.mbo": 0.6, "completion.mbo.bbl": 0.5, "completion.hbo": 0.5,
    "completion.wo": 0.5, "completion.wo.master": 0.8,
    "completion.retraining": 0.8, "completion.recruitment": 0.9,
    "duration.mbo": 3.0, "duration.mbo.bbl": 2.0, "duration.hbo": 4.0, "duration.wo": 5.0,
    "duration.wo.master": 2.0, "duration.retraining": 1.0, "duration.recruitment": 0.5,
    "progression.mbo.hbo": 0.0, "progression.hbo.wo": 0.0,
    "sector_entry.mbo": 0.5, "sector_entry.hbo": 0.25, "sector_entry.wo": 0.2,
    "stay_rate.eer.mbo": 0.5, "stay_rate.eer.hbo": 0.5, "stay_rate.eer.wo": 0.4,
    "stay_rate.non_eer.mbo": 0.25, "stay_rate.non_eer.hbo": 0.25,
    "stay_rate.non_eer.wo": 0.3,
    "deadweight.places": 0.1, "deadweight.intake": 0.5, "deadweight.completion": 0.2,
    "deadweight.retraining": 0.25, "deadweight.retention": 0.5,
    "uplift.intake": 0.05, "lag.intake": 1.0, "dropout_reduction.completion": 0.5,
    "placement.retraining": 0.5, "placement.recruitment": 0.8,
    "stay_uplift.retention": 0.2,
    "funding.regular.mbo": 8000.0, "funding.regular.hbo": 6000.0,
    "funding.regular.wo": 7000.0, "funding.degree.hbo": 3000.0,
    "funding.degree.wo": 4000.0, "student_finance.mbo": 1000.0,
    "student_finance.hbo": 2000.0, "student_finance.wo": 2000.0,
}
UNITS = {"duration": "years", "lag": "years", "funding": "euro-per-year",
         "student_finance": "euro-per-year"}


def parameter(pid: str, low: float, central: float | None = None,
              high: float | None = None) -> Parameter:
    central = low if central is None else central
    high = central if high is None else high
    unit = UNITS.get(pid.split(".")[0], "share")
    if pid.startswith("funding.degree"):
        unit = "euro"
    return Parameter(id=pid, label=pid, label_en=pid, unit=unit, low=low,
                     central=central, high=high, assumption="test value",
                     set_by="kb-editors")


def knowledge_base(changes: dict | None = None, interventions=()) -> KnowledgeBase:
    """The fixed parameters, with `changes` ({id: value or (low, central, high)})."""
    params = {pid: parameter(pid, v) for pid, v in FIXED.items()}
    for pid, v in (changes or {}).items():
        params[pid] = parameter(pid, *v) if isinstance(v, tuple) else parameter(pid, v)
    return KnowledgeBase(building_blocks={}, vocabularies={},
                         interventions={i.id: i for i in interventions}, evidence={},
                         regions={}, national={}, parameters=params)


def intervention(iid: str, mechanism: str, routes=(), **parameters) -> Intervention:
    return Intervention(id=iid, label=iid, label_en=iid, building_block="3",
                        routes=list(routes),
                        mechanism=Mechanism(type=mechanism, parameters=parameters))
