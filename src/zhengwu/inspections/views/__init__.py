"""Pages of 双随机: thin — parse input, call a selector or service, render. `staff` needs an account,
`public` never does."""
