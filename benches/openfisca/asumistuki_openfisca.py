"""Yleinen asumistuki (938/2014) for rental homes in 2025 as an OpenFisca
tax-benefit system: the comparison point of BENCHMARKS.md.

The same 1 000 bench households as `etuus batch` (benches/data), repeated to
100 000, calculated by OpenFisca-Core's vectorised simulation. Only what these
households need is modelled — rental homes, no students, no assets — with the
2025 parameters (938/2014 8 §, 9 §, 10 §, 12 §, 16 §, 24 §; the amounts of
1.4.2024, act 1241/2023). Each household's municipality group and heating
region (938/2014 10 §, 9 §) are inputs here, looked up beforehand with
`etuus batch --value`, so OpenFisca is not charged for the municipality table.

    python asumistuki_openfisca.py INPUTS.json [--repeat 100]

INPUTS.json is written by benches/batch.sh. Prints the households per second
of building the simulation from arrays and calculating, of the calculation
alone, and how many amounts differ from the expected ones
(`expected_asumistuki` of the bench file).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Household = build_entity(
    key="household",
    plural="households",
    label="Ruokakunta",
    roles=[{"key": "member", "plural": "members", "label": "Jäsen"}],
)
Person = build_entity(key="person", plural="persons", label="Henkilö", is_person=True)

# 938/2014 10 §: enimmäisasumismenot from 1.4.2024 (1241/2023), groups I–III,
# 1–4 persons and each further person.
CEILING = np.array([[563, 808, 1019, 1188], [447, 652, 828, 981], [394, 574, 734, 875]], dtype=float)
CEILING_EXTRA = np.array([148, 134, 129], dtype=float)


def half_up(x, decimals=0):
    """Half away from zero, as the law rounds (numpy rounds half to even)."""
    f = 10.0**decimals
    return np.sign(x) * np.floor(np.abs(x) * f + 0.5) / f


def money(name, entity, label):
    return type(name, (Variable,), {
        "value_type": float, "entity": entity, "definition_period": DateUnit.MONTH, "label": label,
    })


ika = type("ika", (Variable,), {"value_type": int, "entity": Person, "definition_period": DateUnit.MONTH, "label": "ikä"})
palkkatulo = money("palkkatulo", Person, "palkkatulo")
muut_tulot = money("muut_tulot", Person, "muut tulot")
korko_ja_osinkotulot = money("korko_ja_osinkotulot", Person, "korko- ja osinkotulot")
vuokra = money("vuokra", Household, "vuokra")
vesimaksu_erikseen = type("vesimaksu_erikseen", (Variable,), {"value_type": bool, "entity": Household, "definition_period": DateUnit.MONTH, "label": "vesi erikseen"})
lammitys_erikseen = type("lammitys_erikseen", (Variable,), {"value_type": bool, "entity": Household, "definition_period": DateUnit.MONTH, "label": "lämmitys erikseen"})
kuntaryhma = type("kuntaryhma", (Variable,), {"value_type": int, "entity": Household, "definition_period": DateUnit.MONTH, "label": "kuntaryhmä 1–3"})
lammityskorotus = money("lammityskorotus", Household, "lämmitysnormin korotus (0, 0.04, 0.08)")


class huomioon_otettavat_tulot(Variable):
    value_type = float
    entity = Person
    definition_period = DateUnit.MONTH
    label = "henkilön huomioon otettavat tulot (12 §)"

    def formula(person, period):
        korot = person("korko_ja_osinkotulot", period)
        aikuinen = person("ika", period) >= 18
        tulot = person("palkkatulo", period) + person("muut_tulot", period) + np.where(korot > 12.02, korot, 0)
        # A minor child's income does not count (12 § 1 mom.).
        return np.where(aikuinen, tulot, 0)


class yleinen_asumistuki(Variable):
    value_type = float
    entity = Household
    definition_period = DateUnit.MONTH
    label = "yleinen asumistuki (8 §, 16 §, 24 §)"

    def formula(household, period):
        koko = household.nb_persons()
        aikuisia = household.sum(household.members("ika", period) >= 18)
        lapsia = koko - aikuisia
        ryhma = household("kuntaryhma", period) - 1
        ceiling = CEILING[ryhma, np.minimum(koko, 4) - 1] + CEILING_EXTRA[ryhma] * np.maximum(koko - 4, 0)
        k = 1 + household("lammityskorotus", period)
        menot = (
            household("vuokra", period)
            + household("vesimaksu_erikseen", period) * 20.0 * koko
            + household("lammitys_erikseen", period) * (half_up(46 * k) + half_up(16 * k) * (koko - 1))
        )
        huomioon = np.minimum(half_up(np.maximum(menot, 0), 2), ceiling)
        tulot = half_up(household.sum(household.members("huomioon_otettavat_tulot", period)))
        raja = 667 + 94 * np.maximum(aikuisia, 1) + 296 * lapsia
        pov = half_up(0.5 * (tulot - raja), 2)
        pov = np.where(pov >= 10, pov, 0)
        tuki = half_up(0.7 * np.maximum(huomioon - pov, 0), 2)
        return np.where(tuki < 15, 0, tuki)


class Asumistuki(TaxBenefitSystem):
    def __init__(self):
        super().__init__([Household, Person])
        for v in (ika, palkkatulo, muut_tulot, korko_ja_osinkotulot, vuokra, vesimaksu_erikseen,
                  lammitys_erikseen, kuntaryhma, lammityskorotus, huomioon_otettavat_tulot,
                  yleinen_asumistuki):
            self.add_variable(v)


def arrays(households, repeat):
    """Column arrays of `households` repeated `repeat` times."""
    hs = households * repeat
    person_household, person = [], {k: [] for k in ("ika", "palkkatulo", "muut_tulot", "korko_ja_osinkotulot")}
    for i, h in enumerate(hs):
        for p in h["henkilot"]:
            person_household.append(i)
            for k in person:
                person[k].append(p.get(k, 0))
    household = {
        "vuokra": np.array([h["vuokra"] for h in hs], dtype=float),
        "vesimaksu_erikseen": np.array([h["vesimaksu_erikseen"] for h in hs]),
        "lammitys_erikseen": np.array([h["lammitys_erikseen"] for h in hs]),
        "kuntaryhma": np.array([h["kuntaryhma"] for h in hs]),
        "lammityskorotus": np.array([h["lammityskorotus"] for h in hs], dtype=float),
    }
    return hs, np.array(person_household), {k: np.array(v) for k, v in person.items()}, household


def run(tbs, person_household, person, household, period="2025-06"):
    builder = SimulationBuilder()
    builder.create_entities(tbs)
    n = len(household["vuokra"])
    builder.declare_person_entity("person", [f"p{i}" for i in range(len(person_household))])
    instance = builder.declare_entity("household", [f"h{i}" for i in range(n)])
    builder.join_with_persons(instance, [f"h{i}" for i in person_household], ["member"] * len(person_household))
    simulation = builder.build(tbs)
    for k, v in person.items():
        simulation.set_input(k, period, v)
    for k, v in household.items():
        simulation.set_input(k, period, v)
    start = time.perf_counter()
    amounts = simulation.calculate("yleinen_asumistuki", period)
    return amounts, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("inputs")
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    households = json.load(open(args.inputs))
    tbs = Asumistuki()
    hs, person_household, person, household = arrays(households, args.repeat)
    best = best_calc = None
    for _ in range(3):
        start = time.perf_counter()
        amounts, calc = run(tbs, person_household, person, household)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
        best_calc = calc if best_calc is None else min(best_calc, calc)
    expected = np.array([float(h["expected"]) for h in hs])
    wrong = int(np.sum(np.abs(amounts - expected) > 0.005))
    print(json.dumps({
        "households": len(hs),
        "seconds": round(best, 3),
        "households_per_second": round(len(hs) / best),
        "calculate_only_per_second": round(len(hs) / best_calc),
        "differ_from_expected": wrong,
    }))


if __name__ == "__main__":
    main()
