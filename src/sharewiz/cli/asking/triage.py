"""Triage: what is happening, in plain words, and the document kind(s) that fit.

Someone told to "do a data sharing agreement with the police" for a one-off request,
or for a software supplier, needs a different document; the wizard asks first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sharewiz.cli.asking.prompts import Option, select
from sharewiz.cli.console import print_info, print_prose


@dataclass(frozen=True)
class Situation:
    """One plain-words situation, the kinds that fit it and why."""

    label: str
    kinds: tuple[str, ...]
    reason: str


SITUATIONS: tuple[Situation, ...] = (
    Situation(
        "Someone asked us for information about a person, once (e.g. the police)",
        ("disclosure-decision",),
        "A one-off request is decided on its facts and the decision recorded, not put in an "
        "agreement (UK GDPR Art 5(2); DPA 2018 Sch 2 para 2 for crime; ICO Data Sharing "
        "Code, 'Data sharing covered by this code': routine or one-off).",
    ),
    Situation(
        "We share information regularly with a partner organisation",
        ("data-sharing-agreement",),
        "Routine sharing between organisations that each decide how they use the data is "
        "set out in a data sharing agreement (ICO Data Sharing Code, 'Data sharing agreements').",
    ),
    Situation(
        "A supplier will handle personal data for us (e.g. a software company)",
        ("processor-contract",),
        "A supplier acting only on your instructions is a processor: it needs an Art 28 "
        "contract, not a data sharing agreement (UK GDPR Art 28(3)).",
    ),
    Situation(
        "We need to tell people how we use their information",
        ("privacy-notice",),
        "People must be told who holds their data, why and their rights (UK GDPR Art 13 and 14).",
    ),
    Situation(
        "We are setting up a partnership of several organisations",
        ("information-sharing-protocol", "data-sharing-agreement"),
        "A protocol sets the common rules every partner signs once; each specific sharing "
        "under it then gets its own data sharing agreement.",
    ),
    Situation(
        "We are not sure whether we need a DPIA",
        ("dpia-screening",),
        "A screening records whether the processing is likely to be high risk and needs a "
        "full data protection impact assessment (UK GDPR Art 35).",
    ),
)
_OTHER = "\x00other"
_HELP = (
    "Pick the sentence closest to what is happening. sharewiz then recommends the document "
    "that fits, with the reason, and you can still choose another. A one-off request for "
    "someone's information, a supplier working for you and regular sharing between "
    "partners each need a different document."
)


def choose_kind(kinds: Sequence[tuple[str, str, str]]) -> str:
    """Ask what is happening, recommend kind(s), let the user pick; returns a kind id.

    `kinds` is (id, title, summary) for every kind available.
    """
    titles = {kind: title for kind, title, _summary in kinds}
    situations = [s for s in SITUATIONS if any(k in titles for k in s.kinds)]
    options = [Option(str(n), s.label) for n, s in enumerate(situations)]
    options.append(Option(_OTHER, "None of these: let me choose the document myself"))
    picked = select("What is happening?", options, help_text=_HELP)
    if picked == _OTHER:
        return _pick(kinds, (), message="Which document do you want to write?")
    situation = situations[int(picked)]
    recommended = tuple(k for k in situation.kinds if k in titles)
    names = " and then ".join(titles[k] for k in recommended)
    print_info(f"Recommended: {names}.", style="bold")
    print_prose(situation.reason, style="dim")
    return _pick(kinds, recommended, message="Which document do you want to write?")


def _pick(
    kinds: Sequence[tuple[str, str, str]], recommended: Sequence[str], *, message: str
) -> str:
    order = list(recommended) + [k for k, _t, _s in kinds if k not in recommended]
    about = {kind: (title, summary) for kind, title, summary in kinds}
    options = []
    for kind in order:
        title, summary = about[kind]
        mark = " (recommended)" if kind in recommended else ""
        options.append(Option(kind, f"{title}{mark}", description=summary))
    help_text = "\n".join(f"{about[k][0]}: {about[k][1]}" for k in order)
    return select(message, options, help_text=help_text)
