"""Pages of 律师驻队: thin — parse input (forms), call
the rules (or, later, a selector or service), render."""
