"""The content of the demo: three workshops with their French skills frameworks."""

WORKSHOPS = [
    {
        "name": "Construction et rénovation",
        "trade": "Ouvrier·ère polyvalent·e du bâtiment",
        "capacity": 12,
        "ratio": 6,
        "rate": "32.00",
        "trainers": [("jmaes", "Julien", "Maes"), ("nmartin", "Nadia", "Martin")],
        "areas": [
            (
                "MAC",
                "Maçonnerie",
                [
                    ("MAC01", "Préparer un mortier et un béton selon le dosage", "UAA1 Maçon"),
                    ("MAC02", "Implanter et tracer un ouvrage simple", "UAA1 Maçon"),
                    ("MAC03", "Maçonner un mur en blocs à joints minces", "UAA2 Maçon"),
                    ("MAC04", "Poser un linteau et réaliser une baie", "UAA2 Maçon"),
                    ("MAC05", "Rejointoyer une façade en briques", ""),
                ],
            ),
            (
                "PLA",
                "Plafonnage et finitions",
                [
                    ("PLA01", "Préparer un support avant plafonnage", "UAA1 Plafonneur"),
                    ("PLA02", "Poser des plaques de plâtre sur ossature", "UAA2 Plafonneur"),
                    ("PLA03", "Enduire et lisser un mur", "UAA3 Plafonneur"),
                    ("PLA04", "Réaliser les joints entre plaques", ""),
                ],
            ),
            (
                "PEI",
                "Peinture",
                [
                    ("PEI01", "Protéger les surfaces et le mobilier", "UAA1 Peintre"),
                    ("PEI02", "Poncer, reboucher et dépoussiérer", "UAA1 Peintre"),
                    ("PEI03", "Appliquer une sous-couche au rouleau", "UAA2 Peintre"),
                    ("PEI04", "Peindre un plafond et des murs en deux couches", "UAA2 Peintre"),
                ],
            ),
            (
                "CAR",
                "Carrelage",
                [
                    ("CAR01", "Calepiner une pièce", "UAA1 Carreleur"),
                    ("CAR02", "Couper des carreaux à la carrelette et à la disqueuse", ""),
                    ("CAR03", "Poser un carrelage au sol à la colle", "UAA2 Carreleur"),
                    ("CAR04", "Réaliser les joints et le nettoyage final", ""),
                ],
            ),
            (
                "SEC",
                "Sécurité et organisation du chantier",
                [
                    ("SEC01", "Porter les équipements de protection adaptés", ""),
                    ("SEC02", "Monter et vérifier un échafaudage roulant", ""),
                    ("SEC03", "Trier les déchets de chantier", ""),
                    ("SEC04", "Ranger et entretenir l'outillage", ""),
                ],
            ),
        ],
    },
    {
        "name": "Espaces verts",
        "trade": "Ouvrier·ère jardinier·ère",
        "capacity": 10,
        "ratio": 5,
        "rate": "28.00",
        "trainers": [("lrenard", "Luc", "Renard")],
        "areas": [
            (
                "ENT",
                "Entretien des espaces verts",
                [
                    ("ENT01", "Tondre une pelouse et évacuer les déchets verts", "UAA1 Jardinier"),
                    ("ENT02", "Débroussailler en sécurité", "UAA1 Jardinier"),
                    ("ENT03", "Tailler une haie au taille-haie", "UAA2 Jardinier"),
                    ("ENT04", "Désherber sans produit chimique", ""),
                    ("ENT05", "Ramasser et composter les feuilles", ""),
                ],
            ),
            (
                "PLT",
                "Plantations",
                [
                    ("PLT01", "Reconnaître les végétaux courants", "UAA3 Jardinier"),
                    ("PLT02", "Préparer le sol avant plantation", ""),
                    ("PLT03", "Planter un arbuste et le tuteurer", "UAA3 Jardinier"),
                    ("PLT04", "Semer et regarnir un gazon", ""),
                    ("PLT05", "Pailler un massif", ""),
                ],
            ),
            (
                "TAI",
                "Taille",
                [
                    ("TAI01", "Tailler un arbuste à fleurs selon la saison", "UAA4 Jardinier"),
                    ("TAI02", "Tailler un fruitier en formation", ""),
                    ("TAI03", "Affûter et désinfecter les outils de taille", ""),
                ],
            ),
            (
                "AME",
                "Petits aménagements",
                [
                    ("AME01", "Poser une bordure", ""),
                    ("AME02", "Réaliser une allée en gravier", ""),
                    ("AME03", "Poser une clôture en piquets et treillis", ""),
                ],
            ),
            (
                "MAT",
                "Matériel et sécurité",
                [
                    ("MAT01", "Faire le plein et démarrer une machine thermique", ""),
                    ("MAT02", "Entretenir une tondeuse", ""),
                    ("MAT03", "Charger et arrimer le matériel dans la camionnette", ""),
                ],
            ),
        ],
    },
    {
        "name": "Restauration",
        "trade": "Commis de cuisine et de salle",
        "capacity": 10,
        "ratio": 5,
        "rate": "30.00",
        "trainers": [("sdurand", "Sophie", "Durand"), ("kbenali", "Karim", "Benali")],
        "areas": [
            (
                "HYG",
                "Hygiène et sécurité alimentaire",
                [
                    ("HYG01", "Appliquer la marche en avant", "UAA1 Commis de cuisine"),
                    ("HYG02", "Relever les températures et tenir l'autocontrôle (AFSCA)", ""),
                    ("HYG03", "Nettoyer et désinfecter le poste de travail", ""),
                    ("HYG04", "Étiqueter et stocker les denrées (FIFO)", ""),
                ],
            ),
            (
                "PRE",
                "Préparations de base",
                [
                    (
                        "PRE01",
                        "Éplucher et tailler les légumes (julienne, brunoise)",
                        "UAA2 Commis",
                    ),
                    ("PRE02", "Réaliser un fond et une sauce de base", "UAA2 Commis"),
                    ("PRE03", "Cuire des féculents et des légumes", ""),
                    ("PRE04", "Préparer une pâte brisée et une pâte à crêpes", ""),
                    ("PRE05", "Préparer un potage du jour", ""),
                ],
            ),
            (
                "SER",
                "Service en salle",
                [
                    ("SER01", "Dresser une table", "UAA1 Commis de salle"),
                    ("SER02", "Accueillir et installer les clients", ""),
                    ("SER03", "Prendre une commande", ""),
                    ("SER04", "Servir à l'assiette", ""),
                    ("SER05", "Encaisser et clôturer la caisse", ""),
                ],
            ),
            (
                "TRA",
                "Traiteur",
                [
                    ("TRA01", "Préparer un buffet froid", ""),
                    ("TRA02", "Conditionner et transporter en liaison froide", ""),
                    ("TRA03", "Dresser des bouchées apéritives", ""),
                ],
            ),
        ],
    },
]

