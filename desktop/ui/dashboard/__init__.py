"""The annual reporting dashboard (SPEC M11): the year's five steps, charts and report."""
