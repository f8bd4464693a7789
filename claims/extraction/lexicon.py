"""Word lists the rules are built from. English news usage."""

import re

# Reporting verbs, all inflections that appear in news copy.
_CUE_STEMS = {
    "say": ["say", "says", "said", "saying"],
    "tell": ["tell", "tells", "told"],
    "add": ["add", "adds", "added"],
    "claim": ["claim", "claims", "claimed"],
    "warn": ["warn", "warns", "warned"],
    "state": ["state", "states", "stated"],
    "note": ["note", "notes", "noted"],
    "explain": ["explain", "explains", "explained"],
    "insist": ["insist", "insists", "insisted"],
    "argue": ["argue", "argues", "argued"],
    "write": ["write", "writes", "wrote"],
    "declare": ["declare", "declares", "declared"],
    "announce": ["announce", "announces", "announced"],
    "tweet": ["tweet", "tweets", "tweeted"],
    "ask": ["ask", "asks", "asked"],
    "reply": ["reply", "replies", "replied"],
    "respond": ["respond", "responds", "responded"],
    "continue": ["continue", "continues", "continued"],
    "recall": ["recall", "recalls", "recalled"],
    "acknowledge": ["acknowledge", "acknowledges", "acknowledged"],
    "admit": ["admit", "admits", "admitted"],
    "suggest": ["suggest", "suggests", "suggested"],
    "criticize": ["criticize", "criticizes", "criticized", "criticise", "criticises", "criticised"],
    "condemn": ["condemn", "condemns", "condemned"],
    "describe": ["describe", "describes", "described"],
    "call": ["call", "calls", "called"],
    "accuse": ["accuse", "accuses", "accused"],
    "deny": ["deny", "denies", "denied"],
    "promise": ["promise", "promises", "promised"],
    "vow": ["vow", "vows", "vowed"],
    "urge": ["urge", "urges", "urged"],
    "predict": ["predict", "predicts", "predicted"],
    "report": ["report", "reports", "reported"],
    "confirm": ["confirm", "confirms", "confirmed"],
    "allege": ["allege", "alleges", "alleged"],
    "complain": ["complain", "complains", "complained"],
    "stress": ["stress", "stresses", "stressed"],
    "emphasize": ["emphasize", "emphasizes", "emphasized", "emphasise", "emphasised"],
    "point out": ["point out", "points out", "pointed out"],
    "reiterate": ["reiterate", "reiterates", "reiterated"],
    "dismiss": ["dismiss", "dismisses", "dismissed"],
    "blame": ["blame", "blames", "blamed"],
    "praise": ["praise", "praises", "praised"],
    "joke": ["joke", "jokes", "joked"],
    "observe": ["observe", "observes", "observed"],
    "concede": ["concede", "concedes", "conceded"],
    "maintain": ["maintain", "maintains", "maintained"],
    "assert": ["assert", "asserts", "asserted"],
    "contend": ["contend", "contends", "contended"],
    "estimate": ["estimate", "estimates", "estimated"],
    "caution": ["caution", "cautions", "cautioned"],
    "tout": ["tout", "touts", "touted"],
    "label": ["label", "labels", "labeled", "labelled"],
    "brand": ["brand", "brands", "branded"],
    "slam": ["slam", "slams", "slammed"],
    "decry": ["decry", "decries", "decried"],
    "blast": ["blast", "blasts", "blasted"],
}
# Base forms that are far more often nouns in news copy ("state media", "the report").
_NOUN_LIKE = frozenset(
    [
        "state",
        "report",
        "call",
        "note",
        "claim",
        "label",
        "brand",
        "tweet",
        "estimate",
        "promise",
        "blast",
        "praise",
        "joke",
        "reply",
        "stress",
        "vow",
        "urge",
        "slam",
        "tout",
        "continue",
        "ask",
        "respond",
        "deny",
        "caution",
        "observe",
    ]
)
CUE_WORDS: frozenset[str] = frozenset(
    w for forms in _CUE_STEMS.values() for w in forms if w not in _NOUN_LIKE
)
# Verbs that introduce a full quotation after the speaker ("X said: “…”").
SPEECH_CUES = (
    "said|says|told|tells|added|adds|stated|states|noted|notes|explained|explains|insisted|"
    "argued|argues|wrote|writes|declared|announced|tweeted|asked|asks|replied|responded|"
    "continued|recalled|acknowledged|admitted|suggested|warned|warns|claimed|claims|"
    "stressed|emphasized|emphasised|pointed out|reiterated|observed|conceded|maintained|"
    "asserted|contended|cautioned|predicted|said in a statement|wrote on \\w+|posted|"
    "posted on \\w+|told reporters|told \\w+"
)
CUE_PATTERN = "|".join(sorted((re.escape(w) for w in CUE_WORDS), key=len, reverse=True))

