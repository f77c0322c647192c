"""English for the committees' public pages (the committees, a meeting, minutes and materials by year, 傍聴
applications) and the public school and outreach request form, with the labels and messages they show (see
locale/apply.py). Committee names, venues, members' names and theme names are data and stay Japanese."""

TR = {
    # committees: pages
    "運営委員会・進行管理委員会": "Steering committee and plan progress committee",
    "センターの事業計画や地域福祉活動計画の進み具合は、委員会で協議・点検しています。": (
        "The committees discuss and review the center's business plan and the progress of the community welfare"
        " activity plan."
    ),
    "この委員会は傍聴できます（申込制・定員あり）。": (
        "Members of the public can observe this committee's meetings (apply in advance; seats are limited)."
    ),
    "委員会の一覧に戻る": "Back to the committees",
    "開催": "Meetings",
    "委員": "Members",
    "委員の一覧": "List of members",
    "役職": "Position",
    "所属・選出団体": "Organisation",
    "いま任期中の委員はいません。": "No members are serving at the moment.",
    "%(fy_label)sの開催予定": "Meetings in %(fy_label)s",
    "この会議の傍聴を申し込む": "Apply to observe this meeting",
    "この年度の予定はまだありません。": "No meetings are planned for this year yet.",
    "議事録と資料（年度別）": "Minutes and materials (by year)",
    "%(name)sに戻る": "Back to %(name)s",
    "%(date)sの会議": "Meeting on %(date)s",
    "傍聴を申し込む": "Apply to observe",
    "傍聴席：残り%(free)s席（定員%(limit)s席）": "Seats for observers: %(free)s left (of %(limit)s)",
    "議事録": "Minutes",
    "%(day)s公開": "Published on %(day)s",
    "議事録は承認されたあとに公開します。": "The minutes are published once they have been approved.",
    "委員のページへ": "To the members' page",
    "議事録と資料": "Minutes and materials",
    "%(fy_label)sの議事録と資料": "Minutes and materials, %(fy_label)s",
    "議事録を読む": "Read the minutes",
    "議事録はまだ公開していません。": "The minutes have not been published yet.",
    "この年度に開催した会議はまだありません。": "No meetings have been held this year yet.",
    "傍聴の申込": "Apply to observe a meeting",
    "会議のページに戻る": "Back to the meeting",
    "傍聴席は残り%(free)s席です（定員%(limit)s席）。申込の締切は%(until)sです。": (
        "%(free)s seats for observers are left (of %(limit)s). Applications close on %(until)s."
    ),
    "傍聴の申込を受け付けました": "Your application to observe has been received",
    "受付番号": "Reference number",
    "確認のメールをお送りしました。当日は受付で受付番号をお伝えください。": (
        "We have sent you a confirmation email. On the day, please tell the reception your reference number."
    ),
    "当日は受付でこの受付番号をお伝えください。メモをするか、この画面を印刷してお持ちください。": (
        "On the day, please tell the reception this reference number. Write it down or print this page and"
        " bring it with you."
    ),
    "議題": "Agenda",
    "決まりしだいお知らせします。": "To be announced.",
    "資料": "Materials",
    "委員・職員のみ": "Members and staff only",
    "委員のページ": "Members' page",
    # committees: the observation form, its messages and the members' roles
    "お持ちの方は確認のメールをお送りします。": "If you have one, we will send you a confirmation email.",
    "メールアドレスがない方は電話番号を入力してください。": "If you have no email address, please enter a phone number.",
    "メールアドレスか電話番号のどちらかを入力してください。": "Please enter an email address or a phone number.",
    "この会議は傍聴を受け付けていません。": "This meeting is not open to observers.",
    "この会議は中止になりました。": "This meeting has been cancelled.",
    "傍聴の申込は締め切りました。": "Applications to observe this meeting have closed.",
    "傍聴席は満席になりました。": "All seats for observers are taken.",
    "傍聴席の残りは%(free)s席です。人数を減らしてください。": (
        "Only %(free)s seats for observers are left. Please reduce the number of people."
    ),
    "委員長": "Chair",
    "副委員長": "Vice-chair",
    "委員会": "Committee",
    "開催日": "Date",
    # the school and outreach request form
    "学校の授業・出張講座のご依頼": "Request a school lesson or outreach course",
    "小学校・中学校の総合的な学習の時間などに、車いす・手話・点字などの体験や講演の講師として、登録ボランティアや団体をご紹介します。 地域の団体・自治会などへの出張講座もお受けします。ご希望の日時を3つまで入力してください。講師と調整のうえ、センターからご連絡します。": (
        "For elementary and junior high schools' integrated studies and similar lessons, we introduce registered"
        " volunteers and groups as lecturers for hands-on experiences such as wheelchairs, sign language and"
        " braille, or for talks. We also take outreach courses for local organisations and neighbourhood"
        " associations. Please enter up to three preferred dates and times. The center will contact you once"
        " the lecturers are arranged."
    ),
    "お受けしているテーマ": "Themes we offer",
    "依頼を送る": "Send the request",
    "お電話でもお受けします。": "You can also make a request by phone.",
    "ご依頼を受け付けました": "Your request has been received",
    "ありがとうございます。講師との調整がつきしだい、センターから日時をご連絡します。メールアドレスを入力された方には、受付のメールをお送りしました。": (
        "Thank you. The center will let you know the date and time once the lecturers are arranged. If you"
        " entered an email address, we have sent you an acknowledgement."
    ),
    "トップに戻る": "Back to the top page",
    "依頼の種類": "Type of request",
    "学校の授業（総合的な学習の時間など）": "A school lesson (integrated studies and similar)",
    "出張講座（学校以外の団体・地域）": "An outreach course (organisations and communities other than schools)",
    "学校名・団体名": "School or organisation",
    "学年・対象": "Grade or audience",
    "人数（児童・生徒・参加者）": "Number of people (pupils, students or participants)",
    "テーマ": "Theme",
    "内容のご希望": "What you would like",
    "ご担当の先生・担当者": "Teacher or contact person",
    "第1希望日": "First choice: date",
    "第1希望の開始時刻": "First choice: start time",
    "第1希望の終了時刻": "First choice: end time",
    "第2希望日": "Second choice: date",
    "第2希望の開始時刻": "Second choice: start time",
    "第2希望の終了時刻": "Second choice: end time",
    "第3希望日": "Third choice: date",
    "第3希望の開始時刻": "Third choice: start time",
    "第3希望の終了時刻": "Third choice: end time",
    "日付が正しくありません。": "The date is not valid.",
    "希望日の開始時刻と終了時刻を入力してください。": "Please enter the start and end time for this date.",
    "時刻を入れた希望には日付も入力してください。": "Please enter a date for the times you entered.",
    "依頼を受け付けました。": "The request has been received.",
    "受付": "Received",
    "調整中": "Arranging",
    "決定": "Confirmed",
    "実施済": "Held",
}
