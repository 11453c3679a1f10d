"""Tables of list words used in another sense (idioms, context words), for extractors.analysis.context.

General vocabulary, not a list of known documents. Kept apart from the matching code so the
tables can grow without the module doing the work growing with them.
"""

from __future__ import annotations

#: Idioms and other senses: a regular expression whose group ``t`` is the list word used in
#: the other sense, and a label. Matched case-insensitively. Keep entries general.
# fmt: off
IDIOMS: tuple[tuple[str, str], ...] = (
    (r"\b(?P<t>lasers?)[-\u2010 ](?:focus(?:s?ed)|sharp|like)\b", "idiom: laser-focused"),
    (r"\b(?:with|her|his|their|its|our)\s+(?P<t>laser)\s+focus\b|\b(?P<u>laser)\s+focus\s+on\b", "idiom: laser focus"),
    (r"\b(?P<t>nuclear)\s+(?:famil(?:y|ies)|households?|receptors?|membranes?|envelopes?|pores?|locali[sz]ation"
     r"|extracts?|fractions?|factors?|proteins?|DNA|genome|genes?|staining|magnetic\s+resonance|Overhauser|spins?"
     r"|medicine|option)\b", "other sense of 'nuclear' (cell nucleus, family, NMR, medicine)"),
    (r"\b(?P<t>kjernefamilie\w*)", "other sense: nuclear family"),
    (r"\b(?P<t>drones?)\s+(?:notes?|music|pipes?|tones?|congregations?|brood|combs?|cells?|bees?|fl(?:y|ies))\b",
     "other sense of 'drone' (bee or sound)"),
    (r"\b(?P<t>rocket)\s+(?:salad|leaves|leaf|pesto|greens)\b|\b(?:salad|wild|garden)\s+(?P<u>rocket)\b",
     "other sense: rocket (the salad plant)"),
    (r"\bnot\s+(?P<t>rocket)\s+science\b|\b(?P<u>rocket(?:ed|ing))\b", "idiom: rocket (figurative)"),
    (r"\b(?:under|below|off)\s+the\s+(?P<t>radar)\b"
     r"|\bon\s+(?:their|our|his|her|everyone's|people's)\s+(?P<u>radar)\b", "idiom: under the radar"),
    (r"\b(?P<t>torpedo(?:es)?)['\u2019\"]?\s*[-\u2010 ]?\s*(?:bats?|shaped|shape|rays?|fish)\b"
     r"|\b(?P<u>torpedo(?:ed|ing))\b", "other sense of 'torpedo' (shape, fish, verb)"),
    (r"\b(?P<t>bombs?)['\u2019\"]?\s+cyclones?\b"
     r"|\b(?P<u>bomb)[-\u2010 ]?(?:pulse|curve|carbon|radiocarbon|calorimet\w*)\b"
     r"|\b(?:bath|seed|photo|time|ticking|calorimeter|pressure)\s+(?P<v>bombs?)\b|\b(?P<w>bomb(?:ed|ing)?)\s+out\b",
     "other sense of 'bomb' (weather, calorimetry, dating, idiom)"),
    (r"\b(?P<t>explosive(?:ly)?)\s+(?:growth|increase|rise|expansion|development|demand|popularity|spread"
     r"|cyclogenesis|deepening|eruptions?|volcanism|outbursts?|speciation|radiation|diversification|temper)\b",
     "other sense of 'explosive' (rapid growth, volcanology, weather)"),
    (r"\b(?:population|data|information|Cambrian|combinatorial|demographic|price|cost)\s+(?P<t>explosion)\b"
     r"|\b(?P<u>explosion)\s+(?:of|in)\s+(?:interest|research|data|publications?|studies|use|popularity|demand"
     r"|diversity|cases|information)\b", "other sense of 'explosion' (rapid growth)"),
    (r"\b(?:evolutionary|co-?evolutionary|molecular|genetic|host[- ]parasite|predator[- ]prey|marketing|advertising"
     r"|technological|academic)\s+(?P<t>arms\s+races?)\b"
     r"|\b(?P<u>arms\s+races?)\s+between\s+(?:hosts?|parasites?|predators?|prey|pathogens?|viruses|bacteria|plants?"
     r"|insects?|genes|species|males?|females?|sexes|firms)\b", "idiom: arms race (figurative)"),
    (r"\b(?P<t>war)\s+on\s+(?:cancer|drugs|poverty|obesity|terror|want|waste|plastic|disease|germs|science)\b"
     r"|\b(?:price|trade|culture|currency|turf|bidding|format|talent|patent|flame|console|browser)\s+(?P<u>wars?)\b"
     r"|\b(?P<v>war)\s+of\s+(?:attrition|words|ideas|nerves)\b|\btug[- ]of[- ](?P<w>war)\b", "idiom: war (figurative)"),
    (r"\bsecret\s+(?P<t>weapons?)\b(?!\s+(?:program|programme|project|development|systems?))"
     r"|\b(?P<u>weapons?)\s+of\s+choice\b"
     r"|\b(?P<v>weapons?)\s+against\s+(?:cancer|diseases?|infections?|bacteria|tumou?rs?|viruses|pathogens|obesity"
     r"|poverty|climate|misinformation|disinformation)\b", "idiom: weapon (figurative)"),
    (r"\b(?:covalent|reactive|electrophilic|acrylamide|cysteine[- ]reactive|chemical|electrophile|fluorophosphonate"
     r"|chloroacetamide|vinyl\s+sulfonamide|alkynamide|ligand)\s+(?P<t>warheads?)\b"
     r"|\b(?P<u>warheads?)\s+(?:reactivity|chemistry|moiety|moieties|group|groups|design|variants?)\b",
     "other sense of 'warhead' (the reactive group of a covalent drug)"),
    (r"\b(?P<t>bullets?)[-\u2010 ](?:points?|trains?|journals?|lists?)\b|\b(?:magic|silver)\s+(?P<u>bullets?)\b",
     "idiom: bullet (figurative)"),
    (r"\b(?:glue|heat|spray|nail|staple|grease|caulk(?:ing)?|gene|radar|speed|massage|foam|paint|soldering"
     r"|hot[- ]air|water|nerf|toy|starting|starter|smoking|big)\s+(?P<t>guns?)\b|\bjump\w*\s+the\s+(?P<u>gun)\b",
     "other sense of 'gun' (tool, toy, idiom)"),
    (r"\bcore[-/ ](?P<t>shells?)\b|\b(?P<u>shell)[- ]?(?:middens?|company|companies|scripts?|commands?|model)\b"
     r"|\b(?:electron(?:ic)?|valence|closed|open|outer|inner|solvation|hydration|coordination|egg|snail|mollusc"
     r"|mollusk|oyster|mussel|turtle|tortoise|unix|bash|command|spherical|thin|cylindrical)[- ](?P<v>shells?)\b",
     "other sense of 'shell' (chemistry, zoology, computing)"),
    (r"\b(?:of|is|are|was|were)\s+(?P<t>mine)\b"
     r"|\b(?:gold|coal|copper|iron|open[- ]pit|underground|salt|diamond|lithium|uranium|zinc|nickel|silver|tin"
     r"|phosphate|abandoned|data|text|opinion|process)\s+(?P<u>min(?:e|es|ing))\b"
     r"|\b(?P<v>mines?)\s+(?:tailings|waste|water|drainage|workers?|sites?|shafts?|closure|rehabilitation|spoil)\b",
     "other sense of 'mine' (mining, pronoun)"),
    (r"\b(?:think|fish|septic|water|storage|fuel|holding|towing|wave|test|ballast|oxygen|gas|hydrogen|flotation"
     r"|settling|stirred|mixing|buffer|culture|rearing|aquarium|sedimentation|header|expansion|pressure|cryogenic"
     r"|dive|scuba)\s+(?P<t>tanks?)\b|\b(?P<u>tank)\s+(?:tests?|testing|experiments?|trials?|water|reactor)\b"
     r"|\b(?:i|fra)\s+(?P<v>tanken?)\b", "other sense of 'tank' (container, test basin, think tank)"),
    (r"\bSalvation\s+(?P<t>Army)\b|\b(?P<u>army)[- ]?(?:ants?|worms?)\b"
     r"|\b(?:an|whole|entire|small)\s+(?P<v>army)\s+of\b", "other sense of 'army' (idiom, insect)"),
    (r"\b(?P<t>navy)[- ](?:blue|coloured|colored|suit|jacket|dress)\b|\b(?:dark|light)\s+(?P<u>navy)\b",
     "other sense: navy (colour)"),
    (r"\b(?P<t>soldiers?)[- ](?:ants?|termites?|castes?|fl(?:y|ies)|beetles?|crabs?|bees?)\b"
     r"|\b(?P<u>soldier(?:ed|ing|s)?)\s+on\b", "other sense of 'soldier' (insect caste, idiom)"),
    (r"\b(?:immune|plant|host|antioxidant|antiviral|antibacterial|innate|cellular|insect|body's|natural|thesis|PhD"
     r"|doctoral|dissertation|legal|self|insanity|anti-?predator|induced|constitutive"
     r"|oral)[- ]?(?P<t>defen[cs]es?)\b"
     r"|\b(?P<u>defen[cs]es?)\s+(?:mechanisms?|responses?|genes?|compounds?|traits?|of\s+(?:the|a|an|his|her|my"
     r"|their)\s+(?:thesis|dissertation|PhD|doctoral|title|hypothesis|argument|position|client|view)"
     r"|against\s+(?:pathogens?|herbivores?|predators?|infections?|parasites?|bacteria|viruses|oxidative|diseases?"
     r"|persuasion))\b|\b(?P<v>disputasforsvar\w*)"
     r"|\b(?P<w>forsvar(?:et)?)\s+av\s+(?:avhandlingen|doktorgraden|oppgaven|tesen)\b",
     "other sense of 'defence' (biology, thesis, argument)"),
    (r"\b(?:to|help(?:s|ed|ing)?|can|could|will|would|must|should|may|efforts?\s+to|measures\s+to"
     r"|ways\s+to)\s+(?P<t>combat)\b"
     r"|\b(?P<u>combat(?:s|ed|ing|ting)?)\s+(?:climate|obesity|poverty|cancer|diseases?|infections?|fraud"
     r"|corruption|misinformation|disinformation|resistance|loneliness|malaria|tuberculosis|HIV|the\s+(?:spread"
     r"|effects|problem|rise|decline|pandemic|virus|disease))\b", "other sense of 'combat' (verb: to fight a problem)"),
    (r"\b(?:bird|lightning|hunger|general|labou?r|teachers'?|workers'?|rail|nurses'?"
     r"|doctors'?)[- ](?P<t>strikes?)\b|\b(?P<u>strike)\s+(?:price|action|ballots?|pay|breakers?)\b",
     "other sense of 'strike' (bird strike, labour)"),
    (r"\b(?:disease|epidemiological|public[- ]health|health|syndromic|genomic|sentinel|antimicrobial|infection"
     r"|wastewater|serological|influenza|cancer|vector|entomological|post-marketing"
     r"|clinical)\s+(?P<t>surveillance)\b", "other sense of 'surveillance' (public health)"),
    (r"\b(?:chemical|batch|flow|tubular|packed[- ]bed|fixed[- ]bed|fluidi[sz]ed[- ]bed|stirred(?:[- ]tank)?"
     r"|plug[- ]flow|photocatalytic|electrochemical|continuous|membrane|micro|enzyme|enzymatic|anaerobic|aerobic"
     r"|biofilm|catalytic|pyrolysis|gasification|hydrothermal|fusion)[- ]?(?P<t>reactors?)\b",
     "other sense of 'reactor' (chemical or fusion, not fission)"),
    (r"\b(?:binary|mitochondrial|cell|bacterial|multiple|peroxisomal)\s+(?P<t>fission)\b|\b(?P<u>fission)\s+yeast\b",
     "other sense of 'fission' (cell biology)"),
    (r"\b(?:gene|protein|membrane|cell|sensor|data|information|spinal|vertebral|multimodal|feature|image|decision"
     r"|score|vesicle|mitochondrial)[- ](?P<t>fusions?)\b"
     r"|\b(?P<u>fusion)\s+(?:proteins?|genes?|constructs?|transcripts?|tags?|partners?|cuisine|music|peptides?"
     r"|inhibitors?)\b", "other sense of 'fusion' (biology, data, medicine)"),
    (r"\b(?:environmental|cage|housing|gene[- ]set|pathway|GO|functional|motif|KEGG|nutrient|soil|organic|job"
     r"|cultural|language|curriculum|educational|dietary|food|vitamin|sensory|social|behaviou?ral"
     r"|feeding)\s+(?P<t>enrichment)\b"
     r"|\b(?P<u>enrichment)\s+(?:analys[ie]s|items?|programm?e?s?|cultures?|activities|scores?|devices?|objects?)\b",
     "other sense of 'enrichment' (animal housing, gene sets, nutrition)"),
    (r"\b(?P<t>centrifug(?:ed|ation|ing))\b"
     r"|\b(?:micro|bench[- ]?top|refrigerated|table[- ]?top|laboratory|lab)[- ]?(?P<u>centrifuges?)\b",
     "other sense of 'centrifuge' (laboratory sample preparation)"),
    (r"\b(?P<t>stealth)\s+(?:marketing|advertising|mode|start-?ups?|launch|tax(?:es)?|liposomes?|nanoparticles?"
     r"|virus(?:es)?|pathogens?|inflation|games?)\b"
     r"|\b(?P<u>covert)\s+(?:marketing|advertising|attention|orienting|behaviou?r|racism|discrimination|bullying"
     r"|aggression|observation|narcissism)\b", "other sense of 'stealth' (marketing, biomedicine)"),
    (r"\b(?P<t>jamm(?:ing|ed))\s+(?:transition|phase|point)\b"
     r"|\b(?:granular|colloidal|glass|traffic|paper)\s+(?P<u>jamm(?:ing|ed))\b",
     "other sense of 'jamming' (physics of granular matter)"),
    (r"\b(?:wheat|grain|rice|barley|oat)\s+(?:from\s+the\s+|and\s+)?(?P<t>chaff)\b"
     r"|\b(?P<u>chaff)\s+and\s+(?:straw|husks?)\b", "other sense of 'chaff' (grain husks)"),
    (r"\b(?P<t>decoys?)\s+(?:receptors?|oligonucleotides?|effect|options?|proteins?|DNA|RNA|ducks?|prices?)\b"
     r"|\b(?:duck|goose|bird|wooden)\s+(?P<u>decoys?)\b", "other sense of 'decoy' (biology, marketing)"),
    (r"\b(?:aerosol|inhaler|HFA|hydrofluoroalkane|spray|metered[- ]dose"
     r"|cosmetic)\s+(?:\w+\s+)?(?P<t>propellants?)\b", "other sense of 'propellant' (aerosol)"),
    (r"\b(?P<t>satellite)\s+(?:cells?|DNA|RNA|repeats?|glia|glial|lesions?|offices?|campus(?:es)?|clinics?"
     r"|tumou?rs?|nodules?|virus(?:es)?|peaks?|towns?|states?)\b",
     "other sense of 'satellite' (biology, organisation)"),
    (r"\b(?P<t>submarine)\s+(?:canyons?|fans?|groundwater|landslides?|slides?|volcano(?:es)?|volcanism|eruptions?"
     r"|cables?|ridges?|faults?|springs?|discharge|topography|channels?|sediments?|slopes?|permafrost)\b",
     "other sense of 'submarine' (undersea geology)"),
    (r"\b(?P<t>ballistic)\s+(?:stretching|training|movements?|exercises?|transport|conduction|electrons?|regime"
     r"|deposition)\b|\bwent\s+(?P<u>ballistic)\b", "other sense of 'ballistic' (physics, sport, idiom)"),
    (r"\b(?P<t>plagu(?:ed|es|ing))\b|\blike\s+the\s+(?P<u>plague)\b", "other sense of 'plague' (verb, idiom)"),
    (r"\b(?P<t>mustard)\s+(?:seeds?|oil|plants?|greens|sauce|family|leaves|flour|powder|crops?|paste)\b"
     r"|\b(?:Dijon|brown|black|white|yellow|Indian|wild|field)\s+(?P<u>mustard)\b",
     "other sense: mustard (plant, food)"),
    (r"\b(?P<t>quantum)\s+leaps?\b", "idiom: quantum leap"),
    (r"\bloose\s+(?P<t>cannon)\b|\b(?:snow|confetti|T-shirt)\s+(?P<u>cannons?)\b",
     "other sense of 'cannon' (idiom, tool)"),
    (r"\bwith\s+(?P<t>military)\s+precision\b|\b(?P<u>military)[- ](?:style|fashion|green|jacket|haircut)\b",
     "idiom: military (style)"),
    (r"\b(?:beetle|insect|fish|armadillo|turtle|dermal)\s+(?P<t>armou?r)\b|\bchink\s+in\s+\w+\s+(?P<u>armou?r)\b"
     r"|\bshining\s+(?P<v>armou?r)\b|\b(?P<w>armou?red)\s+(?:catfish|fish|scales)\b",
     "other sense of 'armour' (zoology, idiom)"),
)
# fmt: on