FIRST_NAMES = [
    "Amina",
    "Bruno",
    "Céline",
    "Dylan",
    "Élodie",
    "Fatou",
    "Grégory",
    "Hakim",
    "Inès",
    "Jordan",
    "Kevin",
    "Laetitia",
    "Mehdi",
    "Nathalie",
    "Olivier",
    "Priscilla",
    "Quentin",
    "Rachid",
    "Samira",
    "Thierry",
    "Ursula",
    "Valentin",
    "Wendy",
    "Yassine",
    "Zoé",
]
LAST_NAMES = [
    "Lambert",
    "Dupont",
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Leroy",
    "Lejeune",
    "Renard",
    "Simon",
    "Laurent",
    "Hermans",
    "Michel",
    "Bernard",
    "Petit",
    "Mahieu",
    "Collard",
    "Bastin",
]
CITIES = [
    ("5000", "Namur"),
    ("4000", "Liège"),
    ("6000", "Charleroi"),
    ("7000", "Mons"),
    ("1300", "Wavre"),
    ("5100", "Jambes"),
    ("4020", "Liège"),
    ("6700", "Arlon"),
    ("7500", "Tournai"),
    ("1400", "Nivelles"),
    ("5300", "Andenne"),
    ("4500", "Huy"),
]
STREETS = [
    "rue de Fer",
    "rue de l'Ange",
    "avenue de la Gare",
    "chaussée de Louvain",
    "rue des Carmes",
    "place d'Armes",
    "rue Saint-Gilles",
    "boulevard du Nord",
    "rue du Moulin",
    "rue Haute",
]
COMPANIES = [
    ("SRL", "Boulangerie du Coin"),
    ("SA", "Immo Meuse"),
    ("SRL", "Garage Lecomte"),
    ("SRL", "Pharmacie Centrale"),
    ("SA", "Logis Wallon"),
    ("SRL", "Cabinet Dentaire Leclercq"),
    ("SRL", "Brasserie des Remparts"),
    ("SC", "Coopérative Terre et Toit"),
    ("SRL", "Bureau Comptable Noël"),
    ("SA", "Hôtel Beauregard"),
    ("SRL", "Fleurs et Jardins"),
    ("SRL", "Menuiserie Lefèvre"),
    ("SRL", "Agence Immobilière Sud"),
    ("SA", "Carrières de la Vallée"),
    ("SRL", "Friterie Chez Josiane"),
]
PUBLIC_BODIES = [
    "Commune de Namur",
    "CPAS de Charleroi",
    "Commune de Jambes",
    "Province de Liège",
    "Zone de police Hesbaye",
    "Athénée royal de Huy",
    "Commune d'Andenne",
    "CPAS de Mons",
    "Intercommunale du Val",
    "Régie des Bâtiments",
]
NON_PROFITS = [
    "ASBL Les Petits Riens",
    "Maison de Jeunes Le Cube",
    "ASBL Solidarité Seniors",
    "Club de football de Bouge",
    "ASBL Le Foyer",
    "Crèche Les Lutins",
    "Centre culturel d'Arlon",
    "ASBL Vie Féminine Namur",
    "Scouts de Wépion",
    "Restos du Cœur Liège",
]

