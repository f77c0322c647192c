"""English for the volunteer and group registration forms and their confirmation pages (see locale/apply.py)."""

TR = {
    "年度": "Fiscal year",
    "備考": "Notes",
    "状態": "Status",
    "ボランティア": "Volunteer",
    "オンライン": "Online",
    "団体の登録（ボランティアグループ・市民活動団体）": "Register a group (volunteer group or civic group)",
    "団体の登録は年度ごとです。センターの職員が内容を確かめて承認すると、代表者のマイページのご案内をお送りします。 登録した団体は、部屋・ロッカー・機材を利用できます。すでに登録している団体の更新は、代表者のマイページからどうぞ。": "Groups register for each fiscal year. When staff have checked and approved the application, we send the representative the details of their my page. Registered groups can use the rooms, lockers and equipment. Groups already registered renew from the representative's my page.",
    "個人情報の取扱いについて": "How we handle personal information",
    "版：%(policy_version)s": "Version: %(policy_version)s",
    "登録を申し込む": "Apply to register",
    "団体登録のお申込みを受け付けました": "We have received your group's application",
    "センターの職員が内容を確かめたあと、登録の完了と代表者のマイページのご案内をお送りします。": "After staff have checked it, we will tell you that the registration is complete and send the details of the representative's my page.",
    "生年月日": "Date of birth",
    "代表者氏名": "Representative's name",
    "連絡担当者氏名": "Contact person's name",
    "会員数": "Number of members",
    "団体の紹介（公開）": "About the group (public)",
    "性別": "Gender",
    "市内": "In the city",
    "市外": "Outside the city",
    "関心のある活動分野": "Fields you are interested in",
    "特技・資格": "Skills and qualifications",
    "活動できる曜日・時間帯": "Days and times you can be active",
    "申請時の会員数": "Members when applying",
    "退会": "Withdrawn",
    "下の項目を入力して「登録を申し込む」を押してください。センターの職員が内容を確かめてから登録が完了し、マイページのご案内をメールでお送りします。 メールアドレスをお持ちでない方は、お電話か窓口でお申込みください。": "Fill in the form below and press “Apply to register”. Your registration is complete when staff have checked it, and we will email you the details of your my page. If you have no email address, please apply by phone or at the counter.",
    "「*」の付いた項目は必ず入力してください。": "Fields marked “*” are required.",
    "別のページで読む": "Read on a separate page",
    "お申込みを受け付けました": "We have received your application",
    "以前のお申込みを受け付けています": "We already have your earlier application",
    "同じお名前と生年月日（またはメールアドレス・電話番号）で、すでにお申込みをいただいています。新しいお申込みは作っていませんので、重ねてのお申込みは不要です。": "We already have an application with the same name and date of birth (or email address or phone number). No new application was made, so there is no need to apply again.",
    "登録内容を変えたいときや、ご案内が届かないときは、お手数ですがセンター（電話 042-466-3070、月曜日〜土曜日 8時30分〜17時）へお電話ください。": "To change your details, or if you have not heard from us, please call the center (042-466-3070, Monday to Saturday 8:30–17:00).",
    "ボランティア登録のお申込みありがとうございます。センターの職員が内容を確かめたあと、登録の完了とマイページへのログインのご案内をお送りします（メールアドレスのない方には郵便でお送りします）。 数日たってもご連絡がないときは、お電話でお問合せください。": "Thank you for applying to register as a volunteer. After staff have checked your application, we will tell you that your registration is complete and how to log in to your my page (by post if you have no email address). If you have not heard from us within a few days, please call us.",
    "センターを知ったきっかけ": "How you heard about the center",
    "市内・市外": "In or outside the city",
    "カタカナまたはひらがなで。例：ニシトウキョウヒバリノカイ": "In katakana or hiragana. For example: ニシトウキョウヒバリノカイ",
    "例：042-466-3070": "For example: 042-466-3070",
    "例：188-0011": "For example: 188-0011",
    "例：西東京市内、田無駅周辺": "For example: Nishitokyo City, near Tanashi Station",
    "例：毎週水曜日 午後": "For example: Wednesday afternoons",
    "団体紹介のページに載せる文章です。個人の連絡先は書かないでください。": "This text appears on the group directory. Please do not include personal contact details.",
    "団体名・活動分野・活動地域・活動場所・活動日・紹介文を公開します（個人情報は載せません）。": "We publish the group's name, fields, area, place, activity days and description (no personal information).",
    "会員数は1人以上で入力してください。": "The number of members must be 1 or more.",
    "「個人情報の取扱いについて」を読み、同意します": "I have read “How we handle personal information” and agree",
    "登録には個人情報の取扱いへの同意が必要です。": "You need to agree to how we handle personal information to register.",
    "登録が完了したら、代表者のマイページのご案内をお送りします。": "When the registration is complete, we will send the details of the representative's my page.",
    "例：1955-06-01、1955/6/1、昭和30年6月1日": "For example: 1955-06-01, 1955/6/1 or 昭和30年6月1日",
    "生年月日は 1955-06-01 か 昭和30年6月1日 の形で入力してください。": "Please enter the date of birth as 1955-06-01 or 昭和30年6月1日.",
    "姓と名の間は空けてください。例：西東京 花子": "Leave a space between family name and given name. For example: 西東京 花子",
    "カタカナまたはひらがなで。例：ニシトウキョウ ハナコ": "In katakana or hiragana. For example: ニシトウキョウ ハナコ",
    "例：西東京市田無町5-5-12": "For example: 西東京市田無町5-5-12",
    "生年月日が正しくありません。": "The date of birth is not valid.",
    "電話番号かメールアドレスのどちらかを入力してください。": "Please enter a phone number or an email address.",
    "登録が完了したら、ログインのご案内をメールでお送りします。お持ちでない方は空欄にしてください（ご案内を郵便でお送りします）。": "When your registration is complete, we will email you how to log in. If you have no email address, leave this empty (we will send it by post).",
    "ご本人の同意を確認してください。": "Please confirm the person's consent.",
    "お持ちでない方は空欄で。お知らせは電話・郵送の一覧に載ります。": "Leave empty if you have none; we will contact you by phone or post.",
    "団体名（フリガナ）": "Group name (reading)",
    "連絡先電話番号": "Contact phone number",
    "連絡先メールアドレス": "Contact email address",
    "連絡先郵便番号": "Contact postal code",
    "連絡先住所": "Contact address",
    "団体紹介に掲載する": "List the group in the directory",
    "申請中": "Applied",
    "登録済": "Registered",
    "不承認": "Not approved",
    "女性": "Female",
    "男性": "Male",
    "回答しない": "Prefer not to say",
    "ぼらんてぃあ倶楽部（情報誌）": "Volunteer Club (newsletter)",
    "ホームページ": "Website",
    "市報・社協だより": "City or council bulletin",
    "知人・家族から": "Friends or family",
    "学校・職場": "School or work",
    "仮登録": "Provisional",
    "休止": "Paused",
    "窓口（代理入力）": "At the counter (entered by staff)",
    "市内在住": "Lives in the city",
    "住所から自動で判定します。": "Worked out from the address.",
    "活動できる日時の補足": "More about when you can be active",
    "{day}曜{period}": "{day} {period}",
    "午前": "morning",
    "午後": "afternoon",
    "夜間": "evening",
    "住所検索": "Find address",
    "その他": "Other",
}

