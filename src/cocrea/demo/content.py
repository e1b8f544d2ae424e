"""Texts of the fictional demo brand, Café Lumière. French first (the demo's language), some English."""

from __future__ import annotations

BRAND = {
    "name": "Café Lumière",
    "slug": "cafe-lumiere",
    "tagline": "Vos idées font notre café. Proposez, votez, et voyez-les prendre vie.",
    "description": (
        "Café Lumière, ce sont 80 cafés en France et en Belgique. Depuis 2019, nos clients "
        "imaginent avec nous les boissons, les tasses et les services de demain."
    ),
    "primary_colour": "#5b3a29",
    "accent_colour": "#c8641e",
}

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Sarah",
    "Zoé",
    "Lucas",
    "Hugo",
    "Louis",
    "Nathan",
    "Gabriel",
    "Jules",
    "Arthur",
    "Raphaël",
    "Noah",
    "Adam",
    "Claire",
    "Sophie",
    "Julien",
    "Thomas",
    "Antoine",
    "Mathilde",
    "Élodie",
    "Yanis",
    "Nadia",
    "Karim",
    "Olivia",
    "James",
    "Emily",
    "Oliver",
    "Grace",
    "Henry",
    "Amelia",
    "Jack",
    "Mia",
    "Leo",
]
# Members with these first names write in English (and read the site in English).
ENGLISH_FIRST_NAMES = frozenset(FIRST_NAMES[-10:])
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Walker",
    "Benali",
    "Haddad",
    "Nguyen",
]
BIOS = [
    "Amateur de cafés de spécialité, client depuis l'ouverture du café de Lyon.",
    "Je travaille en télétravail… souvent chez Café Lumière !",
    "Barista à la maison, toujours en quête de la mouture parfaite.",
    "Étudiante, je carbure au cappuccino avoine.",
    "Coffee lover from Brussels, happy to help.",
    "Parent pressé, fan du drive et des viennoiseries.",
    "",
]

