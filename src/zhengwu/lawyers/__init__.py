"""律师驻队 — lawyers stationed with the enforcement units (罗府办函〔2016〕208号)."""
