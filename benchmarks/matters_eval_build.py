"""Build the labelled same-matter evaluation set (同一事项，一次办理, issue 15 §1):
src/zhengwu/dispatch/tests/data/matters_eval.csv.

    PYTHONPATH=src .venv/bin/python benchmarks/matters_eval_build.py

Rows: id, title, text, created_at, address, matter (the gold label: rows with one value are one matter),
kind, source. Built from the shared messages that ship with dispatch (reference/citizen_messages_train.csv,
the public-support messages of ../shared/data/citizen_messages_with_votes.csv copied below) and from
reports written for this set:

- `base`: a shared message as it is (text cut to 300 characters), re-dated into April 2026 so that the
  time window alone never separates them — the text has to;
- `paraphrase`: the same report reworded (another reporter, or the same one again);
- `same_matter`: the same matter described independently, in other words, with other details;
- `same_place`: the same place (estate, road, market, school) and a *different* matter — a hard negative;
- `natural`: the 30 public-support messages with their real dates; the ten about the shops under
  魅力之城 (油烟, 噪音 of the same ground-floor restaurants) are one matter, the two of November 2019 about
  A市经济学院 sending students to factories are one matter, the other 经济学院 messages (2017, 2018,
  April 2019) are separate matters, every other message its own.

The labels are this author's judgement of what one 分拨中心 case would be; they are committed, so the
benchmark and the test read the same file.
"""

import csv
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "src/zhengwu/dispatch/reference/citizen_messages_train.csv"
OUT = ROOT / "src/zhengwu/dispatch/tests/data/matters_eval.csv"
START = datetime(2026, 4, 1, 8, 0)

