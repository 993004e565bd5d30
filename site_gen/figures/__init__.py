"""Figures as editors write them: numbers read exactly, and the units they are in. Shared by the
loader (which checks them) and the presentation (which formats them per locale: present/numbers.py,
present/units.py)."""
