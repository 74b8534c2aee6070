## Clients: counterparties, contacts, client portal

## Field validation (bot/domain: inn, phones, emails, counterparty_fields)
error-inn = ИНН не подходит: { $reason ->
        [empty] он пустой.
        [spaces] внутри пробелы — уберите их.
        [letters] в нём буквы, а нужны только цифры.
        [symbols] в нём посторонние знаки, нужны только цифры.
        [length] нужно 10 цифр (организация) или 12 цифр (ИП, физлицо).
       *[checksum] не сходится контрольная цифра — проверьте, нет ли опечатки.
    }
error-kpp = КПП не подходит: нужно 9 знаков, например 352801001.
error-phone = Не разобрал номер телефона. Напишите его полностью, например +7 912 345-67-89 или 8 (8172) 75-43-21 доб. 123.
error-email = Не похоже на адрес e-mail. Пример: zakaz@firma.ru
client-bad-category = Категории «{ $value }» нет. Есть: конечный потребитель, дилер, дистрибьютор, бюджетная организация.
client-name-empty = Название не может быть пустым.
client-too-long = Слишком длинно: не больше { $limit } символов.
client-bad-days = Отсрочка — целое число дней от 0 до { $limit }, а не «{ $value }».
client-bad-field = Такого поля в карточке нет.
client-bad-manager = Этого сотрудника нельзя назначить менеджером клиента.
client-person-format = Формат: ФИО; должность; телефон; e-mail — обязательно только ФИО.

## Categories (also the import vocabulary: exported as these words)
client-category-end_user = конечный потребитель
client-category-dealer = дилер
client-category-distributor = дистрибьютор
client-category-budget = бюджетная организация

## /find and the card
find-usage = Формат: /find <что искать> — часть названия, ИНН, телефон в любом виде или e-mail. Например: /find ромашка
find-too-long = Слишком длинный запрос: не больше { $limit } символов.
find-too-short = Уточните запрос: хотя бы 2 буквы названия или 4 цифры ИНН/телефона.
find-bad-email = «{ $value }» не похоже на e-mail.
find-nothing = По запросу «{ $query }» никого не нашёл. Проверьте написание или создайте клиента: /newclient
find-title = Нашёл ({ $count }) — выберите:
find-more = Показаны первые { $count }. Уточните запрос, если нужного нет.
client-not-found = Такого контрагента нет — возможно, его карточку объединили с другой.
client-not-yours = Это клиент менеджера { $manager }. Менять его карточку могут он сам и руководитель; записать контакт можно.
client-inn-taken = Контрагент с таким ИНН уже есть: { $name }. Второй карточки с тем же ИНН не будет.
client-phone-there = Телефон { $phone } уже есть в этой карточке.
client-phone-taken = Телефон { $phone } уже записан у «{ $name }». Если это один клиент — объедините карточки.
client-email-there = Адрес { $email } уже есть в этой карточке.
client-email-taken = Адрес { $email } уже записан у «{ $name }». Если это один клиент — объедините карточки.
card-title = 🏢 { $name }
card-inn = ИНН { $inn }{ $kpp ->
        [none] {""}
       *[other] {" "}· КПП { $kpp }
    }
card-no-inn = ИНН не указан
card-category = { $category }{ $city ->
        [none] {""}
       *[other] {" "}· { $city }
    }
card-manager = Менеджер: { $manager } · отсрочка { $days } дн.
card-no-manager = Менеджер не назначен · отсрочка { $days } дн.
card-phones = Телефоны: { $phones }
card-phone-ext = { $phone } доб. { $ext }
card-emails = E-mail: { $emails }
card-people = Контактные лица:
card-person = • { $name }{ $position ->
        [none] {""}
       *[other] , { $position }
    }{ $phone ->
        [none] {""}
       *[other] {" "}{ $phone }
    }{ $client ->
        [yes] {" "}(в боте)
       *[no] {""}
    }
