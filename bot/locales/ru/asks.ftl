## Managers' requests to departments («Запрос в отдел»)

ask-button-start = ❓ Запрос в отдел
ask-prompt = ❓ Запрос в отдел{ $client ->
        [none] {""}
       *[other] {" "}· клиент «{ $client }»
    }{ $order ->
        [0] {""}
       *[other] {" "}· заявка №{ $order }
    }
    Напишите вопрос: что нужно, сколько, к какому сроку. Например: «Цена и срок: костюм сварщика брезентовый, 20 шт». Фото и файлы можно прислать после вопроса.
ask-departments = Вопрос: { $question }
    { $suggested ->
        [none] Куда отправить? Выберите отдел.
       *[other] Предлагаю: { $suggested }. Нажмите отдел, чтобы отправить.
    }{ $files ->
        [0] {""}
       *[other] {"\u000A"}Файлов: { $files }
    }
    Пока не отправили, можно прислать фото или файлы (не больше { $limit }).
ask-department-suggested = ⭐ { $title }
ask-file-added = 📎 Файлов к запросу: { $count }. Выберите отдел, чтобы отправить.
ask-submitted = ✅ Запрос №{ $number } отправлен: { $department }. Ответ придёт сюда.
ask-submitted-waiting = ⏳ Запрос №{ $number } создан, но у отдела «{ $department }» пока нет чата в боте. Запрос ждёт и уйдёт в чат, как только его привяжут (/bind). Администратору стоит об этом сказать.
ask-not-in-dialogue = Запрос уже отправлен или отменён. Начните заново: /ask

## The card in the department's chat
ask-card-title = ❓ Запрос №{ $number } · { $department }
ask-card-manager = Менеджер: { $manager }
ask-card-client = Клиент: { $client }
ask-card-order = К заявке №{ $order }
ask-card-question = Вопрос: { $question }
ask-card-files = 📎 Файлов: { $count }
ask-card-status = Статус: { $status ->
        [new] 🆕 новый, никто не взял
        [taken] 🔧 взял { $who }
        [clarifying] ❔ уточняем у менеджера
        [answered] ✅ ответ дан
        [refused] ⛔ нельзя
       *[closed] 🔒 закрыт менеджером
    }
ask-card-answer = Ответ: { $answer }
ask-card-price = Цена: { $price } ₽
ask-card-term = Срок: { $term } раб. дн.
ask-card-history = История:
ask-card-history-line = • { $at } { $who ->
        [none] {""}
       *[other] { $who }:
    } { $event ->
        [created] создан
        [waiting] ждёт чат отдела
        [posted] отправлен в чат
        [taken] взял
        [answered] ответил
        [refused] нельзя
        [clarify] уточняет у менеджера
        [replied] менеджер ответил
        [more] менеджер уточняет
        [closed] закрыл
        [offer] сделал КП
        [order] оформляет заказ
       *[other] { $event }
    }{ $note ->
        [none] {""}
       *[other] {" "}— { $note }
    }
ask-button-take = 🙋 Взять
ask-button-answer = ✍️ Ответить
ask-button-clarify = ❔ Уточнить у менеджера
ask-button-refuse = ⛔ Нельзя
ask-file-caption = 📎 К запросу №{ $number }

## Typed input after a button
ask-input-answer = ✍️ Запрос №{ $number }: напишите ответ одним сообщением — текст, цену в рублях и срок в рабочих днях. Например: «Есть у поставщика, 1 250 ₽, 7 раб. дней». Можно фото с подписью.
ask-input-clarify = ❔ Запрос №{ $number }: что уточнить у менеджера? Напишите вопрос.
ask-input-refuse = ⛔ Запрос №{ $number }: почему нельзя? Напишите причину.
ask-input-more = ❔ Запрос №{ $number }: что уточнить у отдела? Напишите вопрос.
ask-input-reply = ✍️ Запрос №{ $number }: напишите ответ отделу.
ask-done-take = Взято: запрос №{ $number }
ask-done-answer = ✅ Ответ по запросу №{ $number } отправлен менеджеру.
ask-done-clarify = ❔ Вопрос по запросу №{ $number } отправлен менеджеру.
ask-done-refuse = ⛔ Запрос №{ $number }: менеджеру сообщили, что нельзя.
ask-done-more = ❔ Вопрос по запросу №{ $number } отправлен в отдел.
ask-done-reply = ✅ Ответ по запросу №{ $number } отправлен в отдел.
ask-done-close = 🔒 Запрос №{ $number } закрыт. Спасибо!

