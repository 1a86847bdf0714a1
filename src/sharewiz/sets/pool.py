"""Running a batch's jobs: sets with nothing new reported from their state, the rest
rendered in worker processes (in this one for `--jobs 1`), fed lazily.

The worker side is `sharewiz.sets.worker`; the whole batch is `sharewiz.sets.batch`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sharewiz.errors import UserError
from sharewiz.sets.worker import Job, Options, SetResult, init_worker, render_job, start_batch


def run_jobs(
    jobs: Iterable[Job | SetResult],
    options: Options,
    *,
    workers: int,
    on_result: Callable[[SetResult], None],
) -> None:
    """Render jobs in `workers` processes (in this one for 1), feeding them lazily.

    A set the job would leave as it is is reported here, from its state, before any
    worker is asked (`sharewiz.sets.rerun`); workers start only when a set needs one.
    """
    from sharewiz.sets.rerun import unchanged_result

    def needing_work() -> Iterator[Job]:
        for job in jobs:
            if isinstance(job, SetResult):
                on_result(job)
                continue
            known = unchanged_result(job, options)
            if known is None:
                yield job
            else:
                on_result(known)

    start_batch()
    if workers <= 1:
        initialised = False
        for job in needing_work():
            if not initialised:  # knowledge, trees and templates: only if a set needs them
                init_worker(options)
                initialised = True
            on_result(render_job(job))
        return
    import multiprocessing

    # forkserver: workers start from a clean, single-threaded server (a progress bar's
    # thread in this process is never forked). Nothing is preloaded there: the server
    # would import sharewiz before taking this process's sys.path, possibly another copy.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    try:
        _pool(needing_work(), options, workers, on_result, context)
    except BrokenProcessPool as exc:
        raise UserError(
            f"a worker process stopped unexpectedly ({exc}); sets already reported were written",
            hint="run again (finished sets are unchanged and quick), or with --jobs 1 to see the error",
        ) from exc


def _pool(
    jobs: Iterator[Job],
    options: Options,
    workers: int,
    on_result: Callable[[SetResult], None],
    context: Any,
) -> None:
    """Render `jobs` in a pool started at the first job (none for a batch with nothing new)."""
    first = next(jobs, None)
    if first is None:
        return
    limit = workers * 4  # enough queued to keep every worker busy, never the whole batch
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_pool_worker, initargs=(options,)
    ) as pool:
        pending: set[Future[SetResult]] = {pool.submit(render_job, first)}
        try:
            for job in jobs:
                pending.add(pool.submit(render_job, job))
                if len(pending) >= limit:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        on_result(future.result())
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    on_result(future.result())
        except KeyboardInterrupt:
            # Ctrl-C: sets not started are dropped, the few running finish (writes are
            # atomic, so nothing is left half-written), then the lock is released.
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _init_pool_worker(options: Options) -> None:
    """A worker leaves Ctrl-C to the parent, which stops the batch cleanly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(options)