card-address = Адрес: { $address }
card-notes = Заметки: { $notes }
card-orders = Открытые заявки ({ $count }):
card-orders-older = показаны последние { $shown }, ещё { $count } — раньше
card-order = • №{ $number }: позиций { $positions }{ $deadline ->
        [none] {""}
       *[other] , срок { $deadline }
    } — { $status }
card-button-order = 📦 Заявка №{ $number }
card-next = Следующий шаг: { $step } — до { $date }{ $overdue ->
        [yes] {" "}(просрочено!)
       *[no] {""}
    }
card-next-none = Следующий шаг не запланирован.
card-timeline = Последние контакты:
card-timeline-empty = Контактов пока не было.
card-entry = { $when } · { $form }{ $author ->
        [none] {""}
       *[other] {" "}· { $author }
    }{ $outcome ->
        [none] {""}
       *[other] {" "}· { $outcome }
    }{ $topic ->
        [none] {""}
       *[other] : { $topic }
    }{ $result ->
        [none] {""}
       *[other] {" "}— { $result }
    }{ $next ->
        [none] {""}
       *[other] {" "}→ { $next }
    }
card-call-hint = Позвонить: кнопка «📞 Позвонить» пришлёт номера контактами — нажмите на контакт, Telegram предложит позвонить.
card-call-ext = доб. { $ext }
card-no-phones = В карточке нет ни одного телефона — добавьте его через «Изменить».
button-call = 📞 Позвонить
button-log-contact = 📝 Записать контакт
button-new-order = ➕ Новая заявка
button-edit = ✏️ Изменить
button-merge = 🔗 Объединить
button-open-card = Открыть карточку
card-new-order-started = Новая заявка для «{ $name }»: клиент уже указан, его называть не нужно.

## Interaction forms and results
form-call_in = входящий звонок
form-call_out = исходящий звонок
form-meeting = встреча
form-email = письмо
form-messenger = мессенджер
form-visit = визит
form-client_request = обращение клиента в боте
form-request_answer = ответ на обращение
form-registration = клиент подключился к боту
outcome-agreed = договорились
outcome-thinking = думает
outcome-call_back = перезвонить
outcome-no_answer = не дозвонился
outcome-refused = отказ
outcome-info = справка / вопрос решён

## Logging a contact
contact-pick-form = { $name }: какой был контакт?
contact-pick-outcome = { $name } · { $form }. Чем закончился?
contact-ask-note =
    { $name } · { $form } · { $outcome }.
    Одной строкой: тема; результат; следующий шаг. Например:
    костюмы на зиму; прислать КП до пятницы; позвонить после КП
contact-pick-date = Контрольный срок следующего шага?
contact-ask-date = Напишите дату, например 25.11 или 25.11.2026.
contact-date-tomorrow = Завтра, { $date }
contact-date-3days = Через 3 раб. дня, { $date }
contact-date-week = Через неделю, { $date }
contact-date-type = Ввести дату
contact-date-none = Без срока
contact-logged = Записал контакт с «{ $name }»{ $date ->
        [none] .
       *[other] . Контрольный срок — { $date }.
    }
contact-bad-form = Такой формы контакта нет — выберите кнопкой.
contact-bad-outcome = Такого результата нет — выберите кнопкой.
contact-note-empty = Напишите хотя бы тему контакта.
contact-note-too-long = Слишком длинно ({ $length } символов): уложитесь в { $limit }.
contact-bad-date = Не понял дату «{ $value }». Напишите так: 25.11 или 25.11.2026.
contact-date-past = Дата { $value } уже прошла — контрольный срок должен быть в будущем.
contact-date-far = Дата { $value } больше чем через год — проверьте год.
contact-expired = Запись контакта прервалась — начните заново с карточки клиента.

## /today
today-title = Контрольные сроки на { $date }{ $everyone ->
        [yes] {" "}(все менеджеры)
       *[no] {""}
    }:
today-line = { $overdue ->
        [yes] ⚠️ просрочено { $date }
       *[no] •
    } { $counterparty }: { $step }{ $author ->
        [none] {""}
       *[other] {" "}({ $author })
    }
