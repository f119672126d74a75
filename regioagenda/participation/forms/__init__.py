"""Forms of the participatory process, one module per topic."""
