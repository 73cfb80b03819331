"""The model's word classes (ADR 0014): the lexicon's classes it reads, and the words it adds to them."""

from __future__ import annotations

from ..reader import shipped_meta

# The model's word classes (code → label, words). Words of the lexicon's classes (edited by the office) are added
# at training time; the lists below add what the lexicon's classes lack. A word in two classes counts for the first.
CLASS_LABELS = {
    "女": "女性稱謂",
    "男": "男性稱謂",
    "職": "職業職稱",
    "貌": "外貌用語",
    "概": "概括語氣",
    "徵": "徵才用語",
    "薪": "薪資、去留與婚孕",
    "移": "移工與新住民",
    "質": "金錢與素質",
    "負": "負面特質",
    "性": "角色特質",
    "家": "家務與照顧",
    "報": "轉述或批評",
    "法": "法規用語",
    "數": "統計用語",
    "驚": "驚訝或質疑",
    "否": "否定或倡議",
}
LEXICON_CLASSES = {
    "女": ("female",),
    "男": ("male",),
    "職": ("title", "profession"),
    "貌": ("appearance",),
    "移": ("migrant",),
    "質": ("money_quality",),
    "負": ("trait_bad",),
    "性": ("trait_role",),
    "家": ("home_role", "home_virtue"),
}
EXTRA_WORDS = {
    "女": "女孩子 婦女 少女 女子 小姐 女士 女同事 女主管 主婦 家庭主婦 人妻 人母 婆婆 阿姨 歐巴桑 姐妹 女兒 女方 她們 女星 女藝人",
    "男": "男士 男同事 男主管 先生 男方 男丁 公公 男星",
    "職": "主管 員工 雇主 同事 職員 勞工 護理人員 保母 看護",
    "貌": "漂亮 美麗 身材 外貌 外表 長相 顏值 辣 胖 瘦 臉蛋 年輕貌美 穿著 打扮 姣好 可愛 帥 美",
    "概": "就是 天生 本來就 應該 就該 都 總是 一定 才是 只會 永遠 通常 比較 本來 天性 必須 要 不適合 適合 不如 比不上 本分 天職 責任",
    "徵": "徵 誠徵 急徵 應徵 招募 限 僅限 只限 優先 尤佳 為佳 佳 錄取 錄用 面試 僱用 雇用 聘用 不錄取 不錄用",
    "薪": "薪 薪水 月薪 薪資 時薪 起薪 獎金 資遣 解僱 解雇 開除 辭退 調職 降職 考績 升遷 懷孕 孕 孕婦 產假 生理假 育嬰"
    " 育嬰假 結婚 已婚 未婚 婚姻",
    "移": "外籍 東南亞 越南 印尼 菲律賓 泰國 大陸 外國人 移民",
    "質": "素質 水準 便宜 錢",
    "家": "家務 家事 家庭 持家 育兒 照顧 顧家 煮飯 廚房",
    "法": "不得 禁止 違反 違法 罰 裁罰 開罰 法 規定 條例 依法 保障 權益 申訴 檢舉 判決 勞工局 勞動局 勞動部",
    "數": "人數 比例 比率 % ％ 統計 調查 百分點 萬人 平均 顯示 成長 增加 減少 占",
    "驚": "也能 也會 竟然 居然 竟 難得 罕見 稀有 不輸 不讓鬚眉 沒想到 想不到 別小看 比男人還 能否 勝任 是否",
    "否": "不再 不是 並非 不必 不該 不應 不應該 不能 不要 打破 破除 擺脫 跳脫 反對 平等 友善 尊重 多元 共同 分擔 一起"
    " 鼓勵 倡議 消除 翻轉",
}


# Classes of the second round (2026-12-06), for what the training part's discrimination and stereotype labels turn on
# beyond hiring and pay: age limits, refusals and requirements, sexual orientation and gender identity, disability,
# dress and grooming rules. After the others: a word already in a class above keeps it.
MORE_LABELS = {
    "齡": "年齡用語",
    "拒": "拒絕或要求",
    "同": "性傾向或性別認同",
    "障": "身心障礙",
    "衣": "服裝儀容",
    "特": "性別化的特質",
    "色": "顏色與玩具",
    "身": "身體部位",
}
MORE_WORDS = {
    "齡": "年齡 年紀 歲 周歲 週歲 年輕 年滿 出生 高齡 中高齡 年長 年輕人 青春",
    "拒": "拒絕 拒載 拒收 拒租 拒賣 不准 不可 不可以 只能 須 需 需要 要求 規範 不予 被迫 強迫 刷掉 刷下 碰壁 淘汰 排除"
    " 不收 不租 不讓 不准許 申請 准許 允許",
    "同": "同性戀 同志 同性 跨性別 性傾向 性別認同 性別氣質 LGBT 酷兒 雙性戀 性少數 同婚 同性婚姻 女同志 男同志 變性",
    "障": "身障 身心障礙 障礙者 輪椅 視障 聽障 殘障 智障 瘖啞 聾 盲人 殘疾 身障者 失智",
    "衣": "穿 穿著 穿着 裙 短裙 裙子 褲 長褲 短褲 高跟鞋 服裝 服儀 制服 化妝 妝 頭髮 長髮 短髮 髮型 儀容 儀表 形象 氣質",
    "特": "柔弱 柔順 柔韌 細心 細膩 直覺 邏輯 脾氣 暴躁 感性 犧牲 安全感 邋遢 強勢 霸氣 陽剛 陰柔 男子氣概 女人味 男子漢"
    " 撒嬌 愛哭 哭 眼淚 膽小 依賴 靠山 主導 主外 主內 本色 天性 體貼 賢慧 賢淑 溫順 強悍 剛強 粗枝大葉 大而化之 婆媽",
    "色": "粉紅 粉紅色 粉色 藍色 公主 洋娃娃 娃娃 玩具 恐龍 機器人 玩具車",
    "身": "胸 胸部 罩杯 大腿 美腿 腰 體重 身高 臉 皮膚 曲線 三圍 屁股",
}


# Classes of the third round (issue 12, stance): what frames a claim as someone else's or as the past's — a
# tradition or custom described (傳統上, 早期, 習俗), words reported from someone (網友說, 有人認為, 告訴).
FRAME_LABELS = {"傳": "傳統或過去", "言": "他人的話"}
FRAME_WORDS = {
    "傳": "傳統 過去 以前 上一代 俗話 俗語 諺語 古人 老人家",
    "言": "說 說過 告訴 聲稱 主張 坦言 直言 透露 問 問道 網友 鄉民 有人 有些人 不少人 很多人 酸 嗆 留言 回應 回覆",
}


def model_classes(stance: bool = True, more: bool = False, frames: bool = False) -> list[tuple[str, str, list[str]]]:
    meta = shipped_meta()
    out = []
    labels = {**CLASS_LABELS, **(MORE_LABELS if more else {}), **(FRAME_LABELS if frames else {})}
    extra = {**EXTRA_WORDS, **(MORE_WORDS if more else {}), **(FRAME_WORDS if frames else {})}
    for code, label in labels.items():
        if code == "否" and not stance:
            continue
        words = [w for name in LEXICON_CLASSES.get(code, ()) for w in meta.classes.get(name, ())]
        words += extra.get(code, "").split()
        if code == "報":
            words += [*meta.report_cues, *meta.talk_cues, *meta.cues]
            if frames:  # the lexicon's stance frames (tradition, reported labels, denial, protest) report too
                words += [cue for f in meta.frames for cue in (*f.before, *f.after)]
        out.append((code, label, list(dict.fromkeys(words))))
    return out
