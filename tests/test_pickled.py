"""The parse cache as a base and a delta (briefing/content/pickled.py)."""

from __future__ import annotations

import gc

from conftest import FIXTURES, new_project

from briefing import pipeline
from briefing.content import pickled

V = 3


def _entries(n: int, start: int = 0) -> dict[str, str]:
    return {f"k{i}": f"value {i}" for i in range(start, start + n)}


def test_a_few_changes_write_a_delta_and_load_back_whole(tmp_path):
    path = tmp_path / "cache.pickle"
    pickled.save(path, V, pickled.load(path, V), _entries(1000), {"a.md": "k1"})
    base = path.read_bytes()
    entries = {k: v for k, v in _entries(1000).items() if k != "k3"} | {"new": "one"}
    pickled.save(path, V, pickled.load(path, V), entries, {"a.md": "new"})
    assert path.read_bytes() == base  # the base is not written again
    assert pickled.delta_path(path).stat().st_size < len(base) / 20
    loaded = pickled.load(path, V)
    assert loaded.entries == entries and loaded.good == {"a.md": "new"}
    # a second build's delta replaces the first: it holds everything since the base
    again = entries | {"newer": "two"}
    pickled.save(path, V, loaded, again, {})
    assert pickled.load(path, V).entries == again and path.read_bytes() == base


def test_many_changes_write_the_base_again_and_a_stale_delta_is_ignored(tmp_path):
    path = tmp_path / "cache.pickle"
    pickled.save(path, V, pickled.load(path, V), _entries(1000), {})
    pickled.save(path, V, pickled.load(path, V), _entries(1001), {})
    stale_delta = pickled.delta_path(path).read_bytes()
    pickled.save(path, V, pickled.load(path, V), _entries(500, start=2000), {})
    assert not pickled.delta_path(path).exists()
    pickled.delta_path(path).write_bytes(stale_delta)  # as if a kill came between writing the base and the unlink
    assert pickled.load(path, V).entries == _entries(500, start=2000)


def test_a_damaged_or_foreign_cache_loads_empty(tmp_path):
    path = tmp_path / "cache.pickle"
    path.write_bytes(b"damaged")
    assert pickled.load(path, V).entries == {}
    pickled.save(path, V, pickled.load(path, V), _entries(10), {})
    assert pickled.load(path, V + 1).entries == {}
    pickled.delta_path(path).write_bytes(b"damaged")
    assert pickled.load(path, V).entries == _entries(10)


def test_a_cache_written_whole_before_deltas_existed_loads_and_is_written_as_a_base(tmp_path):
    import pickle

    path = tmp_path / "analysis.pickle"
    path.write_bytes(pickle.dumps({"version": V, "entries": _entries(10)}))  # no token, no `good`
    loaded = pickled.load(path, V)
    assert loaded.entries == _entries(10) and loaded.good == {}
    pickled.save(path, V, loaded, _entries(11), {})
    assert not pickled.delta_path(path).exists() and pickled.load(path, V).entries == _entries(11)


def test_a_changed_value_is_kept_by_every_later_delta(tmp_path):
    path = tmp_path / "cache.pickle"
    pickled.save(path, V, pickled.load(path, V), _entries(1000), {})
    changed = _entries(1000) | {"k5": "value 5, with its record"}
    pickled.save(path, V, pickled.load(path, V), changed, {}, changed={"k5"})
    assert pickled.load(path, V).entries == changed
    # The next build changes nothing under k5: its delta, which replaces the last, still holds k5's new value.
    again = changed | {"new": "one"}
    pickled.save(path, V, pickled.load(path, V), again, {})
    assert pickled.load(path, V).entries == again


def test_a_loaded_cache_is_left_out_of_the_collectors_passes_until_thawed(tmp_path):
    path = tmp_path / "cache.pickle"
    pickled.save(path, V, pickled.load(path, V), {f"k{i}": [i] for i in range(1000)}, {})
    pickled.thaw()
    assert gc.get_freeze_count() == 0
    loaded = pickled.load(path, V)
    assert gc.get_freeze_count() >= 1000 and gc.isenabled()  # its lists are not walked by the collector
    pickled.thaw()
    assert gc.get_freeze_count() == 0 and loaded.entries["k5"] == [5]


def test_prepare_hands_every_loaded_object_back_to_the_collector(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("en-retail.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    pipeline.prepare(proj.project(), offline=True)
    pipeline.prepare(proj.project(), offline=True)  # this one loads the caches the first wrote
    assert gc.get_freeze_count() == 0 and gc.isenabled()
