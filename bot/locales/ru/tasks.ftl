## Department task cards
task-card-title = { $kind ->
        [collect] 📦
        [procure] 🛒
        [workshop] 🧵
        [delivery] 🚚
       *[shipment] 🚛
    } Заявка №{ $number } · { $department }
task-card-client = Клиент: { $client }
task-card-manager = Менеджер: { $manager }
task-card-deadline = Срок: { $deadline }{ $urgent ->
        [yes] {" "}🔥 срочно
       *[no] {""}
    }
task-card-urgent = 🔥 Срочно
task-card-positions = Позиции:
task-card-line = { $no }. { $model }{ $variant ->
        [none] {""}
       *[other] {" "}— { $variant }
    } — { $qty } { $unit }{ $work ->
        [none] {""}
       *[other] {" "}[{ $work }]
    }{ $short ->
        [0] {""}
       *[other] {" "}⚠️ не хватает { $short }
    }
task-card-more = … и ещё позиций: { $count }
task-card-delivery = Доставка: { $kind ->
        [own_driver] наш водитель
        [transport_company] транспортная компания
       *[other] { $kind }
    }{ $carrier ->
        [none] {""}
       *[other] {" "}{ $carrier }
    }{ $city ->
        [none] {""}
       *[other] , { $city }
    }{ $address ->
        [none] {""}
       *[other] , { $address }
    }
task-card-expected = Ожидается: { $date }
task-card-tracking = Трек-номер: { $tracking }
task-card-attachments = 📎 Вложений: { $count }
task-card-photos = 📷 Фото: { $count }
task-card-status = Статус: { $status }
task-card-history = История:
task-card-history-line = • { $at } { $event }{ $note ->
        [none] {""}
       *[other] : { $note }
    }{ $who ->
        [none] {""}
       *[other] {" "}({ $who })
    }
task-card-cancelled = ❌ Заявка отменена — работу по ней не ведём.
task-card-photo-hint = Фото готового изделия можно прислать ответом на эту карточку.

work-logo = логотип
work-tailoring = пошив
work-manufacture = изготовление
work-stock = склад
work-procure = закупка

task-step-accept = ✅ Принято
task-step-collect = 📦 Собрано
task-step-short = ⚠️ Не хватает
task-step-order = 🛒 Заказано
task-step-arrive = 📥 Поступило
task-step-start = 🧵 В работе
task-step-finish = ✅ Готово
task-step-take = 🙋 Беру
task-step-pick_up = 📦 Забрал
task-step-deliver = ✅ Доставлено
task-step-ship = 🚛 Сдано в ТК

task-status-new = новая, ждёт «Принято»
task-status-accepted = принято
task-status-short = не хватает, ждём снабжение
task-status-collected = собрано
task-status-ordered = заказано
task-status-arrived = поступило
task-status-in_work = в работе
task-status-ready = готово
task-status-taken = водитель взял
task-status-picked_up = забрал, в пути
task-status-delivered = доставлено
task-status-shipped = сдано в транспортную компанию
task-status-cancelled = отменена

task-event-created = задача создана
task-event-waiting = ждёт чата подразделения
task-event-posted = опубликована
task-event-accept = принято
task-event-collect = собрано
task-event-short = не хватает
task-event-order = заказано, ожидается
task-event-arrive = поступило
task-event-start = в работе
task-event-finish = готово
task-event-take = беру
task-event-pick_up = забрал
task-event-deliver = доставлено
task-event-ship = сдано в ТК, трек
task-event-comment = 💬 комментарий
task-event-changed = ✏️ изменена позиция
task-event-cancelled = ❌ отменена
task-event-restocked = поступило от снабжения, собрать
task-event-shortage_added = добавлено по нехватке со склада
task-event-from_warehouse = нехватка со склада
task-event-from_supply = поступило от снабжения
task-event-message = 💬 в теме
task-event-photo = 📷 фото
task-event-attachment = 📎 файл

## Answers to a press, prompts for input
task-done-alert = Готово: { $step }
task-ask-shortage = Заявка №{ $number }: сколько не хватает? { $single ->
        [yes] Напишите число.
       *[no] Напишите номер позиции и количество, например: «{ $example }». Несколько — через точку с запятой.
    }