# Each campaign: its texts, the open phase, and idea "seeds". A seed is (language, title, body).
CAMPAIGNS = [
    {
        "slug": "la-tasse-de-demain",
        "title": "La tasse de demain",
        "objective": "Zéro gobelet jetable d'ici 2027 : imaginez avec nous la tasse et le service qui vont avec.",
        "description": (
            "<p>Chaque année nos cafés utilisent 4 millions de gobelets. Nous voulons les supprimer "
            "sans vous compliquer la vie. <strong>Tasse consignée, tasse personnelle, nouveau "
            "matériau, récompense…</strong> : toutes les idées sont bienvenues.</p>"
        ),
        "phase": "submission",
        "categories": ["Tasse et matériaux", "Consigne et retour", "Récompenses"],
        "tags": ["écologie", "zéro déchet", "design"],
        "ideas": [
            (
                "fr",
                "Une tasse consignée rendue dans n'importe quel café",
                "Payer 1 € de consigne et pouvoir rendre la tasse dans n'importe quel Café Lumière, ou dans une borne à la gare. Il faudrait que ce soit aussi simple qu'un gobelet.",
            ),
            (
                "fr",
                "Réduction de 30 centimes avec sa propre tasse",
                "J'aimerais une vraie réduction quand j'apporte ma tasse, affichée au comptoir, pas seulement sur demande.",
            ),
            (
                "fr",
                "Tasse pliable en silicone aux couleurs de la marque",
                "Une tasse qui se plie et tient dans la poche, vendue au prix coûtant. Ce serait bien si elle passait au lave-vaisselle.",
            ),
            (
                "fr",
                "Station de lavage de tasses en libre-service",
                "Un petit rinceur à l'entrée pour laver sa tasse personnelle avant de commander.",
            ),
            (
                "fr",
                "Tasse en marc de café recyclé",
                "Fabriquer les tasses avec le marc de café de nos propres cafés. Une belle histoire à raconter !",
            ),
            (
                "fr",
                "Couvercle étanche pour la tasse consignée",
                "Le couvercle actuel fuit dans le sac. Il faudrait un couvercle vraiment étanche, sinon personne ne prendra la tasse en déplacement.",
            ),
            (
                "fr",
                "Points fidélité doublés pour les tasses réutilisables",
                "Chaque boisson servie dans une tasse réutilisable rapporte le double de points sur l'appli.",
            ),
            (
                "fr",
                "Afficher le compteur de gobelets évités",
                "Un écran dans chaque café qui montre le nombre de gobelets évités ce mois-ci, ça motive.",
            ),
            (
                "fr",
                "Tasse isotherme qui garde le café chaud deux heures",
                "Je mets une heure à aller au bureau, mon café est froid à l'arrivée. Une tasse isotherme serait parfaite.",
            ),
            (
                "fr",
                "Consigne sans application pour les personnes âgées",
                "Ma mère n'a pas de smartphone. Ce serait bien si la consigne marchait avec un simple jeton.",
            ),
            (
                "fr",
                "Tasses décorées par des artistes locaux",
                "Une édition limitée chaque saison, dessinée par un artiste de la ville du café.",
            ),
            (
                "fr",
                "Bornes de retour dans les gares et universités",
                "Pouvoir déposer la tasse consignée là où on la finit : en gare, au campus, au bureau.",
            ),
            (
                "fr",
                "Taille unique de tasse compatible avec toutes les boissons",
                "Une seule tasse pour toutes les tailles, avec des repères gravés à l'intérieur.",
            ),
            (
                "fr",
                "Prêt de tasse pour les touristes",
                "Une tasse prêtée contre une caution par carte, remboursée au retour, même dans une autre ville.",
            ),
            (
                "fr",
                "Pailles en inox à la place des pailles en papier",
                "Les pailles en papier ramollissent. J'aimerais des pailles en inox consignées.",
            ),
            (
                "en",
                "Deposit cup returnable at any store",
                "Pay a small deposit and drop the cup at any Café Lumière or at partner stations. Please add return points in train stations.",
            ),
            (
                "en",
                "Discount for bringing your own mug",
                "I wish the discount for bringing my own mug was bigger and shown on the menu board.",
            ),
            (
                "en",
                "A collapsible travel mug that fits in a pocket",
                "A silicone mug that folds flat would make it easy to always carry one.",
            ),
            (
                "en",
                "Leak-proof lid for takeaway cups",
                "The current lid leaks in my bag. A leak-proof lid would make reusable cups practical.",
            ),
            (
                "en",
                "Show how many cups we saved together",
                "A counter in the app and in stores showing the cups saved by the community.",
            ),
        ],
    },
    {
        "slug": "le-menu-de-l-hiver",
        "title": "Le menu de l'hiver",
        "objective": "Choisissez les boissons et douceurs qui rejoindront la carte d'hiver.",
        "description": (
            "<p>Les propositions sont closes : <strong>votez</strong> pour vos préférées et "
            "notez-les. Les cinq idées les plus soutenues seront goûtées par notre équipe.</p>"
        ),
        "phase": "voting",
        "categories": ["Boissons chaudes", "Pâtisseries", "Sans lactose et vegan"],
        "tags": ["saison", "gourmand", "vegan"],
        "ideas": [
            (
                "fr",
                "Chocolat chaud à la châtaigne d'Ardèche",
                "Un chocolat chaud onctueux avec une crème de châtaigne, c'est tout l'hiver dans une tasse.",
            ),
            (
                "fr",
                "Latte pain d'épices au lait d'avoine",
                "Une version vegan du latte pain d'épices, avec des épices vraiment marquées.",
            ),
            (
                "fr",
                "Chai maison moins sucré",
                "Le chai actuel est trop sucré. J'aimerais un chai infusé maison avec le sucre à part.",
            ),
            (
                "fr",
                "Galette des rois à la part en janvier",
                "Pouvoir acheter une part de galette avec son café, et trouver la fève !",
            ),
            (
                "fr",
                "Cappuccino à l'érable et noix de pécan",
                "Un cappuccino sirop d'érable avec un éclat de noix de pécan sur la mousse.",
            ),
            (
                "fr",
                "Vin chaud sans alcool aux épices",
                "Pour les fêtes, une boisson chaude aux épices et au jus de raisin, sans alcool.",
            ),
            (
                "fr",
                "Cookies vegan sans gluten",
                "Il faudrait au moins une douceur à la fois vegan et sans gluten sur la carte d'hiver.",
            ),
            (
                "fr",
                "Soupe du jour pour le déjeuner",
                "En hiver, une soupe maison avec du pain serait parfaite pour le déjeuner rapide.",
            ),
            (
                "fr",
                "Matcha latte à la vanille",
                "Un matcha latte doux à la vanille pour ceux qui ne boivent pas de café.",
            ),
            (
                "fr",
                "Brioche feuilletée à la praline rose",
                "Une spécialité lyonnaise pour accompagner le café du matin.",
            ),
            (
                "fr",
                "Lait d'amande sans supplément",
                "Ce serait bien si les laits végétaux n'étaient plus facturés en supplément.",
            ),
            (
                "fr",
                "Café viennois à l'ancienne",
                "Un vrai café viennois avec une chantilly maison, comme à Vienne.",
            ),
            (
                "en",
                "Gingerbread latte with oat milk",
                "Please add a vegan gingerbread latte, the spices are perfect for winter.",
            ),
            (
                "en",
                "Less sugary chai",
                "I wish the chai had less sugar, or came with syrup on the side.",
            ),
            (
                "en",
                "Hot apple cider",
                "A spiced hot apple cider would be great for people who avoid caffeine.",
            ),
            (
                "en",
                "Gluten-free winter cake",
                "Please add a gluten-free option among the winter pastries.",
            ),
        ],
    },
    {
        "slug": "l-application-cafe-lumiere",
        "title": "L'application Café Lumière",
        "objective": "Ce que vous attendiez de l'appli, et ce que nous avons lancé grâce à vous.",
        "description": (
            "<p>En 2025 vous avez proposé plus de 100 idées pour notre application. Voici ce que "
            "nous en avons fait : réponses officielles, idées en développement et lancées.</p>"
        ),
        "phase": "results",
        "categories": ["Commande", "Fidélité", "Accessibilité"],
        "tags": ["appli", "paiement", "accessibilité"],
        "ideas": [
            (
                "fr",
                "Commander à l'avance et passer prendre sans attendre",
                "J'aimerais commander depuis le métro et récupérer ma boisson sans faire la queue.",
            ),
            (
                "fr",
                "Enregistrer ma boisson habituelle",
                "Un bouton « comme d'habitude » pour recommander ma boisson en un geste.",
            ),
            ("fr", "Mode sombre", "L'appli éblouit le matin. Un mode sombre serait bien."),
            (
                "fr",
                "Afficher l'affluence en temps réel",
                "Savoir si le café est plein avant de venir travailler avec mon ordinateur.",
            ),
            (
                "fr",
                "Paiement en plusieurs cartes cadeaux",
                "Pouvoir combiner deux cartes cadeaux pour une même commande.",
            ),
            (
                "fr",
                "Allergènes détaillés pour chaque produit",
                "Il faudrait la liste complète des allergènes dans l'appli, pas seulement en magasin.",
            ),
            (
                "fr",
                "Lecteur d'écran compatible",
                "L'appli est difficile à utiliser avec VoiceOver. Les boutons n'ont pas de nom.",
            ),
            (
                "fr",
                "Offrir un café à un ami par message",
                "Envoyer un café à un ami qui le récupère dans le café de son choix.",
            ),
            (
                "fr",
                "Historique des commandes avec reçus",
                "Retrouver mes reçus pour mes notes de frais.",
            ),
            ("fr", "Récompense d'anniversaire", "Une boisson offerte le jour de mon anniversaire."),
            (
                "fr",
                "Choisir la température de la boisson",
                "Pouvoir demander une boisson extra-chaude ou tiède dans l'appli.",
            ),
            (
                "fr",
                "Notifications quand ma commande est prête",
                "Une notification quand la boisson est prête, avec le numéro du comptoir.",
            ),
            (
                "en",
                "Order ahead and skip the line",
                "Please add mobile ordering so I can pick up my coffee on the way to work.",
            ),
            ("en", "Dark mode", "The app is very bright in the morning, a dark mode would help."),
            (
                "en",
                "Screen reader support",
                "Buttons have no labels with TalkBack, the app is hard to use for blind customers.",
            ),
            (
                "en",
                "Split payment between gift cards",
                "I wish I could use two gift cards on one order.",
            ),
        ],
    },
]

