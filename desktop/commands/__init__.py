"""The subcommands of ``pars-desktop``, one module each."""