today-empty = На сегодня контрольных сроков нет.
today-reminders-title = Напоминания, которые ждут:
today-reminder-line = { $overdue ->
        [yes] ⚠️ просрочено:
       *[no] •
    } { $title }{ $topic ->
        [none] {""}
       *[other] {" "}— { $topic }
    }

## Editing, creating, merging
edit-pick-field = «{ $name }»: что изменить?
edit-field-name = Название
edit-field-inn = ИНН
edit-field-kpp = КПП
edit-field-phone = + Телефон
edit-field-email = + E-mail
edit-field-person = + Контактное лицо
edit-field-city = Город
edit-field-address = Адрес
edit-field-deferral = Отсрочка
edit-field-notes = Заметки
edit-field-category = Категория
edit-field-manager = Менеджер
edit-ask-value = { $field }: напишите новое значение{ $clearable ->
        [yes] {" "}(«-» — очистить)
       *[no] {""}
    }.
edit-ask-person = Контактное лицо: ФИО; должность; телефон; e-mail (обязательно только ФИО).
edit-pick-category = Категория «{ $name }»:
edit-pick-manager = Менеджер «{ $name }»:
edit-no-manager = Без менеджера
edit-saved = Сохранил. { $name }
new-ask-name = Новый клиент. Название с формой собственности, например: ООО «Ромашка»
new-ask-inn = ИНН (10 или 12 цифр) — или нажмите «Без ИНН».
new-ask-city = Город — или «Пропустить».
new-ask-phone = Телефон — или «Пропустить».
button-no-inn = Без ИНН
button-skip = Пропустить
new-candidates = Похоже, такой клиент уже есть. Проверьте, прежде чем создавать:
new-candidate = { $name }{ $inn ->
        [none] {""}
       *[other] , ИНН { $inn }
    }{ $city ->
        [none] {""}
       *[other] , { $city }
    } — { $reasons }
new-same-inn = С этим ИНН клиент уже есть — это он, второй карточки не будет.
button-candidate = Это он: { $name }
button-create-new = Нет, это новый клиент
new-created = Создал карточку «{ $name }».
new-expired = Создание клиента прервалось — начните заново: /newclient
match-inn = тот же ИНН
match-branch_kpp = другой КПП (филиал)
match-phone = тот же телефон
match-email = тот же e-mail
match-email_domain = тот же почтовый домен
match-name = то же название
match-similar_name = похожее название
match-initials = те же фамилия и инициалы
match-abbreviation = сокращение названия
match-same_city = тот же город
match-other_inn = но другой ИНН
merge-ask-query = С какой карточкой объединить «{ $name }»? Напишите часть названия, ИНН или телефон.
merge-confirm =
    Объединить две карточки в одну?
    1) { $first }
    2) { $second }
    Все заявки, контакты и история перейдут в ту, которую оставите; вторая будет удалена.
button-keep = Оставить «{ $name }»
merge-same = Это одна и та же карточка.
merge-done = Готово: «{ $dropped }» объединена с «{ $kept }». Перенесено записей: { $moved }.
client-merged = { $by } объединил(а) карточки: «{ $dropped }» теперь часть «{ $kept }».

