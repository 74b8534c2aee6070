## Invoices and the receivables ladder (company.yaml reminders.receivables; seed 003)

receivables-request_documents = 📄 Через неделю срок оплаты счёта { $number } клиента «{ $client }» ({ $due }, { $owed } ₽). Уточните подписанные документы и запросите подписанный акт сверки.
receivables-confirm_payment_call = 📞 Завтра срок оплаты счёта { $number } клиента «{ $client }»: { $owed } ₽{ $partly ->
    [yes] {" "}(остаток из { $amount } ₽)
   *[no] {""}
  }. Позвоните клиенту и подтвердите оплату; платёжный день запишите в карточку.
receivables-overdue_reason_call = ⚠️ Оплата по счёту { $number } клиента «{ $client }» не поступила (срок { $due }, долг { $owed } ₽). Позвоните, выясните причину и запросите гарантийное письмо на бланке (не более 7 дней).
receivables-guarantee_reminder_call = 📞 Завтра дата оплаты по гарантийному письму: счёт { $number }, клиент «{ $client }», { $owed } ₽. Позвоните и подтвердите платёж.
receivables-escalate_to_head = 🚨 Клиент «{ $client }» не выполнил гарантийное письмо по счёту { $number }. Нужен звонок на уровне руководителя. Долг { $owed } ₽ (счёт на { $amount } ₽, срок { $due }).
receivables-request_claim_letter = ⚖️ Подготовьте претензионное письмо и расчёт неустойки: клиент «{ $client }», счёт { $number }, долг { $owed } ₽, срок оплаты { $due }.
receivables-letter = Гарантийное письмо от { $letter_on }: оплата до { $promised_on }{ $file ->
    [none] {""}
   *[other] , файл: { $file }
  }
receivables-overdue = Просрочка: { $days } дн.
receivables-inn = ИНН: { $inn }
receivables-invoices = Неоплаченные счета:
receivables-invoice-line = { $number } от { $due }: { $owed } ₽, просрочка { $days } дн.
receivables-contacts = Контакты:
receivables-history = История (последние контакты):
receivables-history-line = { $at }: { $what }
receivables-none = —

invoice-button-paid = 💰 Оплачен
invoice-button-letter = 📝 Гарантийное письмо
invoice-button-claim-sent = 📨 Претензия отправлена
invoice-marked-paid = Счёт отмечен оплаченным, напоминания по нему остановлены.
invoice-was-paid = Счёт уже оплачен.
guarantee-how = Запишите гарантийное письмо командой: /letter <номер счёта> <дата оплаты ДД.ММ> (можно прислать файл письма с этой подписью).
claim-sent-noted = Отмечено: претензия отправлена.
outcome-invoice_paid = счёт оплачен
outcome-claim_sent = претензия отправлена
form-claim = претензия

## policies titles
policy-receivables-request_documents = Счёт: за неделю до срока — документы и акт сверки
policy-receivables-confirm_payment_call = Счёт: накануне срока — звонок о подтверждении оплаты
policy-receivables-overdue_reason_call = Счёт: на следующий день после срока — звонок о причине
policy-receivables-guarantee_reminder_call = Гарантийное письмо: накануне даты оплаты
policy-receivables-escalate_to_head = Гарантийное письмо нарушено — руководителю
policy-receivables-request_claim_letter = Претензия — юристу
