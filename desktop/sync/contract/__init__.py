"""The PARS wire contract (SPEC §5): the only code that knows PARS's document formats.

Documents follow the MedBiquitous trees (MEMS for activities, Activity Report v2 for learner
completions); what those standards have no element for travels as ACCME extension elements
inside their ``XtensibleInfo`` (namespace ``ACCME`` in ``wire``).
"""
