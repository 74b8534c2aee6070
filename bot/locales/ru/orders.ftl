## Orders: intake dialogue, preview, client orders, the catalog

cmd-order = новая заявка (или просто пришлите текст заявки)
cmd-catalog = загрузить каталог из CSV/XLSX
cmd-stock = обновить остатки склада из CSV/XLSX

form-order_submitted = заявка от клиента (ждёт менеджера)
form-order_created = заявка оформлена
form-order_rejected = заявка клиента отклонена

order-work-stock = склад
order-work-procure = снабжение
order-work-logo = логотип
order-work-tailoring = пошив/подгонка
order-work-manufacture = изготовление

order-delivery-pickup = самовывоз
order-delivery-own_driver = наш водитель
order-delivery-transport_company = транспортная компания
order-delivery-none = не указана

order-payment-none = не указана
order-payment-pre100 = предоплата 100%
order-payment-pre50 = предоплата 50%
order-payment-fact = оплата по факту
order-payment-d7 = отсрочка 7 дней
order-payment-d14 = отсрочка 14 дней
order-payment-d30 = отсрочка 30 дней
order-payment-prepayment = предоплата { $percent }%
order-payment-on_delivery = оплата по факту поставки
order-payment-deferral = отсрочка { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }

## Starting
order-ask-text =
    Пришлите текст заявки одним сообщением: клиент (название или ИНН), позиции (модель, цвет, размер, рост, количество), ценовая категория, доставка, срок.
    Можно переслать сообщение клиента или текст письма.
order-nothing-found =
    Не нашёл в сообщении ни одной позиции заявки.
    Напишите модель, цвет, размер, рост и количество, например: «Ромашка, костюм Технолог серый 52-54 рост 182-188 — 10 шт, опт».
    Или соберите заявку кнопками.
order-empty = Пустое сообщение — пришлите текст заявки.
order-use-buttons = Не понял ответ. Выберите вариант кнопкой в последнем сообщении, нажмите «Вся заявка» или /cancel.
order-stale = Этот черновик уже закрыт. Начните заявку заново — пришлите её текст.
order-already-placed = Заявка №{ $number } уже оформлена по этому черновику.

## Questions
order-q-client = Для какого клиента заявка? Напишите название или ИНН — или выберите:
order-q-client-none = Для какого клиента заявка? Напишите название или ИНН.
order-q-client-look-alikes = Похоже, такой клиент уже есть. Выберите его — или создайте нового, если это действительно другой:
order-q-price = Ценовая категория заявки?
order-q-positions = В заявке пока нет позиций. Напишите модель (название или артикул):
order-q-positions-found = Какую модель добавить? Выберите или напишите точнее:
order-q-model = Позиция { $n } «{ $model }»: какая это модель? Выберите или напишите название:
order-q-colour = Позиция { $n } — { $item }: какой цвет?
order-q-size = Позиция { $n } — { $item }: какой размер?
order-q-height = Позиция { $n } — { $item }: какой рост (ростовка)?
order-q-qty = Позиция { $n } — { $item }: сколько ({ $unit })? Напишите число.
order-q-deadline = Какой срок? Выберите или напишите дату (например, 30.11 или «к пятнице»).
order-q-delivery = Доставка:
order-q-address = Напишите адрес доставки (город, улица, дом):
order-q-payment = Условия оплаты:
order-q-edit = Что изменить?
order-q-position = Позиция { $n }: { $item }. Что изменить?

## Problems found in the text
error-order-qty = { $reason ->
        [too_large] Количество { $qty } — слишком много (не больше { $limit }).
       *[not_positive] Количество { $qty } — должно быть больше нуля.
    }
error-order-colour = Цвета «{ $colour }» у этой модели нет. Есть: { $allowed }.
error-order-size = Размера { $size } у этой модели нет. Есть: { $allowed }.
error-order-height = Роста { $height } у этой модели нет. Есть: { $allowed }.
error-order-logo-impossible = На эту модель логотип не наносим — нанесение не добавлено.
error-order-client-unknown = Клиента «{ $client }» нет в базе.
error-order-deadline-past = Срок { $deadline } уже прошёл.
error-order-unknown-model = «{ $text }» нет в каталоге — позиция уйдёт в снабжение как нестандартная.{ $suggestions ->
        [none] {""}
       *[other] {" "}Похожие в каталоге: { $suggestions }.
    }

