"""« Le menu de l'hiver »: ideas collected in October, the community votes now."""

from __future__ import annotations

from cocrea.demo.texts import idea

MENU = [
    idea(
        "fr",
        "Chocolat chaud à la crème de châtaigne d'Ardèche",
        "Un chocolat chaud épais avec une cuillère de crème de châtaigne au fond. C'est le goût "
        "des hivers chez ma grand-mère à Privas.",
        (
            "La crème de marrons Clément Faugier, évidemment !",
            "Ou un producteur plus petit, il y en a de très bons vers Aubenas.",
        ),
        "Attention aux allergiques aux fruits à coque, il faudra bien l'indiquer.",
        category=0,
        fate=(
            "under_review",
            "Elle fait partie des cinq boissons goûtées par notre "
            "torréfacteur le 12 décembre. Réponse juste après !",
        ),
        pop=3.2,
        picture="chestnut",
    ),
    idea(
        "fr",
        "Latte pain d'épices au lait d'avoine",
        "Le latte pain d'épices de l'an dernier n'existait qu'au lait de vache. La même recette "
        "au lait d'avoine, avec des épices vraiment marquées : cannelle, gingembre, girofle.",
        "Enfin une boisson de Noël pour les vegans !",
        (
            "Moins de sirop que l'an dernier s'il vous plaît, c'était écœurant.",
            "D'accord, les épices doivent dominer, pas le sucre.",
        ),
        category=2,
        fate=(
            "under_review",
            "Retenue pour la dégustation du 12 décembre, dans une "
            "version moins sucrée comme beaucoup d'entre vous le demandent.",
        ),
        pop=2.8,
    ),
    idea(
        "fr",
        "Un chai infusé maison, le sucre à part",
        "Le chai actuel vient d'un sirop et il est beaucoup trop sucré. Un chai infusé sur place "
        "avec du thé noir et des épices entières, et le sucre à part pour ceux qui veulent.",
        "Le chai de la rue Sainte-Catherine à Bordeaux est déjà fait maison, non ?",
        "Oui oui oui. Le sirop actuel masque tout.",
        category=0,
        pop=2.1,
    ),
    idea(
        "fr",
        "Une part de galette des rois avec son café en janvier",
        "Pas besoin d'acheter une galette entière pour le bureau : une part avec le café du "
        "matin, et une fève de temps en temps.",
        (
            "Frangipane obligatoire. La brioche des rois, c'est pour le Sud !",
            "Pourquoi pas les deux, selon la région du café ?",
        ),
        category=1,
        pop=1.9,
    ),
    idea(
        "fr",
        "Cappuccino érable et noix de pécan",
        "Un cappuccino avec un trait de vrai sirop d'érable et quelques éclats de noix de pécan "
        "torréfiées sur la mousse.",
        "Le sirop d'érable du Québec, pas un arôme s'il vous plaît.",
        category=0,
        pop=1.2,
    ),
    idea(
        "fr",
        "Une boisson chaude aux épices sans alcool pour les fêtes",
        "Comme un vin chaud, mais au jus de raisin et à l'orange, pour les enfants, les femmes "
        "enceintes et ceux qui conduisent.",
        "Mes enfants adoreraient, on n'a jamais rien pour eux en hiver.",
        category=0,
        pop=1.5,
    ),
    idea(
        "fr",
        "Des cookies vegan et sans gluten",
        "Il n'y a aucune douceur à la fois vegan et sans gluten sur la carte. Un cookie chocolat "
        "noir et sarrasin, par exemple.",
        (
            "Le sarrasin dans un cookie, c'est excellent, je confirme.",
            "Et il faudrait une pince à part pour éviter la contamination au gluten.",
        ),
        category=2,
        pop=1.7,
    ),
    idea(
        "fr",
        "Une soupe du jour le midi en hiver",
        "Je déjeune souvent au café en télétravail. Une soupe maison avec une tranche de pain de "
        "campagne serait parfaite de novembre à mars.",
        "Le potimarron-châtaigne, pitié.",
        category=1,
        pop=1.3,
    ),
    idea(
        "fr",
        "Un matcha latte à la vanille",
        "Pour ceux qui ne boivent pas de café l'après-midi : un matcha de cérémonie, de la "
        "vanille de Madagascar et du lait au choix.",
        category=0,
        pop=0.9,
    ),
    idea(
        "fr",
        "Brioche à la praline rose pour les cafés lyonnais",
        "Une spécialité locale dans chaque ville : à Lyon ce serait la brioche aux pralines "
        "roses, à Bordeaux un canelé.",
        (
            "Le canelé existe déjà à Bordeaux, il est parfait.",
            "Alors il faut l'étendre aux autres villes !",
        ),
        category=1,
        pop=1.4,
    ),
    idea(
        "fr",
        "Ne plus facturer les laits végétaux",
        "Payer 40 centimes de plus pour du lait d'avoine quand on est intolérant au lactose, ce "
        "n'est pas juste. Plusieurs enseignes l'ont supprimé.",
        "Totalement d'accord, c'est une double peine.",
        "Le lait d'avoine coûte plus cher à l'achat, il faudra bien le payer quelque part.",
        category=2,
        fate=(
            "under_review",
            "Nous regardons l'impact sur les prix avec nos fournisseurs ; "
            "réponse avant la nouvelle carte du 15 janvier.",
        ),
        pop=3.0,
    ),
    idea(
        "fr",
        "Un vrai café viennois à la chantilly maison",
        "Un double espresso allongé, une chantilly montée sur place et un peu de cacao. Pas de "
        "bombe aérosol.",
        category=0,
        pop=1.0,
    ),
    idea(
        "fr",
        "Un chocolat chaud à l'ancienne, épais comme en Espagne",
        "Pour tremper les churros… ou les croissants. Un chocolat épais, à la cuillère.",
        "Avec des churros le dimanche matin ?",
        category=0,
        pop=1.1,
    ),
    idea(
        "fr",
        "Des mini-formats pour goûter toutes les nouveautés",
        "Un plateau de trois petites tasses pour goûter les boissons de la saison avant de "
        "choisir sa préférée.",
        (
            "Génial pour venir à deux et partager.",
            "Et ça aiderait l'équipe à savoir ce qui plaît vraiment.",
        ),
        category=0,
        pop=1.2,
    ),
    idea(
        "en",
        "Gingerbread latte with oat milk",
        "Last winter's gingerbread latte was dairy only. Please bring it back with oat milk "
        "and proper spices rather than syrup.",
        "Seconded. The oat version at home tastes even better.",
        category=2,
        pop=1.8,
        merge_into="Latte pain d'épices au lait d'avoine",
    ),
    idea(
        "en",
        "A chai that is not a sugar bomb",
        "I love chai but the current one is mostly syrup. A brewed chai with the sweetener on "
        "the side would be perfect.",
        ("Same, I ask for half syrup every time.", "They told me it's pre-mixed, so they can't."),
        category=0,
        pop=1.4,
    ),
    idea(
        "en",
        "Hot spiced apple cider",
        "Not everyone drinks coffee in the evening. A spiced apple cider, served hot, would be "
        "lovely for the December markets.",
        "With a cinnamon stick, please!",
        category=0,
        pop=1.0,
    ),
    idea(
        "en",
        "A gluten-free winter cake",
        "A gluten-free slice among the winter pastries, clearly labelled, so coeliac customers "
        "can enjoy the season too.",
        category=1,
        pop=0.8,
    ),
    idea(
        "en",
        "Bring back the Christmas blend in beans",
        "The Christmas blend sold out in two weeks last year. Sell it in 250 g bags from the "
        "first of December so we can brew it at home.",
        "It was the best blend of the year, by far.",
        category=0,
        pop=1.3,
    ),
]
