"""« L'application Café Lumière »: the community's first campaign, now showing its results."""

from __future__ import annotations

from cocrea.demo.texts import idea

APP = [
    idea(
        "fr",
        "Commander à l'avance et passer prendre sans attendre",
        "Je commande depuis le tram et je récupère ma boisson au comptoir sans faire la queue. "
        "Aux heures de pointe, c'est dix minutes gagnées chaque matin.",
        (
            "Avec une heure de retrait choisie, sinon le café refroidit.",
            "Ou une notification quand c'est prêt, ce serait encore mieux.",
        ),
        "Il faut un comptoir à part, sinon on se mélange avec la file.",
        "C'est LA fonction qui me manque.",
        category=0,
        fate=(
            "launched",
            "C'est lancé dans les 80 cafés depuis le 2 octobre : la commande "
            "à l'avance, avec un comptoir de retrait dédié. Merci à tous ceux qui l'ont "
            "demandée !",
        ),
        pop=4.0,
        picture="pickup",
    ),
    idea(
        "fr",
        "Enregistrer sa boisson habituelle",
        "Un bouton « comme d'habitude » qui recommande ma boisson préférée, avec mes "
        "préférences (lait d'avoine, sans sucre) en un seul geste.",
        "Et pouvoir en enregistrer deux : celle du matin et celle de l'après-midi.",
        category=0,
        fate=(
            "launched",
            "Disponible depuis la version 3.2 : vos boissons favorites, "
            "jusqu'à trois, recommandées en un geste.",
        ),
        pop=3.1,
    ),
    idea(
        "fr",
        "Un mode sombre pour l'application",
        "L'appli m'éblouit à 6 h du matin dans le bus. Un mode sombre qui suit le réglage du "
        "téléphone serait bienvenu.",
        "Indispensable en 2026, franchement.",
        category=2,
        fate=(
            "in_development",
            "Le mode sombre est en développement, il suivra le réglage "
            "de votre téléphone. Sortie prévue avec la version 3.4.",
        ),
        pop=2.9,
    ),
    idea(
        "fr",
        "Voir l'affluence du café en temps réel",
        "Je travaille souvent au café avec mon ordinateur. Savoir s'il reste des places avant de "
        "me déplacer m'éviterait des allers-retours.",
        (
            "Les heures d'affluence comme sur Google Maps suffiraient.",
            "En temps réel c'est plus utile, surtout le samedi.",
        ),
        category=0,
        fate=(
            "accepted",
            "Retenue : nous testerons un indicateur d'affluence dans les cafés "
            "de Lyon et Nantes à partir du printemps.",
        ),
        pop=2.3,
    ),
    idea(
        "fr",
        "Payer avec plusieurs cartes cadeaux",
        "À Noël j'ai reçu trois cartes cadeaux avec des petits montants. Impossible de les "
        "combiner pour une commande.",
        category=0,
        fate=(
            "in_development",
            "La réunion des soldes de cartes cadeaux sur un même compte "
            "est en développement ; elle arrive avant les fêtes.",
        ),
        pop=1.6,
    ),
    idea(
        "fr",
        "La liste complète des allergènes pour chaque produit",
        "Ma fille est allergique à l'arachide. En magasin on peut demander le classeur, mais "
        "dans l'appli on ne voit rien avant de commander.",
        (
            "Vital pour nous aussi, mon fils est allergique au sésame.",
            "Et les traces éventuelles, pas seulement les ingrédients.",
        ),
        category=2,
        fate=(
            "launched",
            "Chaque produit affiche maintenant ses 14 allergènes et les "
            "traces possibles, dans l'appli comme sur le site.",
        ),
        pop=3.4,
    ),
    idea(
        "fr",
        "Une application utilisable avec un lecteur d'écran",
        "Je suis malvoyant et j'utilise VoiceOver. La moitié des boutons de l'appli n'ont pas "
        "de nom : je ne peux pas commander seul.",
        "Merci d'avoir soulevé ce point, c'est une question de respect.",
        category=2,
        fate=(
            "launched",
            "Tous les écrans ont été revus avec une association de personnes "
            "aveugles ; la commande complète fonctionne avec VoiceOver et TalkBack.",
        ),
        pop=2.7,
    ),
    idea(
        "fr",
        "Offrir un café à un ami par message",
        "Envoyer un café à une amie pour son anniversaire, qu'elle récupère dans le café de son "
        "choix avec un code.",
        (
            "J'adore, c'est mieux qu'une carte cadeau.",
            "Et avec un petit mot personnalisé, ce serait parfait.",
        ),
        category=1,
        fate=(
            "in_development",
            "L'équipe y travaille : un café offert par lien, avec un mot, "
            "à récupérer dans n'importe quel café. Test interne en cours.",
        ),
        pop=2.2,
    ),
    idea(
        "fr",
        "Retrouver ses reçus pour les notes de frais",
        "Je paie souvent mes cafés de rendez-vous clients avec l'appli. Un historique avec des "
        "reçus en PDF m'éviterait de tout photographier.",
        category=0,
        fate=(
            "accepted",
            "Retenue pour 2027 : un historique de commandes avec reçus téléchargeables.",
        ),
        pop=1.2,
    ),
    idea(
        "fr",
        "Une boisson offerte le jour de son anniversaire",
        "Beaucoup d'enseignes le font. Un petit geste qui donne envie de revenir.",
        "Simple et efficace.",
        category=1,
        fate=(
            "declined",
            "Nous préférons récompenser ce que vous faites pour la communauté "
            "plutôt qu'une date : les points d'engagement remplacent cette idée.",
        ),
        pop=1.9,
    ),
    idea(
        "fr",
        "Choisir la température de sa boisson",
        "Extra-chaude pour le trajet, tiède pour les enfants : un réglage dans la commande.",
        category=0,
        fate=(
            "declined",
            "Nos machines ne permettent pas de garantir une température "
            "précise ; nous préférons ne pas promettre ce que nous ne pouvons pas tenir.",
        ),
        pop=0.9,
    ),
    idea(
        "fr",
        "Être prévenu quand sa commande est prête",
        "Une notification avec le numéro du comptoir, pour ne pas attendre debout devant.",
        "Avec une petite vibration, c'est plus discret qu'un appel au micro.",
        category=0,
        fate=(
            "launched",
            "Lancé avec la commande à l'avance : une notification vous "
            "prévient dès que votre boisson est prête.",
        ),
        pop=2.0,
    ),
    idea(
        "fr",
        "Un abonnement café pour les habitués",
        "Un forfait mensuel d'un café par jour pour les habitués, comme certains cafés parisiens.",
        (
            "À 25 € par mois je signe tout de suite.",
            "Ça risque d'être cher pour la marque, mais pourquoi pas en test.",
        ),
        category=1,
        fate=(
            "declined",
            "Nous avons testé l'abonnement dans deux cafés cet été : il "
            "allongeait les files sans faire venir de nouveaux clients. Nous l'arrêtons.",
        ),
        pop=1.7,
    ),
    idea(
        "fr",
        "Des sous-titres dans les vidéos de recettes",
        "Les vidéos de recettes de l'appli n'ont ni sous-titres ni transcription.",
        category=2,
        fate=(
            "under_review",
            "Nous regardons comment sous-titrer les vidéos existantes et les prochaines.",
        ),
        pop=0.8,
    ),
    idea(
        "en",
        "Order ahead and skip the line",
        "Mobile ordering so I can pick up my flat white on the way to the station without "
        "queuing behind the tourists.",
        "Yes, the queue at Gare du Midi is endless in the morning.",
        category=0,
        pop=1.5,
        merge_into="Commander à l'avance et passer prendre sans attendre",
    ),
    idea(
        "en",
        "Dark mode",
        "The app is blinding in the morning. A dark theme following the phone's setting would "
        "be much easier on the eyes.",
        category=2,
        pop=1.0,
        merge_into="Un mode sombre pour l'application",
    ),
    idea(
        "en",
        "Show the loyalty points before I pay",
        "I never know how many points an order will earn until after paying. Show them in the "
        "basket.",
        "Small thing, big difference.",
        category=1,
        fate=(
            "accepted",
            "Good point: the basket will show the points you earn, in the next update.",
        ),
        pop=1.1,
    ),
    idea(
        "en",
        "English menu in Belgian stores",
        "Half of the Brussels customers are expats. The app menu switches to French even when "
        "my phone is in English.",
        ("Also Dutch for Flanders!", "The app follows the phone language since 3.3 for me."),
        category=2,
        fate=(
            "launched",
            "The app now follows your phone's language: French, English and Dutch are available.",
        ),
        pop=1.4,
    ),
    idea(
        "en",
        "Reorder from the receipt email",
        "A button in the receipt email to order the same drinks again.",
        category=0,
        fate=("under_review", "Our app team is looking at it with the receipts history."),
        pop=0.7,
    ),
]
