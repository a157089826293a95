"""File and wire formats of the 大分拨 platform (bytes out; pure)."""