## Typed answers and buttons that no longer fit
order-qty-not-number = Напишите количество числом, например 10.
order-qty-not-positive = Количество должно быть больше нуля.
order-qty-too-large = { $qty } — слишком большое количество для одной позиции (не больше { $limit }). Напишите верное число.
order-deadline-unreadable = Не понял дату. Напишите, например, 30.11, 30.11.2026 или «к пятнице».
order-deadline-past-typed = { $deadline } — эта дата уже прошла. Напишите срок не раньше сегодняшнего дня.
order-deadline-past-now = Срок { $deadline } уже прошёл — измените срок и подтвердите ещё раз.
order-address-empty = Адрес пустой — напишите адрес доставки.
order-address-too-long = Слишком длинный адрес (больше { $limit } символов).
order-model-query-short = Напишите название модели хотя бы из двух букв или артикул.
order-model-not-found = В каталоге нет ничего похожего на «{ $query }». Напишите иначе или артикул (например, KS-101).
order-client-query-long = Слишком длинно: название или ИНН клиента — до { $limit } символов.
order-client-name-needed = Чтобы создать клиента, напишите его название.
order-client-fixed = Клиента этой заявки поменять нельзя — это заявка самого клиента.
order-client-gone = Клиента этой заявки больше нет в базе (его карточку объединили или удалили). Выберите клиента заново.
order-choice-gone = Этот вариант больше не подходит — выберите из последнего сообщения.
order-position-gone = Такой позиции в заявке уже нет.
order-position-not-in-catalog = Позиции { $position } нет в каталоге — для неё выбирается только модель и количество.
order-position-invalid = Позиция { $position } больше не сходится с каталогом (его обновили). Откройте «Изменить» и поправьте её.
order-too-many-positions = В одной заявке не больше { $limit } позиций.
order-incomplete = В заявке заполнено не всё — ответьте на вопросы бота.
order-duplicate = Такую же заявку №{ $number } оформили меньше минуты назад. Если это не повтор — нажмите «Да, оформить ещё раз».

## Preview
order-preview-title = 📝 Заявка (черновик)
order-preview-title-client = 📝 Ваша заявка (черновик)
order-preview-client = Клиент: { $client }
order-preview-client-new = Клиент: { $client }{ $inn ->
        [none] {""}
       *[other] , ИНН { $inn }
    } — новый, карточка будет создана
order-preview-client-none = Клиент: не указан
order-preview-price = Цена: { $price }
order-preview-positions = Позиции:
order-preview-no-positions = Позиций пока нет.
order-preview-delivery = Доставка: { $delivery }
order-preview-deadline = Срок: { $deadline }
order-preview-no-deadline = Срок: не указан
order-preview-urgent = 🔥 Срочно
order-preview-payment = Оплата: { $payment }
order-preview-missing = Ещё не заполнено — нажмите «Заполнить недостающее».
order-preview-duplicate = ⚠️ Такую же заявку №{ $number } оформили меньше минуты назад. Если это не повтор — оформите ещё раз.
order-position-line = { $n }. { $model }{ $sku ->
        [none] {""}
       *[other] {" "}({ $sku })
    }{ $details } — { $qty } { $unit }{ $work ->
        [none] {""}
       *[other] {" "}· { $work }
    }
order-unset = ?
order-height-value = рост { $height }

## Buttons
order-button-confirm = ✅ Оформить заявку
order-button-confirm-again = ✅ Да, оформить ещё раз
order-button-submit = 📨 Отправить менеджеру
order-button-fill = ▶️ Заполнить недостающее
order-button-edit = ✏️ Изменить
order-button-preview = 📋 Вся заявка
order-button-manual = 🧩 Собрать заявку кнопками
order-button-new-client = ➕ Новый клиент «{ $name }»
order-button-new-client-sure = ➕ Всё равно создать «{ $name }»
order-button-client = Клиент
order-button-price = Цена
order-button-add = ➕ Добавить позицию
order-button-delivery = Доставка
order-button-address = Адрес
order-button-deadline = Срок
order-button-payment = Оплата
order-button-urgent = Срочно: { $urgent ->
        [yes] да
       *[no] нет
    }
