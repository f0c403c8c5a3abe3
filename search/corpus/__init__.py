"""Where a paragraph is read: corpus files, their front matter, paragraphs and dates."""
