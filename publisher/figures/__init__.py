"""Figures in running text: what a number is (quantity or numeral) and how each locale writes it."""
