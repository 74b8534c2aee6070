"""Claims (претензии): pure rules of filing and working a claim."""
