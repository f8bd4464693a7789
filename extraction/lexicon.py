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

ORGANIZATION_WORDS = ORGANIZATION_WORDS | frozenset(
    [
        "press",
        "campaign",
        "conservancy",
        "society",
        "trust",
        "caucus",
        "club",
        "church",
        "school",
        "college",
        "hospital",
        "clinic",
        "museum",
        "library",
        "co",
        "corp",
        "llc",
        "partners",
        "associates",
        "airlines",
        "motors",
        "pac",
        "tribune",
        "herald",
        "gazette",
        "magazine",
        "daily",
        "wire",
        "institution",
        "laboratory",
        "lab",
        "project",
        "initiative",
        "coalition",
        "council",
        "nations",
        "firm",
        "reuters",
    ]
)

# Newsroom words: "the newspaper wrote" means an outlet, not the last organisation named.
OUTLET_WORDS: frozenset[str] = frozenset(
    [
        "newspaper",
        "paper",
        "times",
        "post",
        "journal",
        "news",
        "network",
        "channel",
        "broadcaster",
        "magazine",
        "tribune",
        "herald",
        "gazette",
        "daily",
        "outlet",
        "station",
        "press",
        "website",
        "site",
        "publication",
        "ledger",
    ]
)

# Courtesy titles written before a name, lower case and without the period.
HONORIFICS: frozenset[str] = frozenset(
    "mr mrs ms miss mx dr prof sir dame lord lady rev fr sen rep gov gen lt col sgt capt adm "
    "maj pres amb atty supt det cmdr sens reps gens".split()
)
MALE_HONORIFICS: frozenset[str] = frozenset(["mr", "sir", "lord", "fr"])
FEMALE_HONORIFICS: frozenset[str] = frozenset(["mrs", "ms", "miss", "dame", "lady"])

# Offices and roles that, capitalised before a name, are its title ("Senate Majority
# Leader Mitch McConnell", "Secretary of State John Kerry").
TITLE_WORDS: frozenset[str] = frozenset(
    """president vice senator representative congressman congresswoman governor mayor
    secretary minister speaker leader chairman chairwoman chair director chief judge justice
    general colonel lieutenant sergeant captain admiral major commissioner attorney ambassador
    pope king queen prince princess sheriff superintendent prosecutor councilman councilwoman
    councilmember assemblyman assemblywoman delegate candidate nominee spokesman spokeswoman
    spokesperson professor reverend bishop cardinal rabbi imam coach officer detective inspector
    commander premier chancellor deputy treasurer comptroller auditor dean provost founder ceo
    cfo executive manager editor anchor host analyst strategist adviser advisor pollster
    economist chairperson whip administrator commissioner presidential""".split()
)

# Capitalised words that start sentences and phrases but are never part of a name.
CAPITALISED_FUNCTION_WORDS: frozenset[str] = frozenset(
    """The A An But And Or In On At As After When While If For With By From To That This It
    He She They We I His Her Their Our Its My Your You Then So Yet Also Even Still Meanwhile
    However Asked Speaking Like Unlike During Before Since Until Although Though Because Why
    What Who How Where Now Today Yesterday Last Next Many Some Both Each Every All One Two
    There Here Those These Other Another Said According Instead Despite Under Over About
    Among Without Within Through Against Between Not No Yes Only Just Former Late Then-
    Whether Which Whose Once Later Earlier Such Most More Much Few Several Asked Told
    Sources Officials Critics Supporters Dear Hi Hello Well Oh Please Thank Thanks Watch
    Read Follow Click Sign Photo Video Update Editor's""".split()
)

# Capitalised words that do not name a person (days, months, groups, nationalities).
NON_NAME_WORDS: frozenset[str] = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december republican republicans democrat
    democrats democratic gop american americans congress senate christmas easter god
    internet twitter facebook instagram youtube tv city county street avenue road river island
    lake mountain valley beach square bridge new north south east west los san fort mount
    saint""".split()
)

MALE_FIRST_NAMES: frozenset[str] = frozenset(
    """aaron adam alan albert alex alexander andrew anthony antonio arthur barack ben benjamin
    bernard bernie bill billy bob bobby brad brandon brian bruce carl carlos charles charlie
    chris christopher chuck clarence craig dan daniel darrell dave david dennis dick don donald
    doug douglas ed eddie edward eric frank fred gary george gerald greg gregory harold harry
    henry howard ian ivan jack jacob jake james jason jeb jeff jeffrey jeremy jerry jim jimmy
    joe joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith ken kenneth
    kevin larry lawrence luis marco mark martin matt matthew michael mike mitch mitt nathan
    neil nick nicholas omar oscar patrick paul peter phil philip ralph randy ray raymond reince
    richard rick rob robert roger ron ronald roy russell ryan sam samuel scott sean stephen
    steve steven ted terry thomas tim timothy todd tom tony victor vincent walter wayne william
    willie""".split()
)
FEMALE_FIRST_NAMES: frozenset[str] = frozenset(
    """abigail alice alicia amanda amy ana andrea angela ann anna anne barbara betty beverly
    brenda carla carly carol caroline catherine chelsea cheryl christina christine claire
    cynthia debbie deborah debra denise diana diane donna doris dorothy elaine elena elizabeth
    ellen emily emma evelyn frances gloria hannah heather helen hillary ivanka jane janet jean
    jennifer jessica jill joan joanne joyce judith judy julia julie karen katherine kathleen
    kathy kayleigh kelly kimberly laura lauren linda lisa lois lori louise margaret maria marie
    marilyn martha mary megyn melania melissa michelle nancy nicole nikki olivia pamela patricia
    paula rachel rebecca rita rosa rose ruth sandra sara sarah sharon shirley sophia stephanie
    susan tammy teresa theresa tiffany valerie vera victoria virginia wendy""".split()
)
