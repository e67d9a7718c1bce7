"""Per-key locks: exclusion per key, independence across keys, nothing kept after use."""

from __future__ import annotations

import threading
import time

import pytest

from umbrella.service.http.keyed_locks import KeyedLocks


def test_one_key_is_held_by_one_thread_at_a_time() -> None:
    locks = KeyedLocks()
    inside, peak, guard = 0, 0, threading.Lock()
    start = threading.Barrier(8)

    def work() -> None:
        nonlocal inside, peak
        start.wait()
        for _ in range(200):
            with locks.hold("same"):
                with guard:
                    inside += 1
                    peak = max(peak, inside)
                time.sleep(0)  # let another thread run while this one holds the key
                with guard:
                    inside -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 1
    assert len(locks) == 0


def test_other_keys_do_not_wait_and_nothing_is_kept() -> None:
    locks = KeyedLocks()
    with locks.hold("a"):
        assert len(locks) == 1
        entered = threading.Event()

        def other() -> None:
            with locks.hold("b"):
                entered.set()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=30)
        assert entered.is_set()
    for key in range(1000):
        with locks.hold(key):
            pass
    assert len(locks) == 0


def test_a_failing_block_releases_its_key() -> None:
    locks = KeyedLocks()
    with pytest.raises(ValueError, match="boom"), locks.hold("k"):
        raise ValueError("boom")
    assert len(locks) == 0
    with locks.hold("k"):
        assert len(locks) == 1
