"""`finsam webb`: the checker as a local web page, for people who do not use a terminal."""