# Jobs per workshop (index in WORKSHOPS): title, description,
# lines (kind, text, quantity, unit, unit price, VAT rate).
JOBS = {
    0: [
        (
            "Rafraîchissement d'une cuisine",
            "Démontage des anciens meubles, plafonnage, peinture.",
            [
                ("labour", "Main-d'œuvre stagiaires", "48", "h", "28.00", "6.00"),
                ("materials", "Plâtre et enduits", "12", "sac", "14.50", "6.00"),
            ],
        ),
        (
            "Carrelage d'une salle de bain",
            "Dépose de l'ancien carrelage, pose au sol et au mur.",
            [
                ("labour", "Main-d'œuvre stagiaires", "64", "h", "28.00", "6.00"),
                ("materials", "Carrelage grès cérame", "18", "m²", "32.00", "6.00"),
            ],
        ),
        (
            "Isolation d'un grenier",
            "Pose de laine de bois entre chevrons et pare-vapeur.",
            [("labour", "Main-d'œuvre stagiaires", "40", "h", "28.00", "21.00")],
        ),
        (
            "Peinture des locaux communaux",
            "Deux couches sur murs et plafonds, trois salles.",
            [
                ("labour", "Main-d'œuvre stagiaires", "72", "h", "28.00", "21.00"),
                ("materials", "Peinture acrylique", "30", "l", "9.80", "21.00"),
            ],
        ),
        (
            "Maçonnerie d'un muret de jardin",
            "Muret en blocs de béton, 12 m, enduit.",
            [("labour", "Main-d'œuvre stagiaires", "32", "h", "28.00", "21.00")],
        ),
    ],
    1: [
        (
            "Entretien annuel d'un parc",
            "Taille des haies, tonte, ramassage des feuilles.",
            [("labour", "Main-d'œuvre stagiaires", "60", "h", "26.00", "21.00")],
        ),
        (
            "Création d'un potager collectif",
            "Bacs en bois, terreau, plantations.",
            [
                ("labour", "Main-d'œuvre stagiaires", "36", "h", "26.00", "21.00"),
                ("materials", "Terreau et plants", "1", "forfait", "420.00", "6.00"),
            ],
        ),
        (
            "Élagage de fruitiers",
            "Taille de formation de 20 fruitiers.",
            [("labour", "Main-d'œuvre stagiaires", "16", "h", "26.00", "21.00")],
        ),
    ],
    2: [
        (
            "Buffet pour une assemblée générale",
            "Buffet froid pour 60 personnes.",
            [("other", "Buffet froid par personne", "60", "pers.", "14.00", "12.00")],
        ),
        (
            "Repas de fin d'année du CPAS",
            "Menu trois services pour 40 personnes.",
            [("other", "Menu trois services", "40", "pers.", "24.00", "12.00")],
        ),
    ],
}

# The centre's shared framework: the charter's basic, transversal and social skills.
CENTRE_FRAMEWORK = {
    "name": "Compétences du centre",
    "description": (
        "Compétences de base, transversales et sociales, communes à toutes les filières."
    ),
    "areas": [
        (
            "BAS",
            "Compétences de base",
            "basic",
            [
                ("BAS01", "Lire et comprendre une consigne de travail"),
                ("BAS02", "Écrire un message ou remplir un bon de travail"),
                ("BAS03", "Calculer des quantités, des mesures et des prix"),
            ],
        ),
        (
            "TRV",
            "Compétences transversales",
            "transversal",
            [
                ("TRV01", "Travailler en équipe"),
                ("TRV02", "Communiquer avec les collègues, le formateur et le client"),
                ("TRV03", "Organiser son travail et son poste"),
                ("TRV04", "Appliquer les règles de sécurité"),
                ("TRV05", "Respecter l'environnement : trier, économiser"),
            ],
        ),
        (
            "SOC",
            "Compétences sociales",
            "social",
            [
                ("SOC01", "Agir avec autonomie"),
                ("SOC02", "Avoir confiance en soi"),
                ("SOC03", "Faire face à une situation nouvelle"),
            ],
        ),
    ],
}

LESSONS = [
    ("Français au travail : lire une consigne", ["BAS01", "BAS02"]),
    ("Calcul professionnel : métrés et quantités", ["BAS03"]),
]

# The centre: the demo's, the benchmarks' and the tests'.
ORGANISATION = dict(
    legal_name="Atelier Tremplin",
    legal_form="ASBL",
    enterprise_number="0417497106",
    vat_number="BE0417497106",
    rpm_court="RPM Liège, division Namur",
    street="rue des Tanneries 12",
    postal_code="5000",
    city="Namur",
    email="contact@atelier-tremplin.be",
    phone="081 22 33 44",
    website="https://atelier-tremplin.be",
    iban="BE71096123456769",
    bic="GKCCBEBB",
    peppol_endpoint="0208:0417497106",
    invoice_footer="CISP agréé par la Région wallonne — entreprise de formation par le travail.",
)