## Import and export
import-ask-file = Пришлите файл контрагентов документом: CSV или XLSX (выгрузка из учётной системы), до { $limit } МБ.
import-bad-type = Файл «{ $name }» не подходит: нужен CSV или XLSX.
import-too-big = Файл слишком большой: { $size } МБ, можно до { $limit } МБ. Разбейте его на части или уберите лишние столбцы.
import-xls = Это старый формат Excel (.xls). Сохраните файл как XLSX или CSV и пришлите снова.
import-not-a-table = Это не похоже на таблицу контрагентов: не нашёл строку заголовков со столбцом названия (name / Наименование) и хотя бы ещё одним известным столбцом (ИНН, телефон, город…).
import-too-many-rows = В файле больше { $limit } строк — разбейте его на части.
import-empty = В таблице нет ни одной строки с данными.
import-bad-phone = телефон «{ $value }» не разобрать
import-bad-email = e-mail «{ $value }» не разобрать
import-bad-number = в столбце { $column } не число: «{ $value }»
import-dup-row = повтор строки { $other } (тот же код или ИНН)
import-manager-unknown = менеджер не найден среди сотрудников — назначьте в карточке
import-conflict = код указывает на «{ $by_id }», а ИНН — на «{ $by_inn }»
import-similar = похож на «{ $other }» — проверьте
import-report-title = Импорт «{ $file }»: создано { $created }, обновлено { $updated }, дублей { $duplicate }, отклонено { $rejected }.
import-line-created = Стр. { $line }: { $name } — создан{ $note ->
        [none] {""}
       *[other] {" "}({ $note })
    }
import-line-updated = Стр. { $line }: { $name } — обновлён{ $note ->
        [none] {""}
       *[other] {" "}({ $note })
    }
import-line-duplicate = Стр. { $line }: { $name } — дубль «{ $other }», не создан
import-line-duplicate-row = Стр. { $line }: { $name } — { $note }, пропущен
import-line-rejected = Стр. { $line }: { $name } — отклонён: { $note }
import-report-more = …и ещё { $count } строк — все они в файле отчёта.
import-report-file = Полный отчёт по строкам — в файле.
import-col-line = Строка
import-col-name = Название
import-col-status = Итог
import-col-card = Карточка
import-col-note = Причина / примечание
import-status-created = создан
import-status-updated = обновлён
import-status-duplicate = дубль
import-status-rejected = отклонён
export-done = Выгрузка контрагентов: { $count }. Формат — как у импорта.
export-empty = Контрагентов пока нет.

## Client portal: registration
portal-offer =
    Клиентам: нажмите «📱 Поделиться телефоном» внизу — по номеру я найду вашу компанию и подключу вас к вашему менеджеру.
button-share-phone = 📱 Поделиться телефоном
portal-contact-not-own = Нужен ваш собственный номер: нажмите кнопку «📱 Поделиться телефоном», а не пересылайте чужой контакт.
portal-already-registered = Вы уже подключены к боту. Что можно сделать — /help.
portal-linked = Готово! Вы подключены как представитель «{ $counterparty }».{ $manager ->
        [none] {""}
       *[other] {" "}Ваш менеджер — { $manager }.
    } Пишите сюда вопросы, присылайте фото и документы — я передам их менеджеру.
portal-pending = Спасибо! Ваш номер я пока не нашёл среди клиентов. Заявку на подключение передал руководителю отдела — ответ придёт сюда.
portal-already-pending = Ваша заявка на подключение уже у руководителя — ответ придёт сюда.
portal-not-linked = Ваш Telegram не привязан к клиенту. Нажмите /start и поделитесь телефоном.
registration-request =
    Заявка на подключение клиента №{ $id }:
    { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }, телефон { $phone }
    { $candidates ->
        [0] Этот номер не найден ни у одного клиента.
       *[other] Номер найден у нескольких клиентов или уже занят — выберите вручную.
    }
registration-request-decided =
    Заявка на подключение клиента №{ $id }:
    { $name }{ $username ->
        [none] {""}
       *[other] {" "}(@{ $username })
    }, телефон { $phone }
    { $outcome ->
        [linked] ✅ Подключён(а) к «{ $counterparty }»
        [declined] ❌ Отклонена
       *[other] Решение принято
    }{ $by ->
        [none] .
       *[other] {" "}— решение: { $by }.
    }
button-registration-link = 🔎 Привязать к клиенту
button-registration-new = ➕ Новый клиент
button-registration-decline = Отклонить
registration-ask-query = Заявка №{ $id }: найдите клиента — часть названия, ИНН или телефон.
registration-pick = Заявка №{ $id }: к кому привязать { $name }?
registration-linked = Готово: заявитель подключён как представитель «{ $counterparty }», ему сообщил.
registration-declined = Заявка №{ $id } отклонена, клиенту сообщил.
registration-not-found = Такой заявки нет.
registration-decided = Заявка №{ $id } уже рассмотрена{ $by ->
        [none] {""}
       *[other] {" "}— { $by }
    }: { $outcome ->
        [linked] клиент подключён к «{ $counterparty }».
        [declined] отклонена.
       *[other] решение уже принято.
    } Повторно ничего не делаю.
