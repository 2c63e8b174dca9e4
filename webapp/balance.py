"""Spreading connections evenly over the server's worker processes.

The workers accept on one listening socket, and which of them takes a new connection
is a race. A keep-alive client stays with the worker it got, so a lopsided race lasts:
20 clients split 14 to 6, and the fourteen waited over twice as long as the six for
as long as they stayed (search p50 45 ms, p95 130 ms on two cores).

So each worker writes how many connections it holds into a small array the workers
share (made before the fork), and listens for new ones only while it holds no more
than the fewest any worker holds: the least busy worker takes the next client, and a
split of 20 clients is 10 to 10. A worker not listening yet (still starting) or any
more (at its connection limit) is left out. The count is updated on every turn of the
worker's event loop (waitress asks its listening socket's `readable()` each turn), and
that turn comes at least every LOOP_TIMEOUT seconds, so a worker that stopped
listening because another had fewer looks again soon after that one filled up. A
worker that died is left out too (its count set to NOT_LISTENING) until the worker
started in its place writes its own.
"""

from __future__ import annotations

import multiprocessing

# A dead worker's count: higher than any real one, so it is never the fewest.
NOT_LISTENING = 2 ** 30
# Seconds a worker's event loop waits for an event at most (waitress's default is 1 s):
# how long a new connection may wait for a worker that stopped listening to look again.
LOOP_TIMEOUT = 0.05


class AcceptBalance:
    """The connections each worker holds, shared by the workers (slot = worker)."""

    def __init__(self, workers: int):
        # shared memory; a worker not yet listening is left out like a dead one
        self.counts = multiprocessing.RawArray("i", [NOT_LISTENING] * workers)

    def gate(self, server, slot: int) -> None:
        """Make waitress `server` (in worker `slot`) listen only while it is among the
        least busy workers."""
        listening = server.readable            # waitress's own: the connection limit
        counts = self.counts

        def readable() -> bool:
            if not listening():
                counts[slot] = NOT_LISTENING
                return False
            mine = len(server.active_channels)     # its open connections
            counts[slot] = mine
            return mine <= min(counts)

        server.readable = readable
        server.adj.asyncore_loop_timeout = LOOP_TIMEOUT

    def forget(self, slot: int) -> None:
        """Leave a dead worker's slot out until its successor writes to it."""
        self.counts[slot] = NOT_LISTENING
