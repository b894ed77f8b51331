"""Held-out fragments: written before any rule was tuned, and never tuned on.

Everything here is separate from `source_tune.py`: other everyday sentences, other risky
passages, other tricky safe ones. See build.py for the markup.
"""

SHY = "\u00ad"  # a soft hyphen, as pasted from a word processor
ZW = "\u200b"  # a zero-width space

POOL = {
    "greetings": {
        "ru": [
            "Здравствуйте, Ольга!",
            "Привет, Дима!",
            "Добрый день, Сергей Петрович!",
            "Дорогая Катя, здравствуй!",
            "Здравствуй, Миша! Пишет тебе Аня из вечера писем.",
        ],
        "en": [
            "Dear Olga,",
            "Hello Dmitry!",
            "Hi Katya,",
            "Dear Sergei, greetings from a rainy evening of letters.",
        ],
        "uk": ["Привіт, Олено!", "Доброго дня, Андрію!", "Дорога Марто, вітаю!"],
    },
    "closings": {
        "ru": [
            "Обнимаю, пиши, если будет время и силы. Аня",
            "Береги себя! С теплом, Лена из Казани.",
            "Жду ответа, если захочется. Твой друг по переписке Костя.",
            "Тепла тебе и терпения. Марина",
        ],
        "en": [
            "Warm hugs, Tom",
            "Take care of yourself. With love, Sarah",
            "Write back if you feel like it. Best wishes, Jonas",
        ],
        "uk": ["Обіймаю, Оксана", "Бережи себе! Тарас"],
    },
    "fillers": {
        "ru": [
            "У нас наконец выпал первый снег, и двор стал совсем другим.",
            "Я начала учиться печь хлеб на закваске, пока получается кирпич, но вкусный.",
            "Вчера весь вечер разбирали с сыном пазл на тысячу деталей.",
            "На работе сейчас спокойно, много читаю в обеденный перерыв.",
            "Купила себе новые краски и рисую по вечерам акварелью облака.",
            "Наша собака научилась открывать холодильник, теперь мы его подпираем стулом.",
            "В парке возле дома поставили новые скамейки, гуляю там каждое утро.",
            "Недавно перечитала Паустовского, удивительно тёплый язык.",
            "Мама передаёт тебе привет и рецепт своих сырников.",
            "Посадила на подоконнике базилик и укроп, ждём урожая.",
            "Соседка угостила нас вареньем из крыжовника, вкус детства.",
            "Ездили на выходных на озеро, вода уже холодная, но красиво.",
            "Смотрю сейчас старые советские комедии, «Иван Васильевич» всё так же смешной.",
            "Мне очень интересно, что ты сейчас читаешь и что тебе нравится.",
            "Расскажи, пожалуйста, как ты, если захочешь.",
        ],
        "en": [
            "Autumn is here and the trees on my street have turned bright orange.",
            "I have been learning to knit, so far I have made one very long scarf.",
            "My daughter started school this year and already has a best friend.",
            "Last weekend we walked along the river and fed the ducks.",
            "I am reading a novel by Ursula Le Guin and I think you would like it.",
            "Our neighbour's dog had puppies, six of them, all black and white.",
            "I baked an apple pie on Sunday and the whole flat smelled of cinnamon.",
            "At work we are busy with a new project, but I like the people.",
            "I would love to hear what books you enjoy.",
            "The days are getting shorter and I drink a lot of tea in the evenings.",
            "My grandmother turned ninety and danced at her party.",
            "We are thinking of you and hope the days pass a little easier.",
        ],
        "uk": [
            "У нас уже зовсім осінь, листя жовте і червоне.",
            "Я вчуся малювати олівцем, поки що виходять тільки коти.",
            "Мама спекла пиріг з яблуками, дуже смачний.",
            "Вчора гуляли в парку, бачили білку.",
            "Читаю зараз Лесю Українку, дуже красиво.",
            "Дуже хочу знати, як ти і що читаєш.",
        ],
    },
    "risky": {
        "ru": [
            "Все только и говорят про [[то, что началось в феврале двадцать второго|war|euphemism]].",
            "Мой двоюродный брат теперь [[служит по контракту где-то под Херсоном|war|implicit]].",
            "[[Нет в0йне|war|misspelling]], как говорится, и всё тут.",
            "У соседа на машине [[наклейка Z|z_symbols|plain]], даже смотреть неприятно.",
            "Опять весь вечер по телевизору [[бункерный дед|authorities|nickname]] вещал про величие.",
            "[[Пыня|authorities|nickname]] снова выступал с посланием, три часа ни о чём.",
            "Дороги так и не сделали, наш [[губернатор — полный идиот|authorities|plain]].",
            "Как прошло [[последнее заседание|case|plain]]? [[Адвокат|case|plain]] доволен?",
            "Надеюсь, [[апелляцию|case|inflection]] всё-таки рассмотрят по-честному.",
            "Слышала, что [[свидетель обвинения от своих показаний отказался|case|implicit]], это же здорово!",
            "Мы с ребятами стояли [[в одиночном пикете у Гостиного двора|protest|plain]].",
            "Я уверена, [[Наваальный|protest|repeated_letters]] бы тобой гордился.",
            "Ты слышал, что [[Алексей Горинов|other_prisoners|names]] опять [[в ШИЗО|prison|plain]]?",
            "[[Как у вас кормят|prison|plain]]? [[Не бьют|prison|plain]]?",
            "Я теперь тоже [[релокантка|sanctions_emigration|inflection]], снимаю комнату с видом на горы.",
            "Моя сестра [[вышла замуж за свою девушку|lgbt|implicit]], была очень красивая свадьба.",
            "Всё это, конечно, [[п***ц|swearing|masking]], но мы держимся.",
            "Погода у нас — [[х@рня|swearing|masking]] полная, третью неделю дождь.",
            "Номер Лены, если понадобится: [[8 916 555 12 34|third_party|numbers]].",
            "Перевела тебе немного на карту [[4276 3800 1234 5678|money|numbers]], проверь.",
            "Обещаю, [[как только выйдешь, сразу возьму тебя к себе на работу|promises|plain]]!",
            "Все устали от [[мо" + SHY + "билизации|war|soft_hyphen]], в городе почти нет мужчин.",
            "По новостям опять [[мобили-\nзация|war|hyphenation]], у нас в районе раздавали бумажки.",
            "Видела [[Пyтинa|authorities|lookalike]] по телевизору, постарел.",
            "Ты же [[по ст. 207.3|case|numbers]] проходишь? Это же ерунда какая-то.",
            "Все ждут, когда закончится [[війна|war|ukrainian_spelling]].",
            "[[Не сдавайся, мы ещё выйдем на улицы и всё изменим|extremism|implicit]]!",
            "Передай Д., что [[план «Б» в силе|codes|implicit]].",
            "[[Stay strong, the whole world is with you|foreign|other_language]]!",
            "Говорят, [[на фр" + ZW + "онте|war|zero_width]] совсем тяжело.",
        ],
        "en": [
            "Everyone here is talking about [[the call-up papers|war|euphemism]] again.",
            "My cousin was [[sent to the front near Bakhmut|war|implicit]] last month.",
            "I really hope [[your appeal|case|plain]] goes well in spring.",
            "Did [[the prosecutor|case|plain]] really ask for nine years?",
            "We stood [[outside the embassy with placards|protest|implicit]] for you on Saturday.",
            "[[Vlad the Poisoner|authorities|nickname]] gave another endless speech yesterday.",
            "I [[finally left Russia|sanctions_emigration|plain]] last spring and live by the sea now.",
            "My brother and [[his husband|lgbt|implicit]] send their love.",
            "Don't give up, [[the resistance grows every day|extremism|plain]].",
            "The weather is [[f*cking|swearing|masking]] awful this week.",
            "[[Navalnyi|protest|transliteration]]'s memoir came out and everyone is reading it.",
            "You can reach my friend Anna at [[+49 151 2345 6789|third_party|numbers]].",
            "I promise [[we will get you out of there by summer|promises|plain]].",
            "[[Glory to Ukraine|ukraine|plain]]! We believe in you.",
            "Is [[Maria Ponomarenko|other_prisoners|names]] in the same colony as you?",
            "How are [[the guards treating you|prison|plain]]? Is it still cold [[in the punishment cell|prison|plain]]?",
            "People are angry about the [[inva-\nsion|war|hyphenation]], but nobody says it out loud.",
        ],
        "uk": [
            "Усі чекають, коли скінчиться [[війна|war|plain]].",
            "Мій брат зараз [[у ЗСУ|war|plain]], молимося за нього щодня.",
            "[[Слава Україні! Героям слава|ukraine|plain]]!",
            "Як пройшов [[суд|case|plain]]? Що сказав [[адвокат|case|plain]]?",
            "Я тепер [[виїхала з Росії назавжди|sanctions_emigration|plain]], живу біля моря.",
            "[[Путін|authorities|plain]] знову щось верзе по телевізору.",
        ],
        "mixed_ru": [
            "Вчера смотрели новости, [[no war|war|other_language]], как говорится.",
            "Соседка сказала: [[Слава Україні|ukraine|other_language]], я чуть не расплакалась.",
            "Нашла старый плакат [[«Миру мир»|war|plain]] на антресолях, повесила на кухне.",
        ],
        "mixed_en": [
            "My Russian is bad, but I learned [[«свобода политзаключённым»|extremism|other_language]] for you.",
            "We sang [[«Путин — вор»|authorities|other_language]] at the rally, sorry, I know I should not write it.",
        ],
    },
    "base": {"mixed_ru": "ru", "mixed_en": "en"},
    "tricky": {
        "ru": [
            "Бабушка всё лето вела борьбу с сорняками и, кажется, победила.",
            "Наш кот объявил войну пылесосу и позорно проиграл.",
            "На работе новый начальник ввёл строгий режим: обед ровно в час.",
            "Младший всё воскресенье играл в солдатиков на ковре.",
            "Мама вынесла приговор моему новому пальто: «слишком яркое».",
            "Начальник устроил мне настоящий допрос, куда я дела отчёт.",
            "Весной на даче опять фронт работ: грядки, забор, крыша.",
            "Гости единогласно проголосовали за вторую порцию пирога.",
            "Солнце, свобода от дедлайнов и мороженое — вот мой отпуск.",
            "Вечером играли в «Мафию», меня опять вычислили первой.",
            "Первым пунктом повестки собрания жильцов стоит замена лифта.",
            "Купила платье цвета хаки, сестра говорит — военный стиль.",
            "Посмотрели «Войну и мир» в новой постановке, четыре часа пролетели незаметно.",
            "Сын получил на соревнованиях судейский приз за лучшую технику.",
        ],
        "en": [
            "We had a huge pillow fight with the kids on Sunday.",
            "The cat declared war on the Christmas tree.",
            "My mum sentenced the old sofa to the tip at last.",
            "The agenda of our book club is simple: who brings the cake.",
            "The judges at the baking contest loved my lemon tart.",
            "My boss is a real tyrant about coffee breaks.",
            "We spent the whole afternoon shelling peas on the balcony.",
            "My niece really came out of her shell at school this year.",
            "We marched through the rain to the bakery and it was worth it.",
            "I finally finished reading War and Peace, all four volumes.",
        ],
        "uk": [
            "Бабуся веде справжню боротьбу з колорадськими жуками.",
            "Наш кіт оголосив війну новому пилососу.",
            "Журі на конкурсі пирогів присудило мамі перше місце.",
        ],
    },
    "plain": {"ru": 6, "en": 5, "uk": 2},
    "whole": [
        (
            "ru",
            "Privet, Sasha!\n\nPishu latinicej, u menya net russkoj klaviatury. U nas vse horosho, "
            "kot zdorov, ya mnogo gulyayu. Tut vse govoryat pro [[voinu|war|transliteration]], "
            "no ya starayus ne chitat novosti.\n\nObnimayu, Lena",
            "risky",
            False,
        ),
        (
            "ru",
            "С днём рождения, Ира!\n\nЖелаю тебе тёплых писем, крепкого здоровья и хороших книг. "
            "Пусть этот год будет мягче прошлого. Мы все тебя помним и ждём.\n\nОбнимаем, "
            "вечер писем в Риге",
            "safe",
            False,
        ),
        (
            "en",
            "Happy birthday, Igor!\n\nToday we baked a cake in your honour and the candles put up "
            "a real fight before they went out. I hope the year brings you good books and kind "
            "letters.\n\nWith love, Emma and the whole table",
            "safe",
            True,
        ),
    ],
    "with_prisoner": [
        (
            "ru",
            "Здравствуй, Денис!\n\nМолимся за тебя всем [[собранием|religion|implicit]], братья "
            "и сёстры передают большой привет. У нас всё спокойно, весна.\n\nС любовью, Галя",
            "risky",
            {"name": "Денис Сергеевич Кузнецов", "religious_case": True},
        ),
        (
            "ru",
            "Здравствуй, Денис!\n\nУ нас весна, в саду зацвели яблони. Я вспоминаю, как ты "
            "любил сидеть под ними с книгой.\n\nС любовью, Галя",
            "safe",
            {"name": "Денис Сергеевич Кузнецов", "religious_case": True},
        ),
        (
            "ru",
            "Привет, Таня!\n\nНадеюсь, [[следователь|case|plain]] от тебя отстал. У нас всё "
            "по-старому, кошка толстеет.\n\nЮля",
            "risky",
            {"name": "Татьяна Игоревна Смирнова", "pre_trial": True},
        ),
    ],
}
