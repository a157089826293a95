"""Pages of 双公示, one module per audience or area (`records`: a unit's records and imports)."""
