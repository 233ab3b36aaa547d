"""Places and organisations: jurisdictions (USPS/FIPS), state education agencies, districts (NCES LEAID), partners."""
