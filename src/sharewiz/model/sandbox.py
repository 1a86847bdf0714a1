"""The bounded Jinja sandbox: templates, `when` conditions and computed defaults run here.

Jinja's `SandboxedEnvironment` stops a template reaching Python internals; this one
also stops it using unbounded time or memory, through the sandbox's public hooks
(`call_binop`, `call`, `getattr`, `getitem`): `9**(9**9)`, `'a' * 10**10`,
`range(10**9)`, a macro that calls itself, or a loop that never ends all stop with a
`LimitExceeded` naming the limit, which callers report with the file and line.

The limits are one table, `LIMITS`, documented in docs/security.md.
"""

from __future__ import annotations

import functools
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, overload

from jinja2.exceptions import TemplateRuntimeError
from jinja2.sandbox import SandboxedEnvironment


@dataclass(frozen=True)
class Limits:
    """How much work one document (or one expression) may do."""

    int_bits: int = 10_000  # about 3,000 digits: any real count, sum or date sum fits
    length: int = 1_000_000  # characters of a string, items of a list, made by an operator
    range: int = 10_000  # items of one range()
    depth: int = 100  # calls (macros, filters, methods) running inside one another
    seconds: float = 10.0  # wall time to render one document or evaluate one expression


LIMITS = Limits()


class LimitExceeded(TemplateRuntimeError):
    """A template or expression went over one of the sandbox's limits."""


class _Budget(threading.local):
    """The running evaluation's deadline and call depth (one per thread)."""

    deadline: float | None = None
    depth: int = 0


_budget = _Budget()


@contextmanager
def time_budget(seconds: float | None = None, *, alarm: bool = False) -> Iterator[None]:
    """Bound the wall time of the evaluation run inside (nested budgets keep the earliest).

    The sandbox's hooks check the clock. A loop over a long string or list calls no
    hook, though, so with `alarm` (one per document) a real-time signal also stops the
    work a second after the deadline, where the platform has one and it is free.
    """
    limit = LIMITS.seconds if seconds is None else seconds
    deadline = time.monotonic() + limit
    outer = _budget.deadline
    _budget.deadline = deadline if outer is None else min(outer, deadline)
    armed = alarm and outer is None and _arm_alarm(limit + 1)
    try:
        yield
    finally:
        if armed:
            _disarm_alarm()
        _budget.deadline = outer


def _arm_alarm(seconds: float) -> bool:
    """Start SIGALRM if this is the main thread and nobody else uses it (pytest-timeout may)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return False
    if signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, None) or any(
        signal.getitimer(signal.ITIMER_REAL)
    ):
        return False
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    return True


def _disarm_alarm() -> None:
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _on_alarm(_signum: int, _frame: object) -> None:
    raise LimitExceeded(f"took longer than {LIMITS.seconds:g} seconds (the sandbox's limit)")


def _check_time() -> None:
    deadline = _budget.deadline
    if deadline is not None and time.monotonic() > deadline:
        raise LimitExceeded(f"took longer than {LIMITS.seconds:g} seconds (the sandbox's limit)")


def _too_long(what: str, size: int) -> LimitExceeded:
    return LimitExceeded(f"{what} of {size:,} items is over the limit of {LIMITS.length:,}")


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and value.bit_length() > LIMITS.int_bits:
        raise LimitExceeded(f"a number over {LIMITS.int_bits:,} bits (the sandbox's limit)")
    return value


def _power(left: Any, right: Any) -> Any:
    # Refuse before computing: 9**(9**9) would take minutes and gigabytes to refuse after.
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        if right * (abs(left).bit_length() - 1) > LIMITS.int_bits:
            raise LimitExceeded(f"{left} ** {right} is over the sandbox's number limit")
    return _check_int(left**right)


def _times(left: Any, right: Any) -> Any:
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, Sized) and not isinstance(seq, int) and isinstance(count, int):
            if len(seq) * count > LIMITS.length:
                raise _too_long("a repeated sequence", len(seq) * count)
    return _check_int(left * right)


def _plus(left: Any, right: Any) -> Any:
    if isinstance(left, Sized) and isinstance(right, Sized):
        if len(left) + len(right) > LIMITS.length:
            raise _too_long("a joined sequence", len(left) + len(right))
    return _check_int(left + right)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"**": _power, "*": _times, "+": _plus}


class BoundedRange(Sequence[int]):
    """`range()` for templates: at most `LIMITS.range` items, checking the clock as it goes.

    Nested loops over ranges do no call or lookup the sandbox sees, so the clock is
    checked here, or `range(9999)` three deep would run for hours.
    """

    def __init__(self, *args: int) -> None:
        """Take `range()`'s arguments; LimitExceeded if it is too long."""
        self._numbers = range(*args)
        if len(self._numbers) > LIMITS.range:
            size = len(self._numbers)
            raise LimitExceeded(f"range of {size:,} items is over the limit of {LIMITS.range:,}")

    def __len__(self) -> int:
        """The number of items."""
        return len(self._numbers)

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[int]: ...
    def __getitem__(self, index: int | slice) -> int | Sequence[int]:
        """An item or a slice, as for a range."""
        return self._numbers[index]

    def __iter__(self) -> Iterator[int]:
        """The numbers, checking the clock before each."""
        for number in self._numbers:
            _check_time()
            yield number


class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with limits on numbers, lengths, ranges, depth and time."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, **options: Any) -> None:
        """Make the sandbox, with `range` replaced by `BoundedRange`."""
        super().__init__(**options)
        self.globals["range"] = BoundedRange

    def call_binop(self, _context: Any, operator: str, left: Any, right: Any) -> Any:
        """`**`, `*` and `+`, refused when the result would be over a limit."""
        _check_time()
        return _BINOPS[operator](left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Every call a template makes: depth, time and size-argument limits."""
        _check_time()
        _check_size_arguments(__obj, args)
        if _budget.depth >= LIMITS.depth:
            raise LimitExceeded(
                f"calls nested deeper than {LIMITS.depth} (a macro calling itself?)"
            )
        _budget.depth += 1
        try:
            result = SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)
        finally:
            _budget.depth -= 1
        if isinstance(result, (str, list, tuple)) and len(result) > LIMITS.length:
            raise _too_long("a result", len(result))
        return _check_int(result)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Attribute lookup (`a.b`), checking the clock: loops that only read still stop."""
        _check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Item lookup (`a[b]`), checking the clock."""
        _check_time()
        return super().getitem(obj, argument)


def _check_size_arguments(function: Any, args: tuple[Any, ...]) -> None:
    """`'a'.center(10**10)`, `'a'.zfill(...)`: a string method told to make a huge string."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, (str, list, tuple)):
        for arg in args:
            if isinstance(arg, int) and arg > LIMITS.length:
                raise _too_long("a requested size", arg)


# Built-in filters whose arguments after the value are sizes of the text they make.
SIZED_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate"})


def bounded_filter(function: Callable[..., Any], *, sized: bool = False) -> Callable[..., Any]:
    """A filter with the limits of a call (Jinja calls filters directly, not via `call`).

    `sized` filters (`SIZED_FILTERS`) also have their size arguments checked, before
    they allocate: `'a' | center(10**10)` would take 10 GB first.
    """

    @functools.wraps(function)  # keeps Jinja's pass_context marker with the function
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_time()
        if sized:
            for arg in (*args[1:], *kwargs.values()):
                if isinstance(arg, int) and arg > LIMITS.length:
                    raise _too_long("a requested size", arg)
        result = function(*args, **kwargs)
        if isinstance(result, (str, list, tuple)) and len(result) > LIMITS.length:
            raise _too_long("a result", len(result))
        return result

    return bounded
