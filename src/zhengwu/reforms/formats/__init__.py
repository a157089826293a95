"""File formats of 改革督查: bytes out (the monthly PDF); pure — no ORM, no request."""