registration-user-exists = Этот пользователь Telegram уже подключён к боту.
client-registration-linked = Вас подключили как представителя «{ $counterparty }».{ $manager ->
        [none] {""}
       *[other] {" "}Ваш менеджер — { $manager }.
    } Пишите сюда вопросы, присылайте фото и документы — я передам их менеджеру.
client-registration-declined = К сожалению, подключить вас к боту не получилось. Если вы наш клиент — позвоните своему менеджеру, он поможет.
manager-client-registered = { $name } подключился(ась) к боту как представитель «{ $counterparty }».{ $assigned ->
        [yes] {""}
       *[other] {" "}У клиента нет менеджера — назначьте его в карточке.
    }
manager-client-unreachable = { $person } («{ $counterparty }») заблокировал(а) бота: сообщения от бота до клиента больше не доходят. Свяжитесь с клиентом по телефону.{ $assigned ->
        [yes] {""}
       *[other] {" "}У клиента нет менеджера — назначьте его в карточке.
    }
manager-client-forgot = { $person } («{ $counterparty }») отключил(а) бота: Telegram отвязан, история клиента сохранена.

## Client portal: requests
request-received-manager = Получил, обращение №{ $id } передал вашему менеджеру — { $name }. Ответ придёт сюда.
request-received-head = Получил, обращение №{ $id } передал руководителю отдела — { $name }. Ответ придёт сюда.
request-received-nobody = Получил обращение №{ $id }. Сейчас некому его передать — мы ответим, как только сможем.
request-empty = Пустое сообщение — напишите текст или пришлите фото либо документ.
request-not-found = Такого обращения нет.
request-not-yours = Это обращение клиента другого менеджера.
request-client-gone = Клиент отключил бота — ответ не дойдёт. Свяжитесь с ним по телефону.
client-request-relay =
    📨 Обращение №{ $id } от клиента
    { $counterparty }{ $inn ->
        [none] {""}
       *[other] , ИНН { $inn }
    }{ $city ->
        [none] {""}
       *[other] , { $city }
    }
    { $person }{ $position ->
        [none] {""}
       *[other] , { $position }
    }{ $phone ->
        [none] {""}
       *[other] , { $phone }
    }
    { $text }
    { $taken ->
        [none] Ответьте на это сообщение (ответом) или кнопкой — ответ уйдёт клиенту.
       *[other] ✅ Обращение взял(а) { $taken } — ответ клиенту отправлен.
    }
client-request-relay-file = [{ $kind ->
        [photo] фото
       *[other] документ
    }]
button-answer = ↩️ Ответить
request-ask-answer = Ответ на обращение №{ $id } — напишите текст или пришлите фото/документ.
request-answered = Ответ на обращение №{ $id } отправлен клиенту.
client-request-answer = Ответ на ваше обращение №{ $id } от { $manager }:
    { $text }

## /forget
forget-confirm = Отвязать ваш Telegram от бота? Ваши имя и аккаунт в боте будут удалены, история заказов и обращений компании сохранится. Подключиться снова можно через /start.
button-forget = Да, отвязать
forget-done = Готово: ваш Telegram отвязан, данные аккаунта удалены. Чтобы подключиться снова — /start.

## Commands
cmd-find = найти клиента (видны все клиенты; менять чужого — только руководитель)
cmd-today = мои контрольные сроки на сегодня
cmd-newclient = новый клиент (с проверкой на дубли)
cmd-import = загрузить контрагентов из CSV/XLSX
cmd-export = выгрузить контрагентов в XLSX
cmd-forget = отвязать мой Telegram от бота
