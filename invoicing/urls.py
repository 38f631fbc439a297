from django.urls import path

from invoicing import views

urlpatterns = [
    path("", views.InvoiceListView.as_view(), name="invoice_list"),
    path("balance-agee/", views.AgedBalanceView.as_view(), name="aged_balance"),
    path("nouvelle/client/<int:client>/", views.InvoiceCreateView.as_view(), name="invoice_create"),
    path("<int:pk>/", views.InvoiceDetailView.as_view(), name="invoice_detail"),
    path("<int:pk>/modifier/", views.InvoiceUpdateView.as_view(), name="invoice_update"),
    path("<int:pk>/lignes/", views.InvoiceLinesView.as_view(), name="invoice_lines"),
    path("<int:pk>/emettre/", views.InvoiceIssueView.as_view(), name="invoice_issue"),
    path("<int:pk>/supprimer/", views.InvoiceDeleteView.as_view(), name="invoice_delete"),
    path(
        "<int:pk>/note-de-credit/", views.CreditNoteCreateView.as_view(), name="credit_note_create"
    ),
    path("<int:pk>/paiement/", views.PaymentCreateView.as_view(), name="payment_create"),
    path("<int:pk>/rappel/", views.ReminderCreateView.as_view(), name="reminder_create"),
    path("rappel/<int:pk>/pdf/", views.ReminderPdfView.as_view(), name="reminder_pdf"),
    path("rappel/<int:pk>/envoyer/", views.ReminderSendView.as_view(), name="reminder_send"),
    path("<int:pk>/pdf/", views.InvoicePdfView.as_view(), name="invoice_pdf"),
    path("<int:pk>/ubl/", views.InvoiceUblView.as_view(), name="invoice_ubl"),
    path("exports/", views.AccountingExportView.as_view(), name="accounting_exports"),
    path("compte-client/<int:client>/", views.ClientAccountView.as_view(), name="client_account"),
    path("banque/", views.BankStatementListView.as_view(), name="bank_statement_list"),
    path("banque/importer/", views.BankImportView.as_view(), name="bank_import"),
    path("banque/<int:pk>/", views.BankStatementDetailView.as_view(), name="bank_statement_detail"),
    path("devis/", views.QuoteListView.as_view(), name="quote_list"),
    path("devis/chantier/<int:job>/", views.QuoteCreateView.as_view(), name="quote_create"),
    path("devis/<int:pk>/", views.QuoteDetailView.as_view(), name="quote_detail"),
    path("devis/<int:pk>/envoyer/", views.QuoteSendView.as_view(), name="quote_send"),
    path("devis/<int:pk>/decision/", views.QuoteDecideView.as_view(), name="quote_decide"),
    path("devis/<int:pk>/pdf/", views.QuotePdfView.as_view(), name="quote_pdf"),
]