task-ask-expected-date = Заявка №{ $number }: когда поступит? Напишите дату, например «25.11», «завтра» или «через 3 дня».
task-ask-tracking = Заявка №{ $number }: напишите трек-номер транспортной компании.
task-input-saved = Записал. Заявка №{ $number }: { $step }.
task-not-found = Задача не найдена — возможно, заявку удалили.
task-not-your-department = Эта карточка для подразделения «{ $department }». Нажимать на неё могут только его сотрудники и руководители.
task-cancelled = Заявка №{ $number } отменена — по ней больше ничего отмечать не нужно.
task-already-done = По этой карточке всё уже отмечено.
task-step-not-allowed = Сейчас эту кнопку нажать нельзя: статус карточки уже другой.
task-stale = Карточка уже изменилась{ $who ->
        [none] {""}
       *[other] {" "}({ $who })
    }: сейчас «{ $status ->
        [new] новая
        [accepted] принято
        [short] не хватает
        [collected] собрано
        [ordered] заказано
        [arrived] поступило
        [in_work] в работе
        [ready] готово
        [taken] водитель взял
        [picked_up] забрал
        [delivered] доставлено
        [shipped] сдано в ТК
       *[other] { $status }
    }». Посмотрите на обновлённую карточку.
task-conflict = Кто-то нажал одновременно с вами и успел первым. Посмотрите на обновлённую карточку.
task-shortage-format = Не понял. Напишите номер позиции и количество, например «2: 5»; несколько — через точку с запятой.
task-shortage-no-line = В этой карточке нет позиции { $line }.
task-shortage-qty = Позиция { $line }: не хватает может быть от 1 до { $limit }, а не { $qty }.
task-date-format = Не понял дату. Напишите, например, «25.11», «завтра» или «через 3 дня».
task-date-past = Дата { $date } уже прошла. Напишите будущую дату.
task-date-far = Дата { $date } больше чем через год. Проверьте её.
task-tracking-format = Трек-номер — это буквы и цифры (хотя бы одна цифра), например «ПЭК 1234-5678».
task-tracking-too-long = Трек-номер слишком длинный: не больше { $limit } символов.

## Messages beside the card (in the department's chat)
task-comment = 💬 Комментарий менеджера ({ $who }) к заявке №{ $number }:
    { $text }
task-changed = ✏️ { $who } изменил(а) заявку №{ $number }: { $note }
task-cancelled-notice = ❌ Заявка №{ $number } отменена ({ $who }). Карточка помечена, работу по ней не ведём.
task-restocked = 📥 По заявке №{ $number } поступил товар от снабжения — соберите, пожалуйста, и отметьте «Собрано».
task-shortage-added = ⚠️ К заявке №{ $number } добавлены позиции, которых не хватило на складе.
task-topic-name = Заявка №{ $number } · { $client }

## To the manager and admins
task-no-chat = ⚠️ Заявка №{ $number } ({ $client }): у подразделения «{ $department }» нет привязанного чата. Задача ждёт: как только администратор выполнит /bind { $department_id } в нужной группе, карточка появится там.
news-title = 📣 Заявка №{ $number }{ $client ->
        [none] {""}
       *[other] {" "}({ $client })
    }:
news-line = • { $at } { $text }
news-accept = { $department }: принято ({ $who })
news-collect = { $department }: собрано ({ $who })
news-short = { $department }: не хватает — { $note } ({ $who }); передано в снабжение
news-order = { $department }: заказано, ожидается { $note } ({ $who })
news-arrive = { $department }: поступило ({ $who }), передано на склад
news-start = { $department }: в работе ({ $who })
news-finish = { $department }: готово ({ $who })
news-take = { $department }: водитель { $who } взял доставку
news-pick_up = { $department }: { $who } забрал товар
news-deliver = { $department }: доставлено ({ $who }). Заявка закрыта.
news-ship = { $department }: сдано в транспортную компанию, трек-номер { $note } ({ $who }). Заявка закрыта.
news-delivery_created = все подразделения закончили — задача передана: { $department }
news-ready = все подразделения закончили — заявка готова к выдаче{ $clients ->
        [0] {""}; клиент в боте не зарегистрирован, сообщите ему сами
       *[other] {""}; клиенту сообщили
    }
