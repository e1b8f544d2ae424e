"""« La tasse de demain »: the campaign collecting ideas now (opened three weeks ago).

Every idea, comment and reply is written once: the demo test fails on two identical texts.
"""

from __future__ import annotations

from cocrea.demo.texts import idea

CUP = [
    idea(
        "fr",
        "Une tasse consignée rendue dans n'importe quel café",
        "Payer 1 € de consigne et pouvoir rendre la tasse dans n'importe quel Café Lumière. "
        "Aujourd'hui je garde des gobelets sales dans mon sac parce que le café de la gare ne "
        "reprend pas ceux de la rue de la République.",
        (
            "Oui, et il faut que ce soit aussi rapide qu'un gobelet, sinon personne ne suivra.",
            "C'est tout l'enjeu : rendre la tasse sans faire la queue une deuxième fois.",
        ),
        "À Fribourg ça existe déjà avec le Freiburg Cup, ça marche très bien.",
        "Et si on pouvait la rendre aussi chez les boulangeries partenaires ?",
        category=1,
        fate=(
            "under_review",
            "Merci Camille ! Nous chiffrons la consigne à 1 € avec le "
            "réseau des 80 cafés ; un test démarre à Lyon en janvier.",
        ),
        pop=3.0,
    ),
    idea(
        "fr",
        "Réduction de 30 centimes quand on apporte sa tasse",
        "La réduction existe mais personne ne la connaît. Il faudrait l'afficher au comptoir et "
        "l'appliquer sans avoir à la demander.",
        "Je l'ai découverte après deux ans de commandes… affichez-la !",
        (
            "30 centimes c'est peu, 50 ce serait un vrai déclic.",
            "Pas sûr : à 50 centimes ce sont les prix des autres boissons qui monteraient.",
        ),
        category=2,
        pop=2.2,
    ),
    idea(
        "fr",
        "Une tasse pliable en silicone qui tient dans la poche",
        "Je n'ai jamais ma tasse sur moi parce qu'elle prend trop de place. Une tasse qui se "
        "plie à plat, vendue au prix coûtant, et qui passe au lave-vaisselle.",
        "J'en ai une d'une autre marque : le goût du silicone part après trois lavages.",
        "Attention au couvercle, c'est toujours lui qui fuit sur les modèles pliables.",
        category=0,
        pop=1.8,
    ),
    idea(
        "fr",
        "Rinceur de tasses en libre-service à l'entrée",
        "Un petit rinceur comme dans les bars à bière, pour laver sa tasse personnelle avant de "
        "la tendre au barista. Ça éviterait de donner une tasse tachée de la veille.",
        "Très bonne idée pour l'hygiène, les baristas apprécieraient.",
        category=1,
        pop=0.9,
    ),
    idea(
        "fr",
        "Des tasses fabriquées avec notre propre marc de café",
        "Nos cafés jettent des kilos de marc chaque jour. Des entreprises en font des tasses "
        "solides : ce serait une belle histoire à raconter sur le comptoir.",
        (
            "Ça existe, Kaffeeform en Allemagne le fait depuis des années.",
            "Justement, un partenariat serait plus rapide que de tout inventer.",
        ),
        "Est-ce que ça garde le café chaud aussi bien que la céramique ?",
        category=0,
        fate=(
            "accepted",
            "Nous aimons beaucoup cette idée : un partenaire fabricant est "
            "trouvé, les premiers prototypes en marc recyclé arrivent au printemps.",
        ),
        pop=2.6,
    ),
    idea(
        "fr",
        "Un couvercle vraiment étanche pour la tasse consignée",
        "J'ai testé la tasse consignée du café de Villeurbanne : le couvercle fuit dès qu'on "
        "penche la tasse. Dans un sac d'ordinateur, c'est rédhibitoire.",
        "Même problème, j'ai taché un dossier entier la semaine dernière.",
        "Un couvercle à clip plutôt qu'à pression ?",
        "Peut-être vendre le couvercle à part pour ceux qui en ont besoin.",
        category=0,
        pop=2.0,
    ),
    idea(
        "fr",
        "Points fidélité doublés avec une tasse réutilisable",
        "Chaque boisson servie dans une tasse réutilisable pourrait rapporter deux fois plus de "
        "points dans l'appli. C'est plus motivant qu'une remise.",
        "Je préfère la remise immédiate, les points je les oublie.",
        category=2,
        pop=1.1,
    ),
    idea(
        "fr",
        "Un compteur des gobelets évités dans chaque café",
        "Un petit écran près de la caisse qui affiche combien de gobelets la communauté a "
        "évités ce mois-ci. On aime voir que nos efforts comptent.",
        (
            "Et le même compteur dans l'appli, pour chacun.",
            "Oui, avec un classement entre les cafés !",
        ),
        category=2,
        pop=1.3,
    ),
    idea(
        "fr",
        "Une tasse isotherme qui garde le café chaud deux heures",
        "J'ai une heure de trajet jusqu'au bureau et mon latte arrive tiède. Une tasse "
        "isotherme double paroi à la marque, je l'achète demain.",
        "Avec un couvercle qui se visse, sinon c'est inutile dans le métro.",
        category=0,
        pop=1.4,
    ),
    idea(
        "fr",
        "Une consigne qui marche sans smartphone",
        "Ma mère n'a pas de smartphone et vient tous les jours. Il faudrait que la consigne "
        "fonctionne avec un simple jeton ou la carte de fidélité en plastique.",
        "Merci de penser à nos aînés, c'est trop rare.",
        "Un jeton en bois gravé, ce serait joli en plus.",
        category=1,
        pop=1.6,
    ),
    idea(
        "fr",
        "Une édition de tasses dessinées par des artistes de chaque ville",
        "Chaque saison, un artiste local dessine la tasse du café de sa ville. Je collectionnerais "
        "toutes les villes.",
        "La tasse de Lille par un illustrateur de Roubaix, j'achète !",
        category=0,
        pop=1.0,
    ),
    idea(
        "fr",
        "Des bornes de retour dans les gares et sur les campus",
        "La tasse consignée, on la finit rarement au café. Pouvoir la déposer dans une borne à la "
        "gare Part-Dieu ou à l'université changerait tout.",
        "À la fac de Nantes, il y a déjà des bornes pour les gobelets du CROUS.",
        category=1,
        pop=1.5,
    ),
    idea(
        "fr",
        "Des repères gravés pour une seule taille de tasse",
        "Plutôt que trois tailles de tasses, une seule avec des repères gravés à l'intérieur "
        "pour le petit, le moyen et le grand.",
        "Malin, ça réduit aussi le stock de tasses dans chaque café.",
        category=0,
        pop=0.7,
    ),
    idea(
        "fr",
        "Prêter une tasse aux touristes contre une caution par carte",
        "Les touristes ne vont pas acheter une tasse pour trois jours. Une caution par carte "
        "bancaire, remboursée quand ils rendent la tasse dans n'importe quelle ville.",
        category=1,
        pop=0.6,
    ),
    idea(
        "fr",
        "Des pailles en inox à la place des pailles en papier",
        "Les pailles en papier ramollissent dans les boissons glacées en dix minutes. Des pailles "
        "en inox consignées comme les tasses, avec un goupillon pour les laver.",
        "Oui ! La paille en papier dans un frappé, c'est une punition.",
        "Attention pour les enfants, l'inox peut blesser.",
        category=0,
        pop=1.2,
    ),
    idea(
        "fr",
        "Servir sur place dans de la vraie vaisselle par défaut",
        "Dans certains cafés on me sert un gobelet même quand je reste à table. La tasse en "
        "céramique devrait être automatique pour les boissons sur place.",
        (
            "C'est même la loi depuis 2023 pour la restauration sur place, non ?",
            "Oui, mais ce n'est pas toujours appliqué aux heures de pointe.",
        ),
        category=1,
        fate=(
            "accepted",
            "Vous avez raison, et c'est une obligation légale : la consigne "
            "est rappelée à toutes les équipes, avec un contrôle en décembre.",
        ),
        pop=2.4,
    ),
    idea(
        "en",
        "A deposit cup you can return at any store",
        "I commute between Brussels and Lille. A deposit cup I could pick up in one city and "
        "drop off in the other would make me give up paper cups for good.",
        ("Same here between Paris and Lyon.", "A cross-border deposit would be a first!"),
        category=1,
        pop=1.9,
    ),
    idea(
        "en",
        "Make the reusable mug discount visible on the menu board",
        "The discount for bringing your own mug is hidden. Put it on the menu board next to the "
        "prices so everyone sees it before ordering.",
        "Agreed, I only learnt about it from this site.",
        category=2,
        pop=1.0,
    ),
    idea(
        "en",
        "A leak-proof lid I can throw in my backpack",
        "Reusable cups only work for me if the lid seals completely. I carry a laptop; one "
        "spill and I am back to paper cups.",
        "Screw-on lids are the only ones that never failed me.",
        category=0,
        pop=1.3,
    ),
    idea(
        "en",
        "Show how many cups the community saved together",
        "A shared counter in the app with the number of cups saved this month, and a small "
        "reward for the whole community when we reach a goal.",
        "Collective goals work better than individual points, love it.",
        category=2,
        pop=0.9,
    ),
    idea(
        "en",
        "Let me leave my own mug at my usual café",
        "A small shelf where regulars can leave their own mug, washed by the staff, like in "
        "some Japanese coffee shops. I would never forget it at home again.",
        (
            "Hygiene rules might make it hard, but worth asking.",
            "Some independent cafés in Ghent do it, with named hooks.",
        ),
        category=1,
        pop=1.1,
    ),
    idea(
        "fr",
        "Un kit de nettoyage offert avec la tasse",
        "Une petite brosse pour le couvercle et les recoins : c'est là que l'odeur de café froid "
        "s'installe.",
        category=0,
        pop=0.5,
    ),
]
