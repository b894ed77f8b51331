"""Tables of an evening: choosing prisoners and seating people."""