news-message = { $department }, { $who }: { $note }
task-photo = 📷 Заявка №{ $number } · { $department }{ $who ->
        [none] {""}
       *[other] , фото от { $who }
    }{ $note ->
        [none] {""}
       *[other] : { $note }
    }

task-attachment = 📎 Заявка №{ $number }: файл{ $who ->
        [none] {""}
       *[other] {" "}от { $who }
    }{ $note ->
        [none] {""}
       *[other] : { $note }
    }

## To the client
client-order-ready = Ваша заявка №{ $number } готова. { $pickup ->
        [yes] Её можно забирать.
       *[no] Менеджер свяжется с вами, чтобы договориться об отгрузке.
    }
client-order-delivered = { $event ->
        [ship] Ваша заявка №{ $number } передана в транспортную компанию{ $carrier ->
            [none] {""}
           *[other] {" "}{ $carrier }
        }. Трек-номер: { $tracking }.
        [handed_over] Ваша заявка №{ $number } выдана. Спасибо!
       *[other] Ваша заявка №{ $number } доставлена. Спасибо!
    }

## The client's log
form-order_event = заявка
outcome-order_created = создана
outcome-order_accept = принята подразделением
outcome-order_collect = собрана
outcome-order_short = не хватает на складе
outcome-order_order = заказано у поставщика
outcome-order_arrive = поступило
outcome-order_start = в работе
outcome-order_finish = готово
outcome-order_take = водитель взял
outcome-order_pick_up = забрал
outcome-order_deliver = доставлена
outcome-order_ship = отгружена в ТК
outcome-order_ready = готова к выдаче
outcome-order_handed_over = выдана клиенту
outcome-order_cancelled = отменена
outcome-order_commented = комментарий
outcome-order_attached = файл к заявке
outcome-order_changed = изменена

## /my and an order's card
my-empty = Открытых заявок нет.
my-title = Открытые заявки ({ $count }):
my-line = №{ $number } · { $client } — { $status }
my-task = { $department }: { $status }
my-order-status-new = новая
my-order-status-awaiting_manager = ждёт подтверждения менеджера
my-order-status-in_work = в работе
my-order-status-ready = готова к выдаче
my-order-status-delivering = доставка
my-order-status-closed = закрыта
my-order-status-cancelled = отменена
my-order-card-title = Заявка №{ $number } · { $client }
my-order-card-status = Статус: { $status }
my-order-card-manager = Менеджер: { $manager }
my-order-card-deadline = Срок: { $deadline }
my-order-card-positions = Позиции:
my-order-card-tasks = Подразделения:
my-order-card-no-tasks = Задач подразделениям нет.
my-order-card-awaiting = Заявка клиента ждёт подтверждения: подразделения получат её, когда вы её подтвердите.
my-order-card-history = История:
my-order-card-history-line = • { $at }{ $department ->
        [none] {""}
       *[other] {" "}{ $department }:
    } { $event }{ $who ->
        [none] {""}
       *[other] {" "}({ $who })
    }{ $note ->
        [none] {""}
       *[other] : { $note }
    }
