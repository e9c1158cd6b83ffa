"""Knowledge-base articles on SME support programmes and their search."""