# The honeypot field of public forms (config/core/public_forms.py): hidden from people, read by screen readers only
# if they reach it.
TR.update({"この欄は空のままにしてください": "Leave this field empty"})

# The privacy policy, version 2026年4月版 (templates/core/privacy/2026-04.html). The Japanese text is the one people
# agree to; this is its English rendering.
TR.update(
    {
        "1. 集める情報と使い道": "1. What we collect and what we use it for",
        "社会福祉法人 西東京市社会福祉協議会（以下「本会」）の西東京ボランティア・市民活動センターは、登録の際にお預かりする氏名・生年月日・住所・電話番号・メールアドレス・活動の希望などを、ボランティア活動の紹介・連絡、ボランティア保険の手続き、講座やイベントのご案内、活動状況の集計（個人が特定されない形）のためにだけ使います。": (
            "The Nishitokyo Volunteer and Civic Activity Center of the Nishitokyo City Council of Social Welfare "
            "(“the Council”) uses the name, date of birth, address, phone number, email address, activity wishes and "
            "other details you give when registering only to introduce and contact you about volunteering, to arrange "
            "volunteer insurance, to tell you about courses and events, and to count activities in a form that does "
            "not identify anyone."
        ),
        "2. 第三者への提供": "2. Giving information to others",
        "ご本人の同意なく第三者に提供しません。ただし、活動先へのご紹介の際には、必要な範囲（氏名・連絡先）をお伝えします。法令に基づく場合を除きます。": (
            "We do not give your information to anyone else without your consent, except as the law requires. When "
            "we introduce you to a place to volunteer, we tell them what they need (your name and contact details)."
        ),
        "3. 管理": "3. How we keep it",
        "情報は本会の職員だけが見られる仕組みで管理し、変更の記録を残します。団体紹介のページには、団体が掲載に同意した団体名・活動内容だけを載せ、個人の連絡先は載せません。": (
            "Only the Council's staff can see the information, and every change is recorded. The group directory "
            "shows only the names and activities groups agreed to publish, never personal contact details."
        ),
        "4. 確認・訂正・退会": "4. Checking, correcting and withdrawing",
        "ご自分の登録内容はマイページでいつでも確認・訂正でき、退会もできます。電話や窓口でも承ります。": (
            "You can check and correct your details on your my page at any time, and withdraw there. You can also "
            "do this by phone or at the counter."
        ),
    }
)
