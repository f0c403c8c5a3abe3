"""Site furniture inside a saved page's main text, in the languages of the press it is read in.

Only whole lines are dropped, and only lines that are nothing but furniture: a share or follow
button ('Compartir en Facebook', 'Síguenos en Instagram'), an advertisement label
('Publicidad'), a pointer to other stories alone or with the story's link ('Lee también:',
'Te puede interesar: <link>', 'Leia também', 'Lire aussi'), a line of tags ('Etiquetas:
Bolivia, Evo Morales'). A sentence that merely uses these words is never one of them.
"""

import re

from search.importer.agree import words
from search.importer.page import Block

# pointers to other stories: English, Spanish, Portuguese, French, Italian, German
POINTER = (r"(?:(?:lee|lea|leia|lire|leggi|read|ver|veja|voir|see|mira|mire|also read|à lire)"
           r"\s+(?:también|tambien|también esto|además|también:|também|aussi|anche|also|more)"
           r"|a lire aussi|te puede interesar|(?:también )?(?:te|le) (?:puede|podría) interesar"
           r"|puede interesarte|te recomendamos|recomendado|recomendados|recomendamos"
           r"|você (?:pode|também pode) gostar|pode (?:te )?interessar|saiba mais|leia mais"
           r"|(?:otras |outras |más |mais )?(?:noticias|notícias|notas|artículos|artigos)"
           r" relacionad[oa]s|relacionad[oa]s|más noticias|mais notícias|más leídas|mais lidas"
           r"|lo más leído|sur le même sujet|à voir aussi|dans la même rubrique|articles liés"
           r"|potrebbe interessarti|weitere artikel|mehr zum thema|lesen sie auch"
           r"|related(?: stories| articles| posts| coverage)?|read more|more on this|see also"
           r"|ver más|ver mais|voir plus)")
POINTER_ALONE = re.compile(rf"^\W*{POINTER}\W*$", re.IGNORECASE)
POINTER_LEAD = re.compile(rf"^\W*{POINTER}\s*[:|»›>—–-]+\s*(.+)$", re.IGNORECASE)
# buttons and labels, possibly followed by where: 'Compartir en WhatsApp', 'Follow us on X'
BUTTON = re.compile(
    r"^\W*(?:compartir|comparte|compártelo|compartilhe|compartilhar|partager|partagez|"
    r"condividi|teilen|share|suscríbete|suscribete|suscribirse|assine|abonnez-vous|"
    r"iscriviti|abonnieren|subscribe|publicidad|publicidade|publicité|pubblicità|anzeige|"
    r"anuncio|advertisement|síguenos|siguenos|siga-nos|sigue-nos|suivez-nous|seguici|"
    r"folgen sie uns|follow us|imprimir|imprimer|stampa|drucken|print)"
    r"(?:\s+(?:en|on|in|no|na|nas|nos|sur|via|por|to|a|al|à|em|su|auf|:)\b.*)?\W*$",
    re.IGNORECASE)
TAGS = re.compile(r"^\W*(?:etiquetas|temas|tags?|tópicos|palabras clave|palavras-chave|"
                  r"mots-clés|mots clés|argomenti|schlagwörter|themen)\s*:\s*(.+)$",
                  re.IGNORECASE)
MOST_WORDS = 12  # a button, a label or a tag line is short
SENTENCE_END = (".", "?", "!", "…", "\"", "”", "»")


def furniture_line(text: str, links: set[tuple[str, ...]] | None) -> str:
    """Return why a line is furniture, or '' when it is not. With links=None (scraped text,
    where links are not known) a pointer's story is a headline: short, no final stop."""
    if len(text.split()) > MOST_WORDS and not POINTER_LEAD.match(text):
        return ""
    if POINTER_ALONE.match(text):
        return "a pointer to other stories"
    if (m := POINTER_LEAD.match(text)) and (
            tuple(words(m[1])) in links if links is not None else
            len(m[1].split()) <= MOST_WORDS and not m[1].rstrip().endswith(SENTENCE_END)):
        return "a link to another story"
    if BUTTON.match(text) and not text.rstrip().endswith(SENTENCE_END):
        return "a share, follow or advertising label"
    if (m := TAGS.match(text)) and not text.rstrip().endswith(SENTENCE_END):
        return "a line of tags"
    return ""


def drop_furniture(blocks: list[Block], links: set[tuple[str, ...]]) -> None:
    """Drop lines that are only site furniture, and the link that follows a lone pointer."""
    after_pointer = False
    for block in blocks:
        if block.reason:
            continue
        linked = bool(words(block.text)) and tuple(words(block.text)) in links
        if after_pointer and linked:
            block.reason = "a link to another story"
        elif why := furniture_line(block.text, links):
            block.reason = why
        after_pointer = block.reason in ("a pointer to other stories", "a link to another story")
