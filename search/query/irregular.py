"""English words whose other forms no stemmer finds: irregular verbs and plurals.

Snowball's English stemmer strips regular endings (resigned, resign), but "Morales was
overthrown" and "the overthrow of Morales", "Áñez withdrew the decree" and "withdraw the decree",
"elections held" and "hold elections" stayed different words. Each form below is indexed and
searched as the word it is a form of, as a regular ending is.

Left out are the forms that are also common words of another meaning, which that word would
then find: left (the left), found (to found a party), saw, lay, rose, felt, lit, bound, wound,
ground, struck (a strike), tore and torn (tear gas), thought (Marxist thought), fed (the Fed),
stuck, sat, drunk, bore.
"""

# base word: its irregular forms (past, past participle)
_VERBS = {
    "arise": ("arose", "arisen"), "awake": ("awoke", "awoken"),
    "beat": ("beaten",), "become": ("became",), "begin": ("began", "begun"),
    "bend": ("bent",), "bite": ("bitten",), "bleed": ("bled",), "blow": ("blew", "blown"),
    "break": ("broke", "broken"), "breed": ("bred",), "bring": ("brought",),
    "build": ("built",), "burn": ("burnt",), "buy": ("bought",), "catch": ("caught",),
    "choose": ("chose", "chosen"), "come": ("came",), "creep": ("crept",), "deal": ("dealt",),
    "dig": ("dug",), "do": ("did", "done"), "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"), "eat": ("ate", "eaten"), "fall": ("fell", "fallen"),
    "fight": ("fought",), "flee": ("fled",), "fly": ("flew", "flown"),
    "forbid": ("forbade", "forbidden"), "foresee": ("foresaw", "foreseen"),
    "forget": ("forgot", "forgotten"), "forgive": ("forgave", "forgiven"),
    "freeze": ("froze", "frozen"), "get": ("got", "gotten"), "give": ("gave", "given"),
    "go": ("went", "gone"), "grow": ("grew", "grown"), "hang": ("hung",), "have": ("had",),
    "hear": ("heard",), "hide": ("hid", "hidden"), "hold": ("held",), "keep": ("kept",),
    "know": ("knew", "known"), "lead": ("led",), "lend": ("lent",), "lose": ("lost",),
    "make": ("made",), "mean": ("meant",), "meet": ("met",), "mislead": ("misled",),
    "oversee": ("oversaw", "overseen"), "overtake": ("overtook", "overtaken"),
    "overthrow": ("overthrew", "overthrown"), "pay": ("paid",), "prove": ("proven",),
    "rebuild": ("rebuilt",), "ride": ("rode", "ridden"), "ring": ("rang", "rung"),
    "rise": ("risen",), "run": ("ran",), "say": ("said",), "see": ("seen",),
    "seek": ("sought",), "sell": ("sold",), "send": ("sent",), "shake": ("shook", "shaken"),
    "shoot": ("shot",), "show": ("shown",), "shrink": ("shrank", "shrunk"),
    "sing": ("sang", "sung"), "sink": ("sank", "sunk"), "sleep": ("slept",),
    "speak": ("spoke", "spoken"), "spend": ("spent",), "stand": ("stood",),
    "steal": ("stole", "stolen"), "strive": ("strove", "striven"), "swear": ("swore", "sworn"),
    "sweep": ("swept",), "swim": ("swam", "swum"), "take": ("took", "taken"),
    "teach": ("taught",), "tell": ("told",), "throw": ("threw", "thrown"),
    "undergo": ("underwent", "undergone"), "understand": ("understood",),
    "undertake": ("undertook", "undertaken"), "uphold": ("upheld",), "wake": ("woke", "woken"),
    "wear": ("wore", "worn"), "weep": ("wept",), "win": ("won",),
    "withdraw": ("withdrew", "withdrawn"), "withhold": ("withheld",), "write": ("wrote", "written"),
}
_NOUNS = {"man": ("men",), "woman": ("women",), "child": ("children",)}

# each irregular form: the word it is a form of
BASE = {form: base for table in (_VERBS, _NOUNS) for base, forms in table.items()
        for form in forms}
