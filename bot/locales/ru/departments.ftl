## Departments and chats
bind-private = Команду /bind нужно отправить в группе (или теме форума), которую вы привязываете.
bind-usage = Формат: /bind <подразделение>. Есть: { $departments }
bind-unknown-department = Подразделения «{ $department }» нет. Есть: { $departments }
bind-done = Этот чат{ $topic ->
        [yes] {" "}(тема)
       *[no] {""}
    } привязан к подразделению «{ $department }». Задачи подразделения будут приходить сюда.
bind-moved = Подразделение «{ $department }» перепривязано к этому чату (раньше: { $previous }).
bind-already = Этот чат уже привязан к «{ $department }».
unbind-done = Чат отвязан от «{ $department }».
unbind-nothing = Этот чат ни к чему не привязан.
chats-title = Привязки чатов:
chats-line = { $department } → { $title }{ $topic ->
        [yes] {" "}(тема { $thread })
       *[no] {""}
    }{ $active ->
        [yes] {""}
       *[no] {" "}— неактивна
    }
chats-missing = Без чата: { $departments }
chats-empty = Ни один чат пока не привязан.
department-usage = Формат: /department <код> <название>, например: /department logo Логотипы ЩЦ
department-bad-code = Код подразделения — латиница, цифры и «_», до 32 символов, например logo.
department-exists = Подразделение «{ $department }» уже есть.
department-created = Подразделение «{ $title }» ({ $department }) добавлено. Привяжите его чат: /bind { $department }
admin-bot-removed = Бота удалили из чата «{ $title }». Привязка к «{ $department }» отключена — задачи подразделения сейчас некуда отправлять. Привяжите новый чат: /bind { $department_id }
admin-chat-unreachable = Чат «{ $title }» ({ $department }) недоступен: { $reason }. Привязка отключена.
admin-user-unreachable = { $name } ({ $role }) заблокировал(а) бота — сообщения этому сотруднику не доставляются.
manager-client-unreachable = Клиент { $name } заблокировал бота — сообщения ему не доставляются.
department-ask-code = Код нового подразделения (латиница, например logo):
department-ask-title = Название подразделения «{ $department }» (как его видят сотрудники):
