from django.utils.translation import gettext_lazy as _

from clients.choices import ClientKind
from clients.forms import ClientForm
from eft.choices import Language
from eft.imports import ImportColumn, XlsxImporter
from eft.validators import normalize_vat_number


class ClientImporter(XlsxImporter):
    """Clients from a spreadsheet, validated row by row by the client form."""

    form_class = ClientForm
    columns = [
        ImportColumn(
            "kind", _("Kind"), ("type", "genre"), required=True, choices=tuple(ClientKind.choices)
        ),
        ImportColumn("name", _("Name"), ("nom", "raison sociale", "denomination"), required=True),
        ImportColumn("first_name", _("First name"), ("prenom",)),
        ImportColumn(
            "enterprise_number",
            _("Enterprise number"),
            ("n entreprise", "numero d entreprise", "bce", "kbo"),
        ),
        ImportColumn("vat_number", _("VAT number"), ("tva", "n tva", "numero de tva")),
        ImportColumn("language", _("Language"), ("langue",), choices=tuple(Language.choices)),
        ImportColumn("email", _("E-mail"), ("email", "courriel", "mail")),
        ImportColumn("phone", _("Phone"), ("telephone", "tel", "gsm")),
        ImportColumn("street", _("Street and number"), ("rue", "adresse")),
        ImportColumn("postal_code", _("Postal code"), ("cp", "code postal")),
        ImportColumn("city", _("City"), ("localite", "ville", "commune")),
        ImportColumn("country", _("Country"), ("pays",)),
        ImportColumn("peppol_endpoint", _("Peppol endpoint"), ("peppol",)),
    ]

    def validate(self, rows):
        for row in rows:
            row.data["language"] = row.data.get("language") or Language.FR
            row.data["country"] = (row.data.get("country") or "BE").upper()
        return super().validate(rows)

    def check_batch(self, rows):
        seen = {}
        for row in rows:
            try:
                vat = normalize_vat_number(row.data.get("vat_number", ""))
            except Exception:
                continue
            if not vat:
                continue
            if vat in seen:
                row.errors.append(
                    _("VAT number %(vat)s already appears on line %(line)s of the file.")
                    % {"vat": vat, "line": seen[vat]}
                )
            else:
                seen[vat] = row.line
