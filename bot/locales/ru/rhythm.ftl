## Tasks, dates and requests watched by the clock

reminder-task-ack = ⏱ Заявка №{ $number } ({ $client }) ждёт в чате «{ $department }» уже { $minutes } рабочих минут и не принята. Примите её кнопкой «Принято» на карточке.
reminder-task-ack-escalate = ⏱ Заявка №{ $number } ({ $client }) не принята подразделением «{ $department }» за { $minutes } рабочих минут. Нужна помощь руководителя.
reminder-supply-expected = ⌛ Заявка №{ $number } ({ $client }): товар ждали { $expected }, а поступление не отмечено. Уточните у поставщика и отметьте «Поступило» или новую дату.
reminder-order-deadline = 📅 Срок заявки №{ $number } ({ $client }) — { $deadline } — прошёл, а заявка не закрыта. Проверьте, что с ней, и предупредите клиента.
reminder-client-request = 💬 Обращение клиента «{ $client }» ({ $person }) ждёт ответа уже { $minutes } рабочих минут: «{ $text }». Ответьте клиенту (ответом на его сообщение).
reminder-client-request-escalate = 💬 Обращение клиента «{ $client }» ({ $person }) без ответа { $minutes } рабочих минут: «{ $text }». Нужна помощь руководителя.

## The daily rhythm

daily-morning-title = ☀️ Доброе утро! План на { $date }.
daily-order-line = • №{ $number } — { $client }{ $deadline ->
        [none] {""}
       *[other] , срок { $deadline }
    }{ $manager ->
        [none] {""}
       *[other] , менеджер { $manager }
    }
daily-warehouse-title = 📋 Сверка со складом на { $date } (с 8:30 до 9:00)
daily-warehouse-collect = Собрать сегодня: { $count ->
        [0] нечего
       *[other] { $count }
    }
daily-warehouse-arrived = Поступило вчера от снабжения: { $count ->
        [0] ничего
       *[other] { $count }
    }
daily-warehouse-unreported = Собрано, сообщите менеджеру: { $count ->
        [0] нет
       *[other] { $count }
    }
daily-eod-title = 📝 Отчёт за { $date }. Что бот видит за день:
daily-eod-contacts = Контактов записано: { $count }
daily-eod-form = • { $form }: { $count }
daily-eod-clients = Клиенты: { $clients }
daily-eod-orders = Заявок новых: { $new }, закрыто: { $closed }{ $numbers ->
        [none] {""}
       *[other] {" "}({ $numbers })
    }
daily-eod-hint = Нажмите «Дополнить» и напишите, что ещё сделано за день, — отчёт уйдёт руководителю.
eod-button-add = ✍️ Дополнить
eod-type-line = Напишите одним сообщением, что добавить к отчёту за день.
daily-eod-sent = Отчёт отправлен руководителю.
daily-eod-report-title = 📝 Отчёт менеджера { $manager } за { $date }:
daily-eod-report-line = Менеджер добавил: { $line }
daily-eod-button-answer = ↩️ Ответить
daily-eod-type-answer = Напишите ответ для { $manager } одним сообщением.
daily-eod-answered = Ответ отправлен: { $manager }.
daily-eod-answer = ↩️ Руководитель { $head } ответил на ваш отчёт за { $date }: { $text }
daily-report-not-found = Отчёт не найден.
daily-report-not-yours = Это не ваш отчёт.
daily-report-sent = Отчёт за этот день уже отправлен.
daily-report-not-sent = Менеджер ещё не отправил этот отчёт.
daily-report-answer-forbidden = Отвечать на отчёты могут руководитель и администратор.
daily-report-empty = Напишите хотя бы пару слов.
daily-report-too-long = Слишком длинно: уложитесь в { $limit } символов.
outcome-reminder_eod_add = отчёт дополнен