VARIATIONS_FR = [
    "Variante : {}",
    "{} (version week-end)",
    "{} — pour les familles",
    "Idée complémentaire : {}",
    "{} dans tous les cafés",
]
VARIATIONS_EN = ["Another take: {}", "{} for families", "{} in every store", "{} on weekends"]
EXTRA_FR = [
    "Je pense que beaucoup de clients réguliers seraient d'accord.",
    "On en parlait avec des collègues au café de Nantes.",
    "Ce serait un vrai plus pour les habitués.",
    "Il faudrait tester dans quelques cafés d'abord.",
    "Franchement, c'est ce qui me ferait venir plus souvent.",
]
EXTRA_EN = [
    "Many regulars I know would love this.",
    "It would be worth testing in a few stores first.",
    "This would make me visit more often.",
]

COMMENTS_FR = [
    "Excellente idée, je soutiens à 100 % !",
    "Oui ! Et ce serait encore mieux avec une option dans l'appli.",
    "Je ne suis pas sûr que ce soit rentable, mais j'aime l'intention.",
    "Déjà vu chez un concurrent à Paris, ça marche très bien.",
    "Il faudrait penser aux personnes qui n'ont pas de smartphone.",
    "Je suis d'accord, surtout le matin quand on est pressé.",
    "Pas convaincu : ça risque d'allonger l'attente au comptoir.",
    "Génial, j'en parle autour de moi.",
    "Et pourquoi pas une version pour les enfants ?",
    "Ça me ferait venir deux fois plus souvent.",
]
COMMENTS_EN = [
    "Great idea, I fully support it!",
    "Yes please, and make it available in the app too.",
    "Not sure about the cost, but I like the spirit.",
    "I saw this elsewhere and it works really well.",
]
REPLIES_FR = [
    "Bonne remarque, je n'y avais pas pensé.",
    "Tout à fait d'accord avec vous.",
    "Je ne vois pas les choses comme ça, mais pourquoi pas.",
]
REPLIES_EN = ["Good point!", "Totally agree.", "I see it differently, but why not."]

ANSWERS = {
    "under_review": "Merci ! Notre équipe produit étudie cette idée et reviendra vers vous d'ici un mois.",
    "accepted": "Bonne nouvelle : cette idée est retenue. Nous la planifions pour les prochains mois.",
    "in_development": "C'est en cours ! L'équipe y travaille et un test démarre bientôt dans trois cafés.",
    "launched": "C'est lancé ! Disponible dans tous nos cafés et dans l'appli. Merci pour cette idée.",
    "declined": "Merci pour la proposition. Nous ne la retiendrons pas : le coût est trop élevé pour nos cafés aujourd'hui.",
}
MERGE_ANSWER = "Cette idée rejoint une proposition identique : vos soutiens sont conservés."
