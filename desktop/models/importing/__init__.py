"""Spreadsheet import (SPEC M8, §7): read, map the columns, check every row with PARS's rules,
then commit all valid rows in one transaction recorded as an import batch — or nothing."""
