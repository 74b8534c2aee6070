## Roles
role-manager = менеджер
role-head = руководитель отдела
role-warehouse = склад
role-supply = снабжение
role-workshop = швейный цех
role-driver = водитель
role-lawyer = юрист
role-accountant = бухгалтер
role-client = клиент
role-admin = администратор

## Generic answers and errors
error-generic = Не получилось выполнить действие.
error-unexpected = Что-то пошло не так. Мы уже записали ошибку, попробуйте ещё раз чуть позже.
error-not-found = Не нашёл такой записи. Возможно, её уже удалили.
error-forbidden = У вас нет прав на это действие.
error-invalid-input = Не понял ввод. Проверьте и отправьте ещё раз.
error-invalid-transition = Это действие сейчас недоступно: статус уже изменился.
error-conflict = Кто-то уже сделал это раньше вас.
error-too-long = Сообщение слишком длинное ({ $length } символов). Пожалуйста, уложитесь в { $limit }.
error-access-revoked = Ваш доступ к боту отключён. Если это ошибка, обратитесь к руководителю.
unknown-command = Не знаю команды { $command }. Список команд — /help.
unsupported-content = Такие сообщения я не обрабатываю. Напишите текстом или выберите команду в /help.
edited-ignored = Исправленное сообщение я не обрабатываю — отправьте новое.
anonymous-ignored = Я не знаю, кто пишет от имени канала или анонимного администратора. Напишите от своего имени.
cancelled = Действие отменено.
nothing-to-cancel = Отменять нечего.
button-cancel = Отмена
stranger-hello =
    Здравствуйте! Это рабочий бот компании для заказов, задач и претензий.
    Сотрудникам: попросите у руководителя приглашение — ссылку или код — и отправьте /start с этим кодом.
stranger-hint = Я вас пока не знаю. Сотрудникам нужно приглашение от руководителя: ссылка или код для /start. Подробнее — /start.

## /outbox
outbox-pending = В очереди: { $count }{ $count ->
        [0] {""}
       *[other] , самое старое ждёт { $age } с
    }.
outbox-no-failures = Сбоев доставки за сутки нет.
outbox-failures = Не доставлено за сутки: { $count }. Причины:
outbox-retry-button = Повторить недоставленные
outbox-retried = Повторно поставлено в очередь: { $count }

## Uploaded tables (catalog, stock, counterparties)
table-xls = Это старый формат Excel (.xls). Сохраните файл как XLSX или CSV и пришлите снова.
table-unreadable = Не смог прочитать файл: он повреждён или это не таблица. Сохраните его как CSV (UTF-8) или XLSX и пришлите ещё раз.
table-no-sheets = В книге Excel нет ни одного листа — нечего загружать.
table-too-large = Файл не загружаю: { $reason ->
        [cells] лист объявляет { $rows } строк × { $columns } столбцов, а можно не больше { $limit } ячеек.
        [unzipped] распакованный он больше { $limit } МБ.
       *[field] в нём есть ячейка длиннее { $limit } КБ.
    } Уберите лишнее или разбейте на части.
