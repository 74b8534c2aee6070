## Tasks, dates and requests watched by the clock

reminder-task-ack = ⏱ Заявка №{ $number } ({ $client }) ждёт в чате «{ $department }» уже { $minutes } рабочих минут и не принята. Примите её кнопкой «Принято» на карточке.
reminder-task-ack-escalate = ⏱ Заявка №{ $number } ({ $client }) не принята подразделением «{ $department }» за { $minutes } рабочих минут. Нужна помощь руководителя.
reminder-supply-expected = ⌛ Заявка №{ $number } ({ $client }): товар ждали { $expected }, а поступление не отмечено. Уточните у поставщика и отметьте «Поступило» или новую дату.
reminder-order-deadline = 📅 Срок заявки №{ $number } ({ $client }) — { $deadline } — прошёл, а заявка не закрыта. Проверьте, что с ней, и предупредите клиента.
reminder-client-request = 💬 Обращение клиента «{ $client }» ({ $person }) ждёт ответа уже { $minutes } рабочих минут: «{ $text }». Ответьте клиенту (ответом на его сообщение).
reminder-client-request-escalate = 💬 Обращение клиента «{ $client }» ({ $person }) без ответа { $minutes } рабочих минут: «{ $text }». Нужна помощь руководителя.
