"""Pages of the regioplan, one module per part of the work."""