# base id → [(kind, title, text, address, days after the base)]
VARIANTS = {
    "83": [
        (
            "paraphrase",
            "A1区苑小区物业乱收停车费",
            "A1区苑小区物业公司没经过业主同意，在小区公共区域划车位向业主收停车费，请查处。",
            "A1区火炬路A1区苑",
            2,
        ),
        (
            "same_place",
            "A1区苑小区电梯经常困人",
            "火炬路A1区苑小区3栋电梯这个月困人两次，物业一直不请人检修，老人小孩不敢坐。",
            "A1区火炬路A1区苑",
            3,
        ),
    ],
    "379": [
        (
            "same_matter",
            "盛世耀凯17栋又停水三天",
            "盛世耀凯小区17栋从周一开始没有水，物业说是开发商没交水费，我们按时交了物业费却没水用，请帮忙解决。",
            "",
            1,
        ),
        (
            "same_place",
            "盛世耀凯小区门口垃圾堆成山",
            "盛世耀凯小区大门口的垃圾一个星期没人清运，臭气熏天，蚊蝇很多。",
            "",
            2,
        ),
    ],
    "445": [
        (
            "paraphrase",
            "可可小城小区经常停水没人管",
            "桐梓坡西路可可小城的住户经常没水用，找了物业、开发商、自来水厂都没解决，请领导过问。",
            "",
            2,
        ),
        (
            "same_place",
            "可可小城楼下广场舞音响扰民",
            "桐梓坡西路可可小城小区中心广场每天晚上跳广场舞到十点，音响开得很大，影响学生学习和老人休息。",
            "",
            4,
        ),
    ],
    "3742": [
        (
            "same_matter",
            "杜鹃文苑旁机动车检测站离住宅太近",
            "杜鹃文苑小区围墙外正在装修一个机动车检测站，离居民楼不到二十米，尾气和安全隐患很大，请有关部门不要批准开业。",
            "",
            1,
        )
    ],
    "5126": [
        (
            "paraphrase",
            "奥新佳园小区住宅被改成员工宿舍",
            "奥新佳园7栋有业主把房子租给燃气公司做保安宿舍，一套房住十几个人，进出吵闹，影响邻居休息。",
            "",
            3,
        )
    ],
    "5869": [
        (
            "same_matter",
            "洋湖实验中学门口垃圾桶几周没人清",
            "雅礼洋湖实验中学校门旁边的几个垃圾桶满了好几个星期没人清运，夏天发臭，学生每天从旁边经过。",
            "",
            2,
        ),
        (
            "same_place",
            "雅礼洋湖实验中学放学时段交通拥堵",
            "雅礼洋湖实验中学门口每天放学接孩子的车堵成一片，没有交警疏导，孩子过马路很危险，建议设置临时停车点。",
            "",
            3,
        ),
    ],
    "18819": [
        (
            "paraphrase",
            "世锦小学配套垃圾站不能建在家和院门口",
            "世锦小学的配套垃圾站规划在家和院小区南门口，离住户不到五米，请重新选址。",
            "",
            2,
        )
    ],
    "19285": [
        (
            "same_matter",
            "海德公元8栋公共露台被业主私自搭建",
            "东六线海德公元8号栋的公共阳台被几户业主围起来加盖房子，占用全体业主的公共空间，请城管拆除。",
            "",
            2,
        ),
        (
            "same_place",
            "海德公元小区地下车库漏水严重",
            "东六线海德公元小区负一楼车库顶板漏水，下雨天车位上全是水，物业不处理。",
            "",
            4,
        ),
    ],
    "22687": [
        (
            "paraphrase",
            "白霞村梦之旅KTV天天唱到凌晨",
            "捞刀河镇白霞村梦之旅KTV每晚营业到凌晨，噪音超标，之前投诉过没有效果，现在越来越严重。",
            "",
            2,
        ),
        (
            "same_place",
            "白霞村村道坑洼积水",
            "捞刀河镇白霞村通往镇上的村道到处是坑，一下雨就积水，电动车经常摔倒，希望修一修。",
            "",
            5,
        ),
    ],
    "26115": [
        (
            "same_matter",
            "泉塘东六路盼盼路行道树大量枯死",
            "泉塘东六路、盼盼路去年新种的樟树现在死了一大半，请园林部门补种并查一查施工质量。",
            "",
            3,
        )
    ],
    "31807": [
        (
            "paraphrase",
            "冯家冲安置小区至今没有天然气",
            "木莲路冯家冲安置小区交房几年了还没通天然气，消防水源也没有，请帮我们解决。",
            "",
            2,
        )
    ],
    "31936": [
        (
            "same_matter",
            "六号路和嘉雨路路口信号灯一直不启用",
            "嘉雨路六号路十字路口的信号灯装好几年了从来不亮，车多人多，经常发生车祸，请尽快启用。",
            "",
            1,
        ),
        (
            "same_place",
            "嘉雨路六号路口人行道被共享单车占满",
            "嘉雨路与六号路交叉口的人行道上堆满了共享单车，行人只能走机动车道，请清理。",
            "",
            3,
        ),
    ],
    "57124": [
        (
            "paraphrase",
            "金欣花苑电梯没有年检还在运行",
            "金欣花苑小区的电梯都没做特种设备年检，一直在运行，经常困人，向物业反映多次无果。",
            "",
            2,
        ),
        (
            "same_place",
            "金欣花苑物业费上涨没开业主大会",
            "金欣花苑小区物业公司今年把物业费从每平米1.2元涨到1.8元，没有召开业主大会，也没有公示。",
            "",
            3,
        ),
    ],
    "102738": [
        (
            "same_matter",
            "映山岭挖山夜里施工吵得睡不着",
            "华源府第小区门口的映山岭天天晚上挖山运土，机器响到天亮，也没有夜间施工许可，居民休息不了。",
            "",
            2,
        )
    ],
    "110216": [
        (
            "paraphrase",
            "九亿广场公厕晚上没有灯",
            "九亿广场的两个公共厕所晚上漆黑一片，没有照明，请安装电灯。",
            "",
            2,
        ),
        (
            "same_place",
            "九亿广场晚上音响太吵",
            "九亿广场每晚好几支广场舞队音响比着放，声音非常大，周边居民无法休息。",
            "",
            4,
        ),
    ],
    "110559": [
        (
            "same_matter",
            "石期市镇农贸市场旁旱厕又臭又危险",
            "石期市镇老农贸市场边上的旱厕长期没人打扫，臭得很，屋顶还漏雨，像危房一样，请改造成水冲厕所。",
            "",
            3,
        )
    ],
    "119997": [
        (
            "paraphrase",
            "凯通领御小区噪音日夜不停",
            "湖天南路与刘路塘路口的凯通领御小区，白天晚上都被噪声包围，印刷厂夜里开机，影响居民生活。",
            "",
            2,
        )
    ],
    "126462": [
        (
            "same_matter",
            "沙溪村轮胎炼油厂排黑烟",
            "沙溪村那家用废旧轮胎炼油的厂每天冒黑烟，气味刺鼻，庄稼都受影响，村民多次举报还在生产。",
            "",
            2,
        )
    ],
    "136414": [
        (
            "paraphrase",
            "帐子塘东门阁一条街路灯都不亮",
            "帐子塘上东门阁整条街的路灯坏了很久没人修，晚上走路看不见，请主管部门维护。",
            "",
            1,
        ),
        (
            "same_place",
            "帐子塘上东门阁占道经营严重",
            "帐子塘上东门阁街上的商户把货摆到马路中间，车辆无法通行，请城管管一管。",
            "",
            4,
        ),
    ],
    "181619": [
        (
            "same_matter",
            "鑫顺广场A栋火锅店烧烤油烟噪音扰民",
            "南洲镇鑫顺广场A栋一楼的鹿锅火锅店晚上在门口摆烧烤，油烟直往楼上窜，吵到凌晨两三点。",
            "",
            1,
        ),
        (
            "same_place",
            "鑫顺广场A栋电梯坏了一周",
            "南洲镇鑫顺广场A栋的电梯坏了一个星期没人修，住高层的老人下不了楼。",
            "",
            3,
        ),
    ],
    "50760": [
        (
            "paraphrase",
            "龙家坪菜市场二楼向老人推销保健品",
            "龙家坪菜市场二楼长期有人召集老年人听课，推销孢子粉，说能治病，价格很高。",
            "",
            2,
        ),
        (
            "same_place",
            "龙家坪菜市场门口占道摆摊",
            "龙家坪菜市场门口的马路两边全是流动摊贩，早上车子过不去，请城管整治。",
            "",
            3,
        ),
    ],
    "54310": [
        (
            "same_matter",
            "清泉学校考试费体检费样样都收",
            "D7县清泉学校周考要交钱、体检要交钱、报名也要交钱，还强制学生在学校便利店买东西，请教育局查一查。",
            "",
            2,
        )
    ],
    "107239": [
        (
            "paraphrase",
            "柳子中学门禁卡一年收240元",
            "柳子中学的“子贵校园”门禁卡每个学生一年要交二百四十元，安保费用不应该让学生承担。",
            "",
            1,
        )
    ],
    "174873": [
        (
            "same_matter",
            "新时空小区业主几年拿不到房产证",
            "I6市新时空小区交房好几年了，开发商一直不给业主办房产证，业主多次找政府没有结果。",
            "",
            2,
        ),
        (
            "same_place",
            "新时空小区外墙瓷砖脱落砸坏车辆",
            "I6市新时空小区5栋外墙瓷砖大片脱落，昨天砸坏了楼下两辆车，很危险。",
            "",
            3,
        ),
    ],
}
# shared messages that stand alone (other matters in the same weeks: noise for the matcher)
SINGLES = ["457", "673", "1957", "6196", "9955", "10689", "14358", "14470", "30073", "31651", "34961",
           "37579", "42091", "51251", "51760", "56988", "57664", "61851", "69522", "112288", "118541",
           "122889", "153817", "165639", "184337"]
