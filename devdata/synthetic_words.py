"""Words the synthetic record is made of: names, topics, texts and bodies (see ``synthetic``)."""

SYLLABLES = [
    "Al", "Bor", "Cas", "Dra", "El", "Fen", "Gar", "Hel", "Is", "Jor", "Kal", "Lum", "Mar",
    "Nor", "Or", "Pel", "Quen", "Ros", "Sal", "Tor", "Ul", "Val", "Wes", "Xan", "Yor", "Zan",
]  # fmt: skip
MIDDLES = ["", "a", "e", "i", "o", "an", "en", "er", "or", "ul"]
ENDINGS = ["ia", "land", "ora", "stan", "via", "ovia", "ania", "eria", "aro", "enne"]
CITY_FORMS = ["{} City", "Port {}", "{} Province", "San {}", "{} Metropolitan Area"]

# (OGP policy area, what a commitment on it does): titles and texts are made from these.
TOPICS = [
    ("Open Contracting", "open contracting data for public works"),
    ("Public Procurement", "e-procurement for every public buyer"),
    ("Beneficial Ownership", "a public register of beneficial owners"),
    ("Fiscal Openness", "citizen budgets and open budget data"),
    ("Publication Of Budget/Fiscal Information", "monthly publication of budget execution"),
    ("Right To Information", "the right to information law"),
    ("Asset Disclosure", "asset declarations of senior officials"),
    ("Conflicts Of Interest", "conflict of interest checks in hiring and contracting"),
    ("Lobbying", "a mandatory lobbying register"),
    ("Whistleblower Protections", "protection for whistleblowers"),
    ("Audits", "publication of supreme audit findings"),
    ("Open Data", "an open data portal with core datasets"),
    ("Digital Participation", "an online platform for public consultation"),
    ("Social Accountability", "social audits of health and school services"),
    ("Open Justice", "open data on court decisions"),
    ("Access to Justice", "legal aid for vulnerable groups"),
    ("Open Parliaments", "open parliament data and voting records"),
    ("Health & Nutrition", "transparency in medicine procurement"),
    ("Education", "school funding transparency"),
    ("Infrastructure & Transport", "infrastructure project disclosure"),
    ("Extractive Industries", "disclosure of extractive industry payments"),
    ("Climate Finance", "tracking of climate finance"),
    ("Gender", "gender-responsive budgeting"),
    ("Political Finance", "disclosure of political party finance"),
    ("Tax", "reporting on tax expenditures"),
    ("Data Stewardship and Privacy", "data protection in digital public services"),
    ("Water & Sanitation", "open data on water service performance"),
    ("Youth", "youth councils in local decision-making"),
]
VERBS = ["Publish", "Strengthen", "Develop", "Implement", "Establish", "Expand", "Improve", "Introduce"]
SUFFIXES = ["", "", " nationwide", " with civil society", " in municipalities", " for citizens"]
PLACES = ["hospitals", "schools", "roads", "municipalities", "ministries", "state-owned enterprises"]
PROBLEMS = [
    "Information on {topic} is scattered across {places} and rarely published, so citizens and "
    "journalists in {member} cannot follow how public money is spent.",
    "Civil society in {member} reports that decisions on {topic} are taken without consultation "
    "and that complaints from {places} go unanswered.",
    "Audits in {member} found weak oversight of {topic}; data exist but are not comparable between {places}.",
]
CAUSES = [
    "No legal duty to publish; paper-based records; little capacity in {places}.",
    "Fragmented systems and no common data standard across {places}.",
    "Low trust between government and civil society, and no feedback channel.",
]
SOLUTIONS = [
    "The government of {member} will {verb} {topic}, publish the data in open formats and review "
    "them every year with civil society and business.",
    "A working group with civil society will design {topic}; the lead institution will pilot it "
    "in {places} and then roll it out.",
    "The commitment creates {topic}, trains officials and sets up a feedback mechanism so that "
    "users can report problems in {places}.",
]
RESULTS = [
    "Citizens can see and compare data on {topic}; complaints are answered within thirty days.",
    "More bidders and lower prices in {places}; fewer irregularities found by auditors.",
    "Journalists and monitors use the data on {topic} in published investigations.",
]
RELEVANCE = [
    "Access to information: data on {topic} become public. Civic participation: monitors take part.",
    "Public accountability: monitors can flag problems in {places} and get an answer.",
    "Technology and innovation: an open platform makes {topic} searchable.",
]
MULTILATERALS = [
    "World Bank",
    "United Nations Development Programme",
    "OECD",
    "Inter-American Development Bank",
]
GOVERNMENT_BODIES = [
    "Ministry of Finance",
    "Ministry of Justice",
    "Public Procurement Agency",
    "Ministry of Digital Transformation",
]
LOCAL_GOVERNMENT_BODIES = ["Mayor's Office", "Finance Department", "Procurement Office", "Digital Office"]
