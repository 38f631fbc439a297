"""Invoices, credit notes, payments (to come)."""
