"""Pages of 改革督查: thin — parse input, call a selector or service, render."""
