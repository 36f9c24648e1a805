"""Communes, their sections (arrondissements), people, memberships and the electoral roll."""
