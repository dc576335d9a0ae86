"""Files PARS accepts by upload today, and workbooks for people (SPEC M9, §7)."""
