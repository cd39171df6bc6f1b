"""Worker processes that end with the process that started them.

Pool workers started through multiprocessing's forkserver outlive a parent that is killed
(SIGKILL, the out-of-memory killer): each holds the write end of its own task queue, so it never
reads end-of-file, and the forkserver stays up as long as any worker does. A scheduled crawl
that dies would leave them behind, run after run. So each worker watches its parent's pid."""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 1.0


def end_with(parent: int) -> None:
    """A pool initializer: this worker exits within POLL_SECONDS of `parent` ending."""

    def watch() -> None:
        while True:
            time.sleep(POLL_SECONDS)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)  # nobody is left to hand a result to
            except PermissionError:
                pass  # a process of another user: the parent is still there

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()