#: Words whose other sense is shown by context words nearby (within ``_NEAR`` characters):
#: (word pattern, context pattern, label).
# fmt: off
NEAR_SENSES: tuple[tuple[str, str, str], ...] = (
    (r"\b(?:drones?|droner?|dronene)\b",
     r"\b(?:honey\s?bees?|bees?|bumblebees?|queens?|hives?|apiar\w+|apis|colon(?:y|ies)|mating|congregation"
     r"|brood|male\s+bees?|bier?|honningbier?|dronning\w*|kuber?|bikuber?)\b", "other sense: drone (male honeybee)"),
    (r"\b(?:sonars?)\b", r"\b(?:bats?|dolphins?|whales?|porpoises?|echolocat\w*|odontocetes?)\b",
     "other sense: sonar (animal echolocation)"),
    (r"\b(?:camouflage[ds]?)\b",
     r"\b(?:cuttlefish|octopus|chameleons?|insects?|moths?|prey|predators?|crypsis|colou?ration|plumage"
     r"|species|animals?)\b", "other sense: camouflage (animal coloration)"),
    (r"\benrichment\b", r"\b(?:mice|rodents?|rats?|cages?|housing|welfare|zoo|captive|captivity|gene\s+ontology)\b",
     "other sense: enrichment (animal housing, gene sets)"),
    (r"\breactors?\b", r"\b(?:tokamaks?|stellarators?)\b", "other sense: reactor (fusion device, not fission)"),
    (r"\bfission\b", r"\b(?:mitochondri\w*|yeast|bacteri\w*|cell\s+division|organelles?)\b",
     "other sense: fission (cell biology)"),
    (r"\btorpedo(?:es)?\b", r"\b(?:baseball|bats?|batters?|hitters?|home\s+runs?|swing)\b",
     "other sense: torpedo (bat shape)"),
    (r"\brockets?\b", r"\b(?:arugula|ruccola|rucola|eruca|salads?|lettuce|spinach|leafy)\b",
     "other sense: rocket (salad plant)"),
)
# fmt: on
