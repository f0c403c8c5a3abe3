"""Import scraped article text or saved web pages into corpus files."""
