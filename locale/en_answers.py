"""English for the answers the services give to residents' forms (a room booking over the limits, an annual
application outside its period, an insurance or event application that cannot be taken): on English pages the
form shows them in English. Staff-only answers (payments, keys, running the allocation) stay Japanese."""

TR = {
    # rooms
    "予約は1日の中で開始と終了を選んでください。": "Please choose a start and an end on the same day.",
    "この曜日はこの部屋を貸し出していません。": "This room is not available on this day of the week.",
    "この部屋の利用時間は%(opens)s〜%(closes)sです。": "This room can be used from %(opens)s to %(closes)s.",
    "過去の日時は予約できません。": "You cannot book a time in the past.",
    "予約できるのは%(days)s日先までです。": "You can book up to %(days)s days ahead.",
    "1回に予約できるのは%(hours)s時間までです。": "One booking can last up to %(hours)s hours.",
    "この拠点で1か月に予約できるのは%(count)s件までです。": "You can make up to %(count)s bookings a month at this site.",
    "この拠点で1か月に予約できるのは合計%(hours)s時間までです（この月は%(used)s時間予約済み）。": "You can book up to %(hours)s hours a month in total at this site (%(used)s hours already booked this month).",
    "この部屋は現在貸し出していません。": "This room is not available at the moment.",
    "この予約はすでに取り消されています。": "This booking has already been cancelled.",
    # the annual application
    "受付は%(date)sから始まります。": "Applications open on %(date)s.",
    "受付は締め切りました（受付期間：%(o)s〜%(c)s）。": "Applications have closed (the period was %(o)s to %(c)s).",
    "団体登録が済んでいないため申請できません。": "The group is not registered, so it cannot apply.",
    "申請できるのは1団体%(n)s件までです。": "Each group can make up to %(n)s applications.",
    "この拠点の部屋を選んでください。": "Please choose a room at this site.",
    "この団体はすでにロッカーを申請しています。": "This group has already applied for a locker.",
    "受付はすでに締め切られています。": "Applications have already closed.",
    # insurance
    "%(year)sの商品はまだありません。": "There are no plans for %(year)s yet.",
    "プランは一覧から選んでください。": "Please choose a plan from the list.",
    "%(year)sの申込はいま受け付けていません。": "Applications for %(year)s are not being accepted now.",
    "退会した方は加入できません。": "People who have withdrawn cannot enrol.",
    "マイページからの申込は、登録が済んだボランティアの方が対象です。": "Applying on the my page is for registered volunteers.",
    "登録ボランティアでない方は、氏名・フリガナ・生年月日を入力してください。": "For people who are not registered volunteers, please enter the name, the name in katakana and the date of birth.",
    "名簿に1人以上入力してください。": "Please enter at least one person on the list.",
    "一度に申込できるのは%(n)s人までです。": "You can apply for up to %(n)s people at a time.",
    "名簿の中に、同時に別の申込があった方がいます。もう一度お試しください。": "Someone on the list was applied for at the same moment by another application. Please try again.",
    "いま更新できる加入はありません。": "There is no cover you can renew now.",
    "行事の日付が過ぎています。これからの行事を入力してください。": "The event's date has passed. Please enter a coming event.",
    "行事の日付は%(year)sです。%(year)sの保険の種類を選んでください。": "The event falls in %(year)s. Please choose an insurance type of %(year)s.",
    "行事保険の申込は行事の%(n)s日前（この行事は%(day)s）までです。センターへご相談ください。": "Event insurance must be applied for %(n)s days before the event (for this event, by %(day)s). Please talk to the center.",
    "参加予定人数は1人以上で入力してください。": "Please enter at least 1 expected participant.",
    # events and courses
    "この講座・イベントは中止になりました。": "This course or event has been cancelled.",
    "この講座・イベントは申込を受け付けていません。": "This course or event is not taking applications.",
    "申込は%(day)sからです。": "Applications open on %(day)s.",
    "申込の受付は終了しました。": "Applications have closed.",
    "この講座・イベントは登録団体が申し込めます。": "Registered groups can apply for this course or event.",
    "人数は1〜20人で入力してください。": "Please enter 1 to 20 people.",
    "連絡先（メールアドレスか電話番号）を入力してください。": "Please enter a contact (an email address or a phone number).",
    "この講座・イベントにはすでに申し込んでいます。": "You have already applied for this course or event.",
    "この申込はすでに取り消されています。": "This application has already been cancelled.",
    "開始後は取り消せません。センターにご連絡ください。": "It cannot be cancelled after it has started. Please contact the center.",
}
