"""Pages of 民生微实事: thin — parse input (forms), call a selector or service, render."""