PRONOUNS: dict[str, str] = {
    "he": "person",
    "she": "person",
    "they": "any",
    "it": "organization",
    "we": "any",
    "i": "person",
}

# Nouns that make a subject an organisation rather than a person.
ORGANIZATION_WORDS: frozenset[str] = frozenset(
    [
        "agency",
        "ministry",
        "department",
        "media",
        "government",
        "office",
        "council",
        "committee",
        "commission",
        "party",
        "police",
        "army",
        "military",
        "navy",
        "court",
        "university",
        "institute",
        "association",
        "union",
        "company",
        "corporation",
        "inc",
        "ltd",
        "bank",
        "fund",
        "organization",
        "organisation",
        "foundation",
        "group",
        "center",
        "centre",
        "bureau",
        "service",
        "news",
        "times",
        "post",
        "journal",
        "network",
        "channel",
        "authority",
        "authorities",
        "administration",
        "parliament",
        "congress",
        "senate",
        "assembly",
        "embassy",
        "spokesperson's",
        "statement",
        "board",
        "federation",
        "league",
        "alliance",
        "house",
        "coalition",
        "newspaper",
        "broadcaster",
        "tribunal",
        "cabinet",
        "kremlin",
        "pentagon",
        "whitehouse",
    ]
)

# Role nouns: the last of these before a name ends a pre-modifier title
# ("Iranian Foreign Ministry spokesman Nasser Kanaani").
ROLE_WORDS: frozenset[str] = frozenset(
    [
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "president",
        "professor",
        "analyst",
        "director",
        "chief",
        "secretary",
        "official",
        "officer",
        "leader",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "founder",
        "governor",
        "mayor",
        "senator",
        "representative",
        "ambassador",
        "envoy",
        "general",
        "commander",
        "researcher",
        "economist",
        "expert",
        "adviser",
        "advisor",
        "lawyer",
        "attorney",
        "judge",
        "prime",
        "premier",
        "king",
        "queen",
        "prince",
        "chancellor",
        "deputy",
        "head",
        "manager",
        "editor",
        "correspondent",
        "scientist",
        "doctor",
        "dr",
        "historian",
        "author",
        "strategist",
        "activist",
        "candidate",
        "lawmaker",
        "commissioner",
        "inspector",
        "superintendent",
        "sheriff",
        "coach",
        "captain",
        "fellow",
        "lecturer",
    ]
)

# Plural or generic subjects that are not a nameable speaker.
GENERIC_SUBJECTS: frozenset[str] = frozenset(
    [
        "analysts",
        "experts",
        "officials",
        "observers",
        "critics",
        "some",
        "many",
        "others",
        "people",
        "sources",
        "residents",
        "diplomats",
        "researchers",
        "scientists",
        "reports",
        "studies",
    ]
)

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    "fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|"
    "dozen|dozens|half|percent|per cent|first|second|third|twice|double|triple"
)

# Definite descriptions that refer back to a speaker already named
# ("the agency said", "the minister added").
ORGANIZATION_DESCRIPTIONS: frozenset[str] = frozenset(
    [
        "agency",
        "ministry",
        "company",
        "government",
        "department",
        "organization",
        "organisation",
        "group",
        "firm",
        "court",
        "police",
        "army",
        "bank",
        "council",
        "committee",
        "office",
        "party",
        "union",
        "network",
        "newspaper",
        "campaign",
        "club",
        "board",
    ]
)
PERSON_DESCRIPTIONS: frozenset[str] = frozenset(
    [
        "professor",
        "minister",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "president",
        "official",
        "analyst",
        "economist",
        "researcher",
        "director",
        "governor",
        "mayor",
        "senator",
        "ambassador",
        "envoy",
        "general",
        "lawyer",
        "judge",
        "chairman",
        "chairwoman",
        "chief",
        "executive",
        "senator",
    ]
)
DESCRIPTION_NOUNS = ORGANIZATION_DESCRIPTIONS | PERSON_DESCRIPTIONS
