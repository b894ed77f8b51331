"""Printed documents for an evening: postcard packs, sign-in, tally sheets, table cards."""
