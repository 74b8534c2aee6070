# Claims (претензии)
cmd-claim = Претензия
cmd-claims = Открытые претензии
claim-menu-word = Претензия
claim-status-registered = зарегистрирована
claim-status-in_work = в работе
claim-status-satisfied = удовлетворена
claim-status-partly_satisfied = удовлетворена частично
claim-status-rejected = отклонена
claim-status-closed = закрыта
claim-remedy-replacement = замена
claim-remedy-refund = возврат денег
claim-remedy-repair = ремонт
claim-remedy-logo_redo = повторное нанесение
claim-remedy-send_missing = досылка недостающего
claim-remedy-discount = скидка
claim-remedy-exchange = обмен
claim-culprit-supplier = поставщик
claim-channel-telegram = Telegram
claim-channel-call = звонок
claim-channel-email = e-mail
claim-channel-visit = визит
claim-channel-messenger = мессенджер
claim-event-registered = зарегистрирована ({ $text })
claim-event-accepted = принята в работу
claim-event-question = вопрос клиенту: { $text }
claim-event-answer = ответ клиента: { $text }
claim-event-decided = решение: { $text }
claim-event-closed = закрыта
claim-event-rated = оценка клиента: { $text }
claim-event-rating_comment = отзыв клиента: { $text }

claim-pick-target = О чём претензия? Выберите заявку или «Другое».
claim-pick-target-no-orders = Заявок от вас пока нет. Претензия о чём-то другом — нажмите «Другое».
claim-button-other = Другое
claim-order-line = №{ $number } от { $date } — { $status }
claim-pick-kind = Что случилось?
claim-ask-description = Опишите, что не так: какие изделия, сколько, в чём проблема. Одним сообщением.
claim-ask-files = Приложите фото, видео или документы (можно несколько или альбомом). Когда всё отправите — нажмите «Готово». Без файлов — тоже «Готово».
claim-button-done = Готово
claim-file-added = Файлов принято: { $count }. Ещё что-то — присылайте, или «Готово».
claim-confirm =
    Проверьте претензию:
    { $target }
    Вид: { $kind }
    { $description }
    Файлов: { $files }
claim-target-order = Заявка №{ $number }
claim-target-other = Не по конкретной заявке
claim-button-confirm = ✅ Отправить претензию
claim-button-to-request = Это просто вопрос — передать менеджеру
claim-filed =
    Претензия { $number } зарегистрирована.
    Занимается: { $department }.
    Примем в работу до { $accept_by }, решение — до { $decide_by }.
    Мы сообщим вам о каждом шаге.
claim-filed-staff = Претензия { $number } зарегистрирована за клиентом «{ $client }»: { $department }.
claim-turned-to-request = Передали ваш вопрос менеджеру как обычное обращение.
claim-description-empty = Опишите претензию словами — хотя бы несколько слов.
claim-description-too-long = Слишком длинное описание: не больше { $limit } символов.
claim-comment-empty = Напишите комментарий текстом.
claim-comment-too-long = Слишком длинный текст: не больше { $limit } символов.
claim-file-too-big = Файл больше { $limit } МБ — бот не сможет его передать. Пришлите файл поменьше или отправьте его менеджеру почтой.
claim-too-many-files = Не больше { $limit } файлов в одной претензии. Остальные можно прислать позже, ответом на вопрос.
claim-files-expected = Пришлите фото, видео или документ — или нажмите «Готово».
claim-bad-kind = Такого вида претензии нет.
claim-bad-remedy = Выберите, как удовлетворяем претензию.
claim-bad-culprit = Выберите виновника.
claim-bad-channel = Выберите, как клиент обратился.
claim-bad-rating = Оценка — от 1 до 5.
claim-no-client = Сначала выберите клиента.
claim-order-not-found = Такой заявки у вас нет.
claim-order-cancelled = Заявка №{ $number } отменена — претензию по ней подать нельзя. Выберите другую заявку или «Другое».
claim-not-found = Претензия не найдена.
claim-not-yours = Эта претензия не в вашем ведении.
claim-not-registered = Претензия уже принята в работу.
claim-not-open = Претензия уже решена.
claim-not-decided = Сначала примите решение по претензии.
claim-not-closed = Оценить можно после закрытия претензии.
claim-rated-already = Вы уже оценили решение ({ $rating }). Спасибо!
claim-rate-client-only = Оценку ставит клиент.
claim-closed-already = Претензия { $number } уже закрыта.
claim-answer-empty = Напишите ответ или приложите файл.
claim-dialogue-expired = Диалог устарел. Начните заново: /claim

claim-card =
    📣 Претензия { $number }
    Клиент: { $client }
    { $target }
    Вид: { $kind } · { $department }
    Статус: { $status }
    Обращение: { $channel }
    { $description }