## The manager's side
ask-for-other = (запрос менеджера, который больше не работает в боте)
ask-posted = 📤 Запрос №{ $number } ушёл в чат отдела «{ $department }».
ask-taken = 🙋 Запрос №{ $number } ({ $department }) взял { $who }.
ask-answer = { $refused ->
        [yes] ⛔ Запрос №{ $number } · { $department }: нельзя.
       *[no] ✅ Ответ на запрос №{ $number } · { $department }
    }
    Вопрос: { $question }
    { $who }: { $answer }{ $price ->
        [none] {""}
       *[other] {"\u000A"}Цена отдела: { $price } ₽
    }{ $term ->
        [0] {""}
       *[other] {"\u000A"}Срок: { $term } раб. дн.
    }
ask-clarify = ❔ Отдел «{ $department }» уточняет по запросу №{ $number }:
    { $who }: { $text }
    Вопрос был: { $question }
ask-manager-says = { $event ->
        [replied] 💬 Менеджер ответил по запросу №{ $number }
       *[more] ❔ Менеджер уточняет по запросу №{ $number }
    } ({ $who }): { $text }
ask-button-close = 🙏 Спасибо, закрыть
ask-button-more = ❔ Уточнить
ask-button-offer = 📄 Сделать КП
ask-button-order = 🛒 Оформить заказ
ask-button-reply = ✍️ Ответить отделу
ask-offer = Коммерческое предложение{ $client ->
        [none] {""}
       *[other] {" "}для «{ $client }»
    }
    
    Наименование: { $item }
    { $price ->
        [none] {""}
       *[other] Цена: { $price } ₽{"\u000A"}
    }{ $term ->
        [0] {""}
       *[other] Срок поставки: { $term } раб. дн.{"\u000A"}
    }
ask-offer-note = ☝️ КП по запросу №{ $number }: цена отдела { $base } ₽ + наценка { $markup }%. Скопируйте текст выше, поправьте и отправьте клиенту.
ask-order-started = 🛒 Черновик заявки из запроса: проверьте и подтвердите.

## Lists
ask-my-title = ❓ Ваши открытые запросы в отделы:
ask-list-title = ❓ Открытые запросы (сначала старые):
ask-list-line = №{ $number } · { $department } · { $status ->
        [new] новый
        [taken] взят
        [clarifying] уточняется
        [answered] есть ответ
        [refused] нельзя
       *[other] { $status }
    } · { $age } — { $question }
ask-list-empty = Открытых запросов нет.
ask-age-minutes = { $n } мин
ask-age-hours = { $n } ч
ask-age-days = { $n } дн

## Reminders (SLA)
reminder-ask = { $step ->
        [close_reminder] 🔔 По запросу №{ $number } ({ $department }) есть ответ, а запрос не закрыт. Закройте его, сделайте КП или уточните.
        [take_escalate] ⏰ Запрос №{ $number } в отдел «{ $department }» долго никто не берёт.
       *[other] ⏰ Запрос №{ $number } ждёт: нажмите «Взять» на карточке.
    }
    Вопрос: { $question }

## Interactions (the client's timeline)
form-dept_request = запрос в отдел
outcome-ask_created = создан
outcome-ask_taken = взят отделом
outcome-ask_answered = ответ отдела
outcome-ask_refused = нельзя
outcome-ask_clarify = отдел уточняет
outcome-ask_replied = менеджер ответил отделу
outcome-ask_more = менеджер уточняет
outcome-ask_closed = закрыт
outcome-ask_offer = сделано КП
outcome-ask_order = оформляется заказ

## Errors
ask-forbidden = Запросы в отделы пишут менеджеры, руководитель и администратор.
ask-not-your-department = Это запрос другого отдела: отвечает только он (или руководитель).
ask-not-your-request = Это не ваш запрос.
ask-not-found = Запрос не найден.
ask-wrong-state = Запрос уже в другом состоянии — кнопка устарела.
ask-wrong-button = Эта кнопка здесь не работает.
ask-empty-question = Вопрос пустой. Напишите, что нужно узнать у отдела.
ask-question-too-long = Вопрос слишком длинный (больше { $limit } знаков). Сократите его.
ask-too-many-files = Слишком много файлов: { $count }. К одному запросу — не больше { $limit }.
ask-unknown-department = Нет такого отдела: { $department }.
ask-empty-answer = Ответ пустой. Напишите текст, цену, срок.
ask-answer-too-long = Ответ слишком длинный (больше { $limit } знаков).
ask-empty-reason = Напишите текст одним сообщением.
ask-no-price = В ответе нет ни цены, ни срока — КП не из чего сделать.
ask-list-forbidden = Список запросов — для отделов и руководителя.
ask-usage-group = Запрос в отдел пишут боту в личные сообщения: /ask

## Commands
cmd-ask = запрос в отдел (цена, срок, наличие, логотип, доставка)
cmd-requests = открытые запросы отделов
