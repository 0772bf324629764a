"""regiobeeld.kaart: every gemeente of the CBS file has a shape, in the right place, read once."""

from __future__ import annotations

from regio.gemeenten import gemeenten_lezen
from regiobeeld import kaart
from regiobeeld.charts import zwaartepunt
from regiobeeld.kaart import buren, kader, vormen

OZL = ["GM0917", "GM0928", "GM0882", "GM0899", "GM0965", "GM0986", "GM1954"]


def test_every_gemeente_of_the_cbs_file_has_a_shape() -> None:
    codes = [g.code for g in gemeenten_lezen()]
    assert len(codes) == 342
    shapes = vormen(codes)
    assert set(shapes) == set(codes)
    for code, ringen in shapes.items():
        assert ringen, code
        for ring in ringen:
            assert len(ring) >= 4, code  # a closed ring: at least a triangle and its first point again
            assert ring[0] == ring[-1], code
            assert all(3.0 < lon < 7.5 and 50.7 < lat < 53.7 for lon, lat in ring), code


def test_heerlen_lies_where_it_should() -> None:
    shapes = vormen(["GM0917"])
    box = kader(shapes.values())
    assert box is not None
    min_lon, min_lat, max_lon, max_lat = box
    # Heerlen reaches from about 5.90 to 6.02 east and 50.82 to 50.94 north.
    assert 5.85 <= min_lon < max_lon <= 6.05
    assert 50.80 <= min_lat < max_lat <= 50.95
    lon, lat = zwaartepunt(shapes["GM0917"])
    assert 5.9 <= lon <= 6.05 and 50.85 <= lat <= 50.93


def test_a_gemeente_of_several_parts_keeps_all_its_parts() -> None:
    # Islands and exclaves are a MultiPolygon: the file has seven of those.
    meerdelig = [code for code, ringen in vormen([g.code for g in gemeenten_lezen()]).items() if len(ringen) > 1]
    assert len(meerdelig) == 7


def test_unknown_codes_are_left_out() -> None:
    assert vormen(["GM9999", "GM0917"]).keys() == {"GM0917"}
    assert vormen([]) == {}


def test_the_file_is_read_once_and_callers_cannot_change_the_cached_shapes() -> None:
    eerste = vormen(["GM0917"])
    eerste["GM0917"][0].clear()
    assert len(vormen(["GM0917"])["GM0917"][0]) > 3
    assert kaart._alle_vormen() is kaart._alle_vormen()
    assert kaart._alle_vormen.cache_info().currsize == 1


def test_the_neighbours_surround_the_region_and_exclude_it() -> None:
    rondom = buren(OZL)
    assert not rondom & set(OZL)
    assert {"GM1729", "GM0994", "GM1883"} <= rondom  # Gulpen-Wittem, Valkenburg aan de Geul, Sittard-Geleen
    assert "GM0014" not in rondom  # Groningen is far away
    assert buren([]) == set()
    assert buren(["GM9999"]) == set()
