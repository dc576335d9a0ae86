"""The PARS sandbox: a real HTTP server that behaves like ACCME PARS (SPEC M13)."""