my-order-card-created = • { $at } заявка создана
my-button-open = №{ $number } · { $client }
my-button-comment = 💬 Комментарий
my-button-attach = 📎 Файл
my-button-change = ✏️ Изменить позиции
my-button-cancel = ❌ Отменить заявку
my-button-cancel-yes = Да, отменить №{ $number }
my-button-hand-over = ✅ Выдано клиенту
my-button-back = ← К заявке
my-button-position = { $no }. { $model } — { $qty } { $unit }
my-order-ask-comment = Заявка №{ $number }: напишите комментарий — он придёт во все подразделения, которые работают по заявке.
my-order-comment-sent = Комментарий отправлен подразделениям: { $count }.
my-order-ask-file = Заявка №{ $number }: пришлите файл — макет логотипа, ТЗ, фото (картинкой или документом, можно с подписью). Он придёт во все подразделения, которые работают по заявке.
my-order-file-expected = Жду файл: пришлите фото или документ. Передумали — нажмите «Отмена».
my-order-file-sent = Файл отправлен подразделениям: { $count }.
my-order-reply-comment-sent = Комментарий к заявке №{ $number } отправлен подразделениям: { $count }.
my-order-reply-file-sent = Файл к заявке №{ $number } отправлен подразделениям: { $count }.
my-order-comment-empty = Комментарий пустой. Напишите текст.
my-order-comment-too-long = Комментарий слишком длинный ({ $length } символов), уложитесь в { $limit }.
my-order-pick-position = Заявка №{ $number }: какую позицию изменить? Менять можно только те, что подразделения ещё не приняли.
my-order-nothing-to-change = Менять нечего: все подразделения уже приняли позиции в работу.
my-order-ask-qty = Позиция { $no }. { $model } — сейчас { $qty } { $unit }. Напишите новое количество (0 — убрать позицию).
my-order-qty-format = Количество — целое число, например 12 (0 — убрать позицию).
my-order-qty-too-big = Слишком большое количество: не больше { $limit }.
my-order-qty-same = Количество и так { $qty }.
my-order-last-position = Это последняя позиция заявки. Чтобы отказаться от всей заявки, отмените её.
my-order-position-changed = Заявка №{ $number }: позиция { $no } — было { $old }, стало { $new }. Подразделения увидят изменение.
my-order-position-not-found = Такой позиции в заявке нет.
my-order-position-locked = Позицию { $line } уже принял(о) «{ $department }» — изменить её нельзя. Напишите комментарий подразделению.
my-order-confirm-cancel = Отменить заявку №{ $number }? Подразделения получат уведомление, карточки будут помечены как отменённые.
my-order-cancel-done = Заявка №{ $number } отменена. Подразделения уведомлены.
my-order-confirm-decline = Отменить заявку клиента №{ $number }? Она ещё не подтверждена — клиент получит уведомление, что заявка отклонена.
my-order-declined-done = Заявка №{ $number } отклонена. Клиент уведомлён.
my-order-awaiting = Заявка №{ $number } ещё ждёт подтверждения — подразделения её не получали. Подтвердите или измените её.
my-order-hand-over-done = Заявка №{ $number } закрыта как выданная. Завтра напомню позвонить клиенту за обратной связью.
my-order-not-found = Заявка не найдена.
my-order-not-yours = Заявка №{ $number } — не ваша. Её ведёт другой менеджер.
my-order-already-cancelled = Заявка №{ $number } уже отменена.
my-order-already-closed = Заявка №{ $number } уже закрыта.
my-order-not-ready = Заявка №{ $number } ещё не готова к выдаче.

## /routing
routing-title = Куда идут задачи по заявкам (вид работы → подразделение):
routing-line = { $kind }: { $department }{ $default ->
        [yes] {""}
       *[no] {" "}(изменено; по умолчанию — { $default_department })
    }
routing-hint = Нажмите на вид работы, чтобы выбрать другое подразделение.
routing-none = без задачи
routing-pick = { $kind }: куда направлять? Сейчас — { $department }.
routing-changed = Готово: { $kind } → { $department }. Новые заявки пойдут так.
routing-kind-stock = со склада
routing-kind-procure = закупка (нет в наличии, нестандарт)
routing-kind-logo = логотип
routing-kind-tailoring = пошив, подгонка
routing-kind-manufacture = изготовление
routing-kind-own_driver = доставка нашим водителем
routing-kind-transport_company = отправка транспортной компанией
routing-kind-pickup = самовывоз
routing-button-default = ↩︎ Как в настройках компании ({ $department })
routing-button-none = Без задачи
routing-button-back = ← К списку
routing-unknown-kind = Такого вида работы нет.
routing-unknown-department = Подразделения «{ $department }» нет.
routing-needs-department = Работа этого вида должна идти в подразделение — «без задачи» можно только для доставки.

cmd-my = мои открытые заявки
cmd-routing = куда идут задачи по заявкам
