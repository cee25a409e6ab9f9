"""lint/long_lived.py: no collection while long-lived objects are made, then they are frozen."""

from __future__ import annotations

import gc

from lint.long_lived import long_lived


def test_the_collector_pauses_then_the_objects_made_are_frozen():
    assert gc.isenabled()
    before = gc.get_freeze_count()
    try:
        with long_lived():
            assert not gc.isenabled()
            made = [[n] for n in range(1000)]  # lists: objects the collector tracks
            with long_lived():  # nested: still paused
                assert not gc.isenabled()
            assert gc.get_freeze_count() == before  # frozen only when the outer block ends
        assert gc.isenabled() and gc.get_freeze_count() >= before + 1000
        tracked = {id(o) for o in gc.get_objects()}  # every generation but the permanent one
        assert not any(id(o) in tracked for o in made)
    finally:
        gc.unfreeze()


def test_an_error_inside_still_turns_the_collector_back_on():
    try:
        with long_lived():
            raise KeyError("x")
    except KeyError:
        pass
    finally:
        gc.unfreeze()
    assert gc.isenabled()


def test_with_the_collector_off_nothing_changes():
    gc.disable()
    try:
        before = gc.get_freeze_count()
        with long_lived():
            pass
        assert not gc.isenabled() and gc.get_freeze_count() == before
    finally:
        gc.enable()
