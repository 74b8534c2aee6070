"""Data files shipped with the bot (company.yaml defaults); a package so wheels include them."""
