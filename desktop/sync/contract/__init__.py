"""The PARS wire contract (SPEC §5): the only code that knows PARS's document formats.

ACCME's 2025 draft schemas (``schemas/``, fixed only to parse) define the wire; the readings
chosen where they are silent are listed beside them. Each document is one tree named as the
drafts name it (``activity_document``, ``learner_document``, ``match_document``,
``results_document``); ``encoding`` writes a tree as JSON (the default) or as MedBiquitous XML
(``activity_xml``, ``learner_xml``, ``plain_xml``), ACCME's extension elements in ``XtensibleInfo``.
"""