claim-card-files = 📎 Файлов: { $files } (наборов: { $sets })
claim-card-question = ❓ Вопрос клиенту: { $question }
claim-card-decision = Решение: { $resolution }{ $remedy }. { $comment }
claim-card-culprit = Виновник: { $culprit }
claim-card-rating = Оценка клиента: { $rating } из 5
claim-card-history = История:
claim-button-accept = Принять в работу
claim-button-ask = Запросить у клиента
claim-button-decide = Решение
claim-button-close = Закрыть
claim-button-open = { $number } · { $client }
claim-pick-resolution = Решение по претензии { $number }:
claim-pick-remedy = Как удовлетворяем претензию { $number }?
claim-pick-culprit = Кто виноват (претензия { $number })?
claim-ask-question = Какой вопрос задать клиенту по претензии { $number }? Напишите его — перешлю клиенту.
claim-ask-comment = Комментарий к решению по претензии { $number }:
claim-accepted = Претензия { $number } принята в работу.
claim-asked = Вопрос по претензии { $number } отправлен клиенту.
claim-decided = Решение по претензии { $number } записано.
claim-closed = Претензия { $number } закрыта.
claim-attachment = 📎 { $number }, набор { $set }{ $name }

claim-client-registered = Мы зарегистрировали вашу претензию { $number }. Занимается: { $department }. Примем в работу до { $accept_by }.
claim-client-accepted = Вашу претензию { $number } взяли в работу: { $department }.
claim-client-question =
    По вашей претензии { $number } у нас вопрос:
    { $question }
    Ответьте, пожалуйста, на это сообщение (свайп влево или «Ответить»). Можно приложить фото.
claim-client-question-reminder = Напоминаем: по претензии { $number } мы ждём ваш ответ на вопрос: { $question }
claim-client-decided-satisfied = Претензия { $number } удовлетворена: { $remedy }. { $comment }
claim-client-decided-partly_satisfied = Претензия { $number } удовлетворена частично: { $remedy }. { $comment }
claim-client-decided-rejected = К сожалению, претензию { $number } мы отклонили. { $comment }
claim-client-closed = Претензия { $number } закрыта. Оцените, пожалуйста, как мы её решили:
claim-client-answer-taken = Спасибо, ответ по претензии { $number } передан.
claim-client-rated = Спасибо за оценку! Если хотите, напишите пару слов о том, как мы решили претензию (или /cancel).
claim-client-rating-comment-saved = Спасибо, отзыв записан.
claim-client-unreachable =
    ⚠️ Клиент «{ $client }» недоступен в боте (заблокировал или не подключён). Передайте ему сами по претензии { $number }:
    { $text }

claim-my-header = 📋 { $client }
claim-my-orders = Заявки:
claim-my-no-orders = Заявок пока нет.
claim-my-order = №{ $number } от { $date } — { $status }
claim-my-claims = Претензии:
claim-my-no-claims = Претензий нет. Подать: /claim
claim-my-claim = { $number } от { $date } — { $status }
claim-list-header = Открытые претензии ({ $count }):
claim-list-empty = Открытых претензий нет.
claim-list-line = { $overdue }{ $number } · { $client } · { $department } · { $status } · { $age } дн.{ $waiting }
claim-list-overdue = 🔴
claim-list-waiting = · ждём клиента

claim-staff-pick-client = Для кого претензия? Напишите название клиента, ИНН или телефон.
claim-staff-pick-channel = Как клиент обратился?
claim-staff-no-client = Не нашёл клиента. Попробуйте иначе (название, ИНН, телефон).

reminder-claim-not-accepted = ⏰ Претензию { $number } (клиент «{ $client }», { $department }) не приняли в работу в срок.
reminder-claim-not-decided = ⏰ По претензии { $number } (клиент «{ $client }», { $department }) нет решения в срок.
reminder-claim-unanswered = ⏰ Клиент «{ $client }» не ответил на вопрос по претензии { $number }: { $question }. Позвоните ему.
policy-claims-accept_escalate = Претензии: не приняли в работу — руководителю
policy-claims-decide_escalate = Претензии: нет решения — руководителю
policy-claims-answer_reminder = Претензии: клиент не ответил на вопрос — клиенту
policy-claims-answer_escalate = Претензии: клиент не ответил — менеджеру
form-claim = претензия
claim-kind-defect = брак
claim-kind-mis_sort = пересорт
claim-kind-short_delivery = недовложение
claim-kind-wrong_size = не тот размер
claim-kind-size_fit = маломерит/большемерит
claim-kind-late_delivery = задержка доставки
claim-kind-logo = нанесение логотипа
claim-kind-other = другое
claim-ask-question-instead = Напишите ваш вопрос одним сообщением — передам менеджеру.
