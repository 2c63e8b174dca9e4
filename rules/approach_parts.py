"""The four parts of the approach that every plan covers (Bijlage 1, 2. Aanpak).

The call asks each plan to describe its approach for

    - Mbo/hbo/wo
    - Internationaal talent
    - Minder vertegenwoordigde groepen (bijv. vrouwen)
    - Leven Lang Ontwikkelen (bijv. het activeren van onbenut arbeidspotentieel en het
      om- en bijscholen van professionals)

Here each part becomes what an intervention must have to serve it: a level, a target
group, or (for lifelong learning) building block 1B, which is the call's own LLO block
("Om- en bijscholers – LLO doelgroep"). A part is covered when every one of its
requirements is met by some intervention; a requirement is met by an intervention that
has any one of its values. The target groups are those of the plan checker's coverage
rules (rules/check/2-aanpak.yaml), so an arrangement that covers a part here raises no
`coverage.level-missing` there; `tests/test_domain_fidelity.py` holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass

from chiptalent.kb.model import Intervention


@dataclass(frozen=True)
class Requirement:
    kind: str                 # levels | target_groups | building_block
    values: tuple[str, ...]   # any one of these

    def met_by(self, item: Intervention) -> bool:
        if self.kind == "building_block":
            return item.building_block in self.values
        return any(v in getattr(item, self.kind) for v in self.values)

    def describe(self) -> str:
        names = {"levels": "niveau", "target_groups": "doelgroep",
                 "building_block": "bouwsteen"}
        return f"{names[self.kind]} {' of '.join(self.values)}"


@dataclass(frozen=True)
class Part:
    id: str
    label: str
    label_en: str
    requirements: tuple[Requirement, ...]


PARTS: dict[str, Part] = {p.id: p for p in (
    Part("mbo-hbo-wo", "Mbo/hbo/wo", "Mbo/hbo/wo",
         (Requirement("levels", ("mbo",)), Requirement("levels", ("hbo",)),
          Requirement("levels", ("wo",)))),
    Part("international", "Internationaal talent", "International talent",
         (Requirement("target_groups", ("international-students", "foreign-talent",
                                        "international-workers")),)),
    Part("under-represented", "Minder vertegenwoordigde groepen",
         "Under-represented groups",
         (Requirement("target_groups", ("girls-women", "migration-background", "newcomers",
                                        "early-school-leavers", "benefit-recipients")),)),
    Part("llo", "Leven Lang Ontwikkelen (bouwsteen 1B)",
         "Lifelong learning (building block 1B)",
         (Requirement("building_block", ("1B",)),)),
)}


def unmet(part: Part, members: list[Intervention]) -> list[Requirement]:
    """The requirements of a part that none of the members meets."""
    return [r for r in part.requirements if not any(r.met_by(m) for m in members)]


def parts_covered(members: list[Intervention]) -> list[str]:
    """Ids of the parts the members cover, in the call's order."""
    return [pid for pid, part in PARTS.items() if not unmet(part, members)]
