"""The small summary every mutating service returns, so views refresh only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    activities: frozenset[int] = field(default_factory=frozenset)
    learners: frozenset[int] = field(default_factory=frozenset)
    completions: frozenset[int] = field(default_factory=frozenset)
    provider: bool = False
    annual: bool = False  # program summary, agreement, contacts
    outbox: bool = False
    # Records changed that are not listed one by one (a sync, a background match): every view
    # refreshes. Said in so many words — never by an id that no record has.
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        """Anything may have changed, the outbox included."""
        return cls(everything=True, outbox=True)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            activities=self.activities | other.activities,
            learners=self.learners | other.learners,
            completions=self.completions | other.completions,
            provider=self.provider or other.provider,
            annual=self.annual or other.annual,
            outbox=self.outbox or other.outbox,
            everything=self.everything or other.everything,
        )

    @property
    def empty(self) -> bool:
        return not (
            self.activities
            or self.learners
            or self.completions
            or self.provider
            or self.annual
            or self.outbox
            or self.everything
        )