# ../shared/data/citizen_messages_with_votes.csv ids → gold matter (the rest: each its own)
NATURAL_MATTERS = {**{i: "N-meili" for i in ("360100", "360101", "360102", "360103", "360104", "360105",
                                             "360106", "360107", "360108", "360109")},
                   "360110": "N-jjxy-2019-11", "360111": "N-jjxy-2019-11"}
VOTES = ROOT.parent.parent / "shared/data/citizen_messages_with_votes.csv"


def main() -> None:
    shared = {r["id"]: r for r in csv.DictReader(REFERENCE.open(encoding="utf-8"))}
    rows, slot = [], 0
    for base_id in list(VARIANTS) + SINGLES:
        base = shared[base_id]
        at = START + timedelta(hours=8 * slot)
        slot += 1
        matter = f"M{base_id}"
        rows.append(
            {
                "id": f"b{base_id}",
                "title": base["title"],
                "text": base["text"][:300].replace("_x000D_", ""),
                "created_at": f"{at:%Y-%m-%d %H:%M}",
                "address": "",
                "matter": matter,
                "kind": "base",
                "source": f"citizen_messages_train.csv#{base_id}",
            }
        )
        for n, (kind, title, text, address, days) in enumerate(VARIANTS.get(base_id, ()), start=1):
            rows.append(
                {
                    "id": f"v{base_id}-{n}",
                    "title": title,
                    "text": text,
                    "created_at": f"{at + timedelta(days=days, hours=n):%Y-%m-%d %H:%M}",
                    "address": address,
                    "matter": matter if kind != "same_place" else f"M{base_id}-x{n}",
                    "kind": kind,
                    "source": "written for this set",
                }
            )
    for r in csv.DictReader(VOTES.open(encoding="utf-8")):
        rows.append({"id": f"n{r['id']}", "title": r["title"], "text": r["text"][:300],
                     "created_at": r["created_at"][:16], "address": "",
                     "matter": NATURAL_MATTERS.get(r["id"], f"N{r['id']}"), "kind": "natural",
                     "source": f"citizen_messages_with_votes.csv#{r['id']}"})
    rows.sort(key=lambda r: r["created_at"])
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows → {OUT}")


if __name__ == "__main__":
    main()
