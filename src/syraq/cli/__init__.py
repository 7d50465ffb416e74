"""The `syraq` command line: one module per command family, thin wrappers over the library."""
