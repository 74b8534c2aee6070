## /start, invitations, staff
welcome-back = С возвращением, { $name }! Ваша роль: { $role }. Что я умею — /help.
registered = Добро пожаловать, { $name }! Вы зарегистрированы, роль: { $role }{ $department ->
        [none] {""}
       *[other] , подразделение: { $department }
    }.
    Что вы можете делать — /help.
inviter-told-registered = { $name } принял(а) приглашение и зарегистрирован(а) как { $role }.
invite-used = Это приглашение уже использовано. Попросите новое у руководителя.
invite-expired = Срок действия приглашения истёк. Попросите новое у руководителя.
invite-revoked = Приглашение отозвано: у пригласившего больше нет доступа. Попросите новое у руководителя.
invite-unknown = Такого кода приглашения нет. Проверьте ссылку или попросите новую у руководителя.
invite-already-registered = Вы уже зарегистрированы (роль: { $role }). Приглашение не понадобилось и осталось действительным.
invite-usage = Формат: /invite <роль> [подразделение]
    Роли, которые вы можете выдать: { $roles }
invite-unknown-role = Роли «{ $role }» нет. Можно выдать: { $roles }
invite-role-not-grantable = Вы не можете выдавать роль «{ $role }». Можно выдать: { $roles }
invite-unknown-department = Подразделения «{ $department }» нет. Есть: { $departments }
invite-created =
    Приглашение для роли «{ $role }»{ $department ->
        [none] {""}
       *[other] , подразделение «{ $department }»
    } готово. Действует 72 часа, до { $expires }, одноразовое.
    Ссылка: { $link }
    Или код для команды: /start { $code }
staff-title = Сотрудники ({ $count }):
staff-line = { $active ->
        [yes] {""}
       *[no] 🚫 
    }{ $name } — { $role }{ $department ->
        [none] {""}
       *[other] , { $department }
    }
staff-empty = Сотрудников пока нет.
staff-pick-role = Новая роль для { $name }:
staff-role-changed = { $name }: роль изменена на «{ $role }».
staff-deactivated = { $name } отключён(а) от бота.
staff-deactivate-self = Нельзя отключить самого себя.
staff-button-role = Роль: { $name }
staff-button-deactivate = Отключить: { $name }
user-role-changed = Ваша роль изменена: { $role }. Что теперь доступно — /help.
user-deactivated = Ваш доступ к боту отключён.
staff-not-found = Сотрудник не найден.

## /help per role
help-header = Что вы можете делать ({ $role }):
help-stranger =
    Я рабочий бот компании. Чтобы начать, нужен код приглашения от руководителя: /start <код>.
help-group =
    Команды в группе:
    /bind <подразделение> — привязать этот чат (или тему) к подразделению (админ)
    /unbind — отвязать
    /chats — привязки чатов
cmd-start = начало работы, приглашение
cmd-help = что умеет бот
cmd-cancel = выйти из диалога
cmd-invite = пригласить сотрудника
cmd-staff = сотрудники и роли
cmd-bind = привязать чат к подразделению
cmd-unbind = отвязать чат
cmd-chats = привязанные чаты
cmd-department = добавить подразделение
cmd-outbox = очередь исходящих