order-button-model = Модель
order-button-colour = Цвет
order-button-size = Размер
order-button-height = Рост
order-button-qty = Количество
order-button-remove = 🗑 Удалить позицию
order-button-no-deadline = Без срока
order-button-day = { $label }, { $date }
order-day-tomorrow = Завтра
order-day-3 = Через 3 дня
order-day-7 = Через неделю
order-button-carrier = ТК: { $carrier }

## After confirming
order-placed-toast = Заявка №{ $number } оформлена
order-submitted-toast = Заявка №{ $number } отправлена менеджеру
order-placed =
    ✅ Заявка №{ $number } оформлена — { $client }.
    { $lines }
    Задачи ушли в подразделения; о каждом шаге я напишу.
order-submitted = Заявка №{ $number } отправлена { $manager ->
        [none] руководителю отдела
       *[other] менеджеру { $manager }
    } на подтверждение. Я напишу, когда её подтвердят.

## A client's order at the manager
order-for-approval =
    📨 Заявка №{ $number } от клиента { $client } ({ $from }) — подтвердите.
    { $lines }
order-for-approval-no-price = Ценовая категория не указана — нажмите «Изменить», чтобы указать её и подтвердить.
order-approval-confirm = ✅ Подтвердить
order-approval-edit = ✏️ Изменить
order-approval-reject = ❌ Отклонить
order-approval-decided =
    Заявка №{ $number } от клиента { $client }: { $status ->
        [new] подтверждена
       *[other] отклонена
    } ({ $who }).
    { $lines }
order-client-confirmed = ✅ Ваша заявка №{ $number } подтверждена менеджером и передана в работу.
order-client-rejected = Ваша заявка №{ $number } отклонена менеджером. Если что-то не так — напишите нам сюда, менеджер ответит.
order-approval-needs-price = В заявке №{ $number } не указана ценовая категория — нажмите «Изменить», укажите её и подтвердите.
order-already-decided = По заявке №{ $number } уже решили.
order-not-your-client = Это клиент другого менеджера — подтвердить может его менеджер или руководитель.
order-not-found = Такой заявки нет.
order-approval-editing = Заявка клиента открыта как черновик — поправьте и оформите.

## Catalog and stock files
catalog-ask-file = Пришлите файл каталога (CSV или XLSX) в формате catalog.csv: sku, model, category, colours, sizes, heights, unit, цены, stock_qty, logo_possible.
stock-ask-file = Пришлите файл остатков (CSV или XLSX) со столбцами sku (или «артикул») и stock_qty (или «остаток»).
catalog-bad-type = Файл «{ $name }» не подходит: нужен CSV или XLSX.
catalog-too-big = Файл больше { $limit } МБ — столько не загружаю.
catalog-file-empty = Файл пустой — в нём нет ни одной строки данных.
catalog-empty = Каталог пуст — сначала загрузите его командой /catalog.
catalog-row-error = строка { $row }: { $problem ->
        [columns] нет столбцов { $column }
        [sku-empty] пустой артикул
        [sku] артикул «{ $value }» не годится
        [sku-duplicate] артикул { $value } уже был выше
        [model-empty] нет названия модели
        [unit] нет единицы измерения
        [price] цена «{ $value }» в столбце { $column } — не число больше нуля
        [stock] остаток «{ $value }» — не целое число от нуля
        [logo] logo_possible «{ $value }» — нужно «да» или «нет»
        [unknown-sku] артикула { $value } нет в каталоге
       *[other] ошибка в столбце { $column }
    }
catalog-nothing = Ничего не загружено. { catalog-row-error }
stock-nothing = Остатки не обновлены. { catalog-row-error }
catalog-imported = Каталог загружен: новых позиций { $created }, обновлено { $updated }, всего в каталоге { $total }.
stock-updated = Остатки обновлены: { $updated } артикулов.
catalog-skipped = Пропущено строк: { $count }.
catalog-skipped-more = …и ещё { $count }.

## /my: the person's open order drafts
my-drafts-title = 📝 Черновики заявок ({ $count }):
my-draft-line = • { $client }: { $what } — { $state }
my-draft-what = { $first } ({ $count } поз.)
my-draft-no-positions = позиций пока нет
my-draft-no-client = клиент не указан
my-draft-ready = готов к оформлению
my-draft-unfinished = не всё заполнено
my-drafts-more = …и ещё { $count } раньше — откройте их по кнопкам предпросмотра.
my-button-draft = 📝 { $client } · { $what }
