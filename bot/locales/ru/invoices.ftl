## Invoices and the receivables ladder (company.yaml reminders.receivables; seed 003)

receivables-request_documents = 📄 Через неделю срок оплаты счёта { $number } клиента «{ $client }» ({ $due }, { $owed } ₽). Уточните подписанные документы и запросите подписанный акт сверки.
receivables-confirm_payment_call = 📞 Завтра срок оплаты счёта { $number } клиента «{ $client }»: { $owed } ₽{ $partly ->
    [yes] {" "}(остаток из { $amount } ₽)
   *[no] {""}
  }. Позвоните клиенту и подтвердите оплату; платёжный день клиента запишите командой /payday { $number } <день>.
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
receivables-invoice-line = { $number }: { $owed } ₽, срок { $due }, просрочка { $days } дн.
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


## /invoice
invoice-ask-client = 🧾 Новый счёт. Какой клиент? Напишите название, ИНН или телефон.
invoice-pick-client = Выберите клиента:
invoice-client-not-found = Клиент не найден. Напишите название иначе или ИНН.
invoice-ask-number = Клиент «{ $client }». Номер счёта?
invoice-ask-amount = Сумма счёта в рублях (например, 12500,50)?
invoice-ask-due = Срок оплаты: дата (ДД.ММ.ГГГГ) или число дней отсрочки.
invoice-button-default-due = По условиям: до { $due }
invoice-registered = ✅ Счёт { $number } зарегистрирован: «{ $client }», { $amount } ₽, оплата до { $due }. Напоминания о нём придут по регламенту.
invoice-dialogue-lost = Диалог устарел: начните заново командой /invoice.

## /paid, /letter
paid-usage = Напишите: /paid <номер счёта> [сумма]. Без суммы — оплачен полностью.
invoice-paid-full = 💰 Счёт { $number } оплачен ({ $amount } ₽). Остановлено напоминаний: { $stopped }.
invoice-paid-part = 💰 По счёту { $number } поступило { $amount } ₽, остаток { $owed } ₽. Напоминания продолжаются.
letter-usage = Напишите: /letter <номер счёта> <дата оплаты ДД.ММ> (можно прислать файл письма с этой подписью).
guarantee-recorded = 📝 Гарантийное письмо по счёту { $number } записано: оплата до { $promised }. Накануне напомню позвонить.
guarantee-promise-too-far = Дата { $promised } дальше, чем через { $days } дн. после письма: гарантийное письмо — не позднее { $latest }.
guarantee-promise-past = Дата { $promised } уже прошла.

## /invoices (a file)
invoices-ask-file = Пришлите файл со счетами (CSV или XLSX: номер, дата, контрагент, сумма, срок оплаты…) или с оплатами (номер, дата, сумма).
invoices-imported = 📥 Счета: создано { $created }, обновлено { $updated }, оплачено { $paid }, отклонено { $refused } (всего строк { $total }).
invoices-imported-payments = 📥 Оплаты: счетов оплачено полностью { $paid }, частично { $updated }, отклонено { $refused } (всего строк { $total }).
invoices-row = { $line }: { $number } — { $status ->
    [created] создан
    [updated] обновлён
    [unchanged] без изменений
    [paid] оплачен
   *[refused] отклонён
  }{ $why ->
    [none] {""}
   *[other] : { $why }
  }
invoices-rows-more = …и ещё строк: { $count }
invoices-file-too-big = Файл слишком большой (не более 5 МБ).
invoice-partly-paid-note = остаток { $owed } ₽
invoice-bad-amount = Не понял сумму «{ $value }».
invoice-bad-date = Не понял дату «{ $value }».
invoice-bad-number = Неверный номер счёта «{ $value }».
invoice-bad-deferral = Неверная отсрочка «{ $value }».
invoice-missing = Не заполнено: { $column }.
invoice-no-client = Не указан контрагент.
invoice-unknown-client = Контрагент «{ $client }» не найден в справочнике.
invoice-due-before-date = Срок оплаты раньше даты счёта.
invoice-overpaid = Сумма оплаты больше остатка по счёту.
invoice-amount-below-paid = Сумма счёта меньше уже оплаченного.
invoice-already-paid = Счёт { $number } уже оплачен.
invoice-not-found = Счёт не найден.
invoice-not-found-number = Счёт { $number } не найден.
invoice-number-taken = Счёт { $number } уже зарегистрирован.
invoice-not-your-client = Это счёт клиента другого менеджера.

## /debts
debts-none = Просроченных счетов нет.
debts-title = 📊 Ваши просроченные счета на { $today }: { $count }, всего { $total } ₽.
debts-title-all = 📊 Просроченные счета на { $today }: { $count }, всего { $total } ₽.
debts-buckets = По срокам просрочки:
debts-bucket = • { $bucket } дн.: { $count } сч., { $amount } ₽
debts-line = { $days } дн. — { $number }, «{ $client }»: { $owed } ₽ (срок { $due }){ $manager ->
    [none] {""}
   *[other] , { $manager }
  }
debts-more = …и ещё { $count }.
invoices-not-a-table = Не нашёл строку заголовков: нужны столбцы number (номер) и amount (сумма); для оплат — number, date, amount.
invoice-button-order = 🧾 Выставить счёт

## reconciliation acts
acts-monthly = 📑 Акты сверки за месяц ({ $period }): клиенты с { $min_docs } и более документами в месяц — { $count }. Отправьте им акты сверки и запросите подписанные.
acts-quarterly = 📑 Квартальные акты сверки ({ $period }): все ваши клиенты — { $count }. Отправьте акты сверки и запросите подписанные.
acts-more = …и ещё { $count }.

## command menu
cmd-invoice = зарегистрировать счёт клиенту
cmd-invoices = загрузить файл счетов или оплат
cmd-paid = отметить оплату: /paid <номер> [сумма]
cmd-letter = гарантийное письмо: /letter <номер> <дата>
cmd-debts = просроченные счета по срокам

## the guarantee letter's scan
invoice-button-letter-file = 📎 Гарантийное письмо (файл)
guarantee-file-caption = 📎 Гарантийное письмо по счёту { $number }
guarantee-file-sent = Файл письма отправлен вам в личные сообщения.
guarantee-no-file = Файла письма нет.

## the client's payment day
payday-usage = Напишите: /payday <номер счёта> <платёжный день клиента>, например: /payday СЧ-2026-1335 пятница.
payday-recorded = Платёжный день по счёту { $number } записан: { $day }.
receivables-payment-day = Платёжный день клиента: { $day }
cmd-payday = платёжный день клиента: /payday <номер> <день>
