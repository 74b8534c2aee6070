## Reminders: the engine's buttons and marks

reminder-button-done = ✅ Сделано
reminder-button-hour = ⏰ Через час
reminder-button-morning = 🌅 Завтра утром
reminder-late = ⚠️ Напоминание с опозданием: в срок бот был недоступен.
reminder-closed-done = ✅ Сделано — { $who }, { $at }
reminder-closed-snoozed = ⏰ Отложено до { $until } — { $who }
reminder-done = Отмечено как сделанное.
reminder-snoozed = Напомню { $until }.
reminder-not-found = Напоминание не найдено.
reminder-not-yours = Это напоминание адресовано не вам.
reminder-closed = По этому напоминанию уже отметились.
reminder-unknown-action = Эта кнопка больше не действует.

# the client's timeline
form-reminder = напоминание
outcome-reminder_done = выполнено
outcome-reminder_hour = отложено на час
outcome-reminder_morning = отложено до утра

## The follow-up call after delivery

reminder-follow-up = 📞 Звонок после доставки: заявка №{ $number }, клиент «{ $client }». Позвоните клиенту: всё ли пришло, всё ли в порядке, нужно ли что-то ещё. После звонка нажмите «Сделано».
follow-up-button-no-answer = 📵 Не дозвонился
follow-up-no-answer-noted = Попытка записана. Напомню завтра утром.
outcome-follow_up_done = звонок после доставки

## /policies

policies-title = <b>Регламенты напоминаний</b>
policies-hint = Нажмите на регламент, чтобы включить или выключить его, сдвинуть срок или сменить получателя.
policy-line = { $state ->
    [on] ✅
   *[off] ⛔
  } { $title }: { $when }, { $to }{ $changed ->
    [yes] {" "}(изменено)
   *[no] {""}
  }
policy-when-days = { $before ->
    [yes] за { $days } дн. до даты
   *[no] через { $days } дн. после даты
  }, в { $at }
policy-when-working_days = через { $offset } раб. дн., в { $at }
policy-when-working_minutes = через { $offset } рабочих минут
policy-when-none = в { $at }
policy-to-manager = менеджеру клиента
policy-to-head = руководителю
policy-to-lawyer = юристу
policy-to-accountant = бухгалтеру
policy-to-admin = администратору
policy-to-department = в чат своего подразделения
policy-to-chat = в чат «{ $department }»
policy-choose-recipient = Кому отправлять — выберите ниже.
policy-button-on = Включить
policy-button-off = Выключить
policy-button-reset = Как в настройках компании
policy-button-back = « Все регламенты
policy-changed = Сохранено.
policy-not-found = Такого регламента нет.
policy-bad-recipient = Такого получателя нет: { $value }.
policy-bad-offset = Срок должен быть от { $low } до { $high }.
policy-bad-offset-number = Срок — целое число.
policy-bad-time = Время — в виде ЧЧ:ММ.
policy-no-time = У этого регламента нет времени дня.

policy-receivables-request_documents = Дебиторка: документы и акт сверки за неделю до срока
policy-receivables-confirm_payment_call = Дебиторка: звонок накануне срока оплаты
policy-receivables-overdue_reason_call = Дебиторка: звонок о причине просрочки
policy-receivables-guarantee_reminder_call = Дебиторка: накануне даты гарантийного письма
policy-receivables-escalate_to_head = Дебиторка: нарушено гарантийное письмо — руководителю
policy-receivables-request_claim_letter = Дебиторка: претензионное письмо — юристу
policy-reconciliation_acts-monthly = Акты сверки ежемесячно
policy-reconciliation_acts-quarterly = Акты сверки ежеквартально
policy-tasks-ack_reminder = Задача не принята подразделением
policy-tasks-ack_escalate = Задача не принята — руководителю
policy-client_requests-answer_reminder = Обращение клиента без ответа
policy-client_requests-answer_escalate = Обращение клиента без ответа — руководителю
policy-deadlines-order_deadline = Срок заявки прошёл — менеджеру
policy-deadlines-supply_expected = Ожидаемая дата поставки прошла — снабжению
policy-follow_up_after_delivery-call = Звонок клиенту после доставки
policy-daily-warehouse_reconciliation = Утренняя сверка со складом
policy-daily-morning_plan = План контактов на день
policy-daily-end_of_day_report = Отчёт за день
