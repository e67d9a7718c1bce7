"""Every UN member state is in the countries layer under its ISO 3166-1 alpha-3 code."""

from __future__ import annotations

import pytest
import shapely

from umbrella.layers import load_layer, region_geometry, resolve_region
from umbrella.layers.catalogue import WORLDVIEWS

# The 193 member states of the United Nations, by ISO 3166-1 alpha-3 code.
UN_MEMBERS = (  # noqa: SIM905 (a list as printed is easier to check)
    "AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH "
    "BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP "
    "CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU "
    "GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ "
    "KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS "
    "MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN "
    "PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC "
    "SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN "
    "TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE"
).split()


def test_the_list_holds_the_193_member_states() -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193


@pytest.mark.parametrize("worldview", WORLDVIEWS)
def test_every_member_state_selects_its_country(worldview: str) -> None:
    countries = load_layer("countries", worldview=worldview)
    missing = []
    for code in UN_MEMBERS:
        kind, adm0 = resolve_region(code, worldview)
        row = countries.loc[countries["adm0_a3"] == adm0]
        wrong = kind != "country" or row.empty or (row["iso_a3"] != code).any()
        if wrong or shapely.is_empty(region_geometry(code, worldview)):
            missing.append(code)
    assert missing == []


def test_cyprus_is_cyprus_and_no_row_is_named_by_a_code() -> None:
    countries = load_layer("countries")
    cyprus = countries.loc[countries["iso_a3"] == "CYP"]
    assert list(cyprus["name"]) == ["Cyprus"]
    assert "ESB" not in set(countries["adm0_a3"])
    # Nicosia and Limassol lie in it
    island = cyprus.geometry.iloc[0]
    assert shapely.contains_xy(island, [33.3823, 33.0413], [35.1856, 34.6786]).all()
