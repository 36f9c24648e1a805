import sys, polib
T = {
"English": "Anglais", "French": "Français", "Journal officiel": "Journal officiel",
"tree head": "tête de l’arbre", "number": "numéro", "kind": "nature", "at": "date",
"canonical bytes": "octets canoniques", "leaf hash": "empreinte de feuille",
"journal entry": "acte du Journal", "journal entries": "actes du Journal", "tree node": "nœud de l’arbre",
"Members and sections": "Membres et sections",
"largest remainder (Hamilton), by {basis}": "plus fort reste (Hamilton), selon {basis}",
"highest averages, D'Hondt (Jefferson), by {basis}": "plus forte moyenne, D’Hondt (Jefferson), selon {basis}",
"highest averages, Sainte-Laguë (Webster), by {basis}": "plus forte moyenne, Sainte-Laguë (Webster), selon {basis}",
"equal proportions (Huntington–Hill), by {basis}": "proportions égales (Huntington–Hill), selon {basis}",
"smallest divisors (Adams), by {basis}": "plus petits diviseurs (Adams), selon {basis}",
"one seat per {per} inhabitants, plus one for a remainder over {over} (Paris, 1871)": "un siège par {per} habitants, plus un pour un reste excédant {over} (Paris, 1871)",
"seats written in the constitution for each section": "sièges inscrits dans la constitution pour chaque section",
"population": "la population", "registered voters": "les électeurs inscrits", "members on the roll": "les membres inscrits au rôle",
"short name": "nom court", "name": "nom", "description": "description", "constitution": "constitution",
"constitution version": "version de la constitution", "created at": "créée le", "commune": "commune", "communes": "communes",
"version": "version", "rules": "règles", "adopted at": "adoptée le", "reason": "motif",
"constitution versions": "versions de la constitution", "registered voters (declared)": "électeurs inscrits (déclarés)",
"source of the figures": "source des chiffres", "seats": "sièges", "section": "section", "sections": "sections",
"full name": "nom complet", "email": "courriel", "person": "personne", "people": "personnes",
"moved to another section": "passé dans une autre section", "left the commune": "a quitté la commune",
"removed from the roll": "radié du rôle", "started at": "depuis le", "ended at": "jusqu’au", "end reason": "motif de sortie",
"membership": "appartenance", "memberships": "appartenances", "appointed at": "nommé le", "clerk": "greffier", "clerks": "greffiers",
"Web pages": "Pages web",
"Too many failed attempts. Wait 15 minutes before trying again.": "Trop de tentatives échouées. Attendez 15 minutes avant de réessayer.",
"Skip to content": "Aller au contenu", "Main": "Principal", "Home": "Accueil", "API": "API",
"Clerks' desk": "Bureau des greffiers", "Sign out (%(name)s)": "Se déconnecter (%(name)s)", "Sign in": "Se connecter",
"Language": "Langue", "Change": "Changer",
"Delegates are responsible, revocable at any time, and bound by their mandate.": "Les délégués sont responsables, révocables à tout moment et liés par leur mandat.",
"Sections and their seats on the council": "Sections et leurs sièges au conseil",
"Sections, their figures and seats": "Sections, leurs chiffres et leurs sièges", "No.": "N°", "Section": "Section",
"Population": "Population", "Registered voters (declared)": "Électeurs inscrits (déclarés)",
"Members on the roll": "Membres inscrits au rôle", "Seats": "Sièges", "unknown": "inconnu", "Total": "Total",
"How seats are apportioned (constitution):": "Répartition des sièges (constitution) :",
"Communes": "Communes", "Breadcrumb": "Fil d’Ariane", "Section %(number)s: %(name)s": "Section %(number)s : %(name)s",
"Seats on the council": "Sièges au conseil", "Members on the roll today": "Membres inscrits au rôle aujourd’hui",
"Sources": "Sources",
"Commune founded": "Fondation de la commune", "Constitution amended": "Révision de la constitution",
"Section created": "Création d’une section", "Section figures changed": "Chiffres d’une section modifiés",
"Council seats apportioned": "Répartition des sièges du conseil", "Member admitted to a roll": "Inscription d’un membre au rôle",
"Member left a roll": "Sortie d’un membre du rôle", "Member list imported": "Import d’une liste de membres",
"Clerk appointed": "Nomination d’un greffier", "Journal signing key rotated": "Changement de la clé du Journal",
"%(seats)s seats by %(method)s": "%(seats)s sièges selon %(method)s", "version %(version)s: %(reason)s": "version %(version)s : %(reason)s",
"%(total)s members": "%(total)s membres", "section %(section)s": "section %(section)s",
"checkpoint": "point de contrôle", "signing key": "clé de signature", "no such entry": "acte introuvable",
"Journal officiel — %(name)s": "Journal officiel — %(name)s",
"Every public act of %(name)s, in order, verifiable.": "Tous les actes publics de %(name)s, dans l’ordre, vérifiables.",
"Read the Journal officiel: every public act, verifiable": "Lire le Journal officiel : tous les actes publics, vérifiables",
"Act no. %(n)s": "Acte n° %(n)s", "Date": "Date", "Kind": "Nature", "Summary": "Résumé", "The act": "L’acte",
"Proof that this act is in the journal": "Preuve que cet acte figure au Journal",
"This act is a leaf of the journal's Merkle tree (RFC 9162). The hashes below lead from its leaf to the root of the tree of %(size)s acts, whose signed checkpoint is shown last: recompute them, or run <code>commune journal verify</code>, to check that the act was not changed and that it is in the same journal everyone else sees.": "Cet acte est une feuille de l’arbre de Merkle du Journal (RFC 9162). Les empreintes ci-dessous mènent de sa feuille à la racine de l’arbre de %(size)s actes, dont le point de contrôle signé figure en dernier : recalculez-les, ou lancez <code>commune journal verify</code>, pour vérifier que l’acte n’a pas été modifié et qu’il figure dans le même journal que celui que voient tous les autres.",
"Audit path": "Chemin d’audit", "none: this act is the whole tree": "aucun : cet acte est l’arbre entier",
"Checkpoint": "Point de contrôle", "This proof as JSON": "Cette preuve en JSON", "The exact bytes (base64)": "Les octets exacts (base64)",
"Atom feed": "Flux Atom", "Signed checkpoint": "Point de contrôle signé", "Public key": "Clé publique",
"Search the journal": "Chercher dans le Journal", "Words": "Mots", "Kind of act": "Nature de l’acte", "All": "Toutes",
"Day": "Jour", "Search": "Chercher", "Acts": "Actes", "Act": "Acte", "No act matches.": "Aucun acte ne correspond.",
"Older acts": "Actes plus anciens",
"The search contains control characters.": "La recherche contient des caractères de contrôle.",
"The day must be a date like 1871-03-28.": "Le jour doit être une date comme 1871-03-28.",
"“before” must be an act number.": "« before » doit être un numéro d’acte.",
"Back to the journal": "Retour au Journal",
"Member list (CSV)": "Liste des membres (CSV)",
"A header row name,email,section, then one member per line.": "Une ligne d’en-tête name,email,section, puis un membre par ligne.",
"Re-apportion the council's seats by the constitution": "Répartir à nouveau les sièges du conseil selon la constitution",
"%(n)d members imported.": "%(n)d membres importés.",
"Import members into %(commune)s": "Importer des membres dans %(commune)s",
"Import members": "Importer des membres",
"Every line is checked first. If any line is wrong, nothing is imported and each wrong line is listed below.": "Chaque ligne est d’abord vérifiée. Si une ligne est fausse, rien n’est importé et chaque ligne fautive est indiquée ci-dessous.",
"Import": "Importer", "Lines to correct": "Lignes à corriger", "Line": "Ligne", "Problem": "Problème", "Username": "Nom d’utilisateur", "Password": "Mot de passe",
"No commune has been founded on this server yet. An administrator can found one with the command": "Aucune commune n’a encore été fondée sur ce serveur. Un administrateur peut en fonder une avec la commande",
}
PLURALS = {
"%(counter)s act is printed in this journal. Each is numbered, dated, and sealed in a Merkle tree whose signed head anyone can check.": ("%(counter)s acte est imprimé dans ce journal. Chacun est numéroté, daté et scellé dans un arbre de Merkle dont chacun peut vérifier la tête signée.", "%(counter)s actes sont imprimés dans ce journal. Chacun est numéroté, daté et scellé dans un arbre de Merkle dont chacun peut vérifier la tête signée."),
"%(counter)s act found.": ("%(counter)s acte trouvé.", "%(counter)s actes trouvés."),
"%(counter)s section elects %(seats)s delegates to the council.": ("%(counter)s section élit %(seats)s délégués au conseil.", "%(counter)s sections élisent %(seats)s délégués au conseil."),
}
po = polib.pofile(sys.argv[1])
missing = []
for e in po:
    if e.msgid_plural:
        if e.msgid in PLURALS:
            e.msgstr_plural = {0: PLURALS[e.msgid][0], 1: PLURALS[e.msgid][1]}
        elif not any(e.msgstr_plural.values()):
            missing.append(e.msgid)
    elif e.msgid in T:
        e.msgstr = T[e.msgid]
    elif not e.msgstr:
        missing.append(e.msgid)
    if "fuzzy" in e.flags:
        e.flags.remove("fuzzy")
        if e.msgid not in T and e.msgid not in PLURALS:
            e.msgstr = ""
            missing.append(e.msgid)
po.metadata_is_fuzzy = False
po.metadata["Language"] = "fr"
po.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.save()
po.save_as_mofile(sys.argv[1][:-3] + ".mo")
print("missing:", missing)
