"""Chinese personal names drawn from realistic frequency lists.

Surname weights follow the published national surname shares (per ten thousand people); given
names follow the fashions of the birth years, and each list belongs to one gender so a generated
name always agrees with the generated gender.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

# Surname and its share of the population in units of 0.01 % (王 about 7.1 %).
SURNAMES: tuple[tuple[str, int], ...] = (
    ("王", 712), ("李", 700), ("张", 674), ("刘", 510), ("陈", 461), ("杨", 322), ("黄", 245),
    ("赵", 229), ("吴", 200), ("周", 190), ("徐", 145), ("孙", 138), ("马", 129), ("朱", 126),
    ("胡", 116), ("郭", 115), ("何", 105), ("林", 101), ("高", 100), ("罗", 87), ("郑", 80),
    ("梁", 73), ("谢", 70), ("宋", 65), ("唐", 60), ("许", 60), ("韩", 58), ("冯", 55),
    ("邓", 55), ("曹", 50), ("彭", 50), ("曾", 48), ("肖", 47), ("田", 45), ("董", 44),
    ("袁", 43), ("潘", 42), ("于", 41), ("蒋", 40), ("蔡", 39), ("余", 38), ("杜", 37),
    ("叶", 36), ("程", 35), ("苏", 34), ("魏", 33), ("吕", 32), ("丁", 31), ("任", 30),
    ("沈", 29), ("姚", 28), ("卢", 27), ("姜", 26), ("崔", 25), ("钟", 24), ("谭", 23),
    ("陆", 22), ("汪", 21), ("范", 20), ("金", 20), ("石", 19), ("廖", 19), ("贾", 18),
    ("夏", 18), ("韦", 17), ("付", 17), ("方", 16), ("白", 16), ("邹", 15), ("孟", 15),
    ("熊", 15), ("秦", 14), ("邱", 14), ("江", 14), ("尹", 13), ("薛", 13), ("闫", 12),
    ("段", 12), ("雷", 12), ("侯", 11), ("龙", 11), ("史", 11), ("陶", 10), ("黎", 10),
    ("贺", 10), ("顾", 10), ("毛", 9), ("郝", 9), ("龚", 9), ("邵", 9), ("万", 8), ("钱", 8),
    ("严", 8), ("覃", 8), ("武", 8), ("戴", 8), ("莫", 7), ("孔", 7), ("向", 7), ("汤", 7),
    ("欧阳", 3), ("司马", 1), ("诸葛", 1), ("上官", 1),
)

# Common whole given names per generation and gender, most frequent first (weights fall with rank).
_GIVEN = {
    ("M", "old"): "建国 国强 建华 建军 志强 德明 国平 卫东 文华 振华 永康 福生 桂林 明 伟 军 强 平 刚 勇 华 斌 "
                  "德华 志明 国庆 建平 金宝 根生 宝山 长林 玉堂 洪涛",
    ("M", "mid"): "伟 磊 军 勇 涛 斌 超 明 刚 强 杰 鹏 辉 波 海涛 志刚 建伟 晓东 立新 红军 海波 卫国 剑 峰 "
                  "俊 华 凯 宏 亮 健 文杰 国栋 永强 春雷",
    ("M", "young"): "浩 宇 浩然 子轩 宇轩 俊杰 浩宇 鑫 磊 鹏 杰 博文 子豪 一鸣 天佑 梓豪 晨 昊 宇航 皓轩 "
                    "子涵 思远 嘉豪 明轩 家乐 俊熙 文博 泽宇 睿 航 帅 旭 凯 亮",
    ("F", "old"): "秀英 桂英 秀兰 桂兰 玉兰 淑珍 凤英 玉珍 秀珍 桂珍 玉梅 素珍 凤兰 秀云 兰英 月英 金凤 "
                  "桂芳 美华 惠英 丽华 淑英 翠英 招娣 素英",
    ("F", "mid"): "芳 娜 敏 静 丽 艳 娟 霞 燕 红 玲 萍 丹 英 华 慧 颖 洁 琳 红梅 海燕 丽娟 晓燕 春梅 雪梅 "
                  "建英 丽萍 晓红 小红 秀芳",
    ("F", "young"): "婷 雪 倩 琳 欣怡 梓涵 诗涵 雨桐 子涵 思雨 佳怡 可馨 雨欣 紫萱 晨曦 梦瑶 静怡 一诺 "
                    "欣然 佳琪 若曦 语嫣 雅婷 思琪 晓雪 丹丹 婉婷 莹 悦 佳",
}

# Characters combined into less common two-character names, so not every name is a top name.
_CHARS = {
    "M": "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 凯 健 俊 帆 旭 宁 龙 林 阳 建 国 志 文 海 "
         "峰 庆 东 振 兴 荣 春 德 成 立 晨 轩 博 远 嘉 泽 铭 翔 智 毅 锋",
    "F": "芳 娜 敏 静 丽 艳 娟 霞 秀 燕 玲 桂 英 丹 萍 红 玉 兰 琳 雪 婷 倩 颖 慧 莉 梅 晶 洁 琴 云 月 菲 "
         "欣 怡 涵 思 雨 佳 瑶 璐 蕾 薇 岚 晓 婉 嘉 悦 可 梦 诗 彤",
}

# Given names that are a top name (the rest are composed from the character lists).
TOP_NAME_SHARE = 0.7


def _era(birth_year: int) -> str:
    if birth_year < 1965:
        return "old"
    if birth_year < 1988:
        return "mid"
    return "young"


class NamePicker:
    """Draws surnames and gender-matched given names with cumulative-weight lookups."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_cum = list(accumulate(w for _, w in SURNAMES))
        self._given: dict[tuple[str, str], tuple[list[str], list[float]]] = {}
        for key, text in _GIVEN.items():
            names = text.split()
            self._given[key] = (names, list(accumulate(1.0 / (rank + 2) for rank in range(len(names)))))
        self._chars = {g: text.split() for g, text in _CHARS.items()}

    def surname(self) -> str:
        rand = self._rng.random
        cum = self._surname_cum
        return self._surnames[bisect(cum, rand() * cum[-1])]

    def given(self, gender: str, birth_year: int) -> str:
        rng = self._rng
        rand = rng.random
        if rand() < TOP_NAME_SHARE:
            names, cum = self._given[(gender, _era(birth_year))]
            return names[bisect(cum, rand() * cum[-1])]
        chars = self._chars[gender]
        first = chars[int(rand() * len(chars))]
        if rand() < 0.15:
            return first
        return first + chars[int(rand() * len(chars))]

    def full(self, gender: str, birth_year: int) -> str:
        return self.surname() + self.given(gender, birth_year)


def gender_of_given(given: str) -> set[str]:
    """The genders whose lists contain this given name (for checking generated data)."""
    found = set()
    for (gender, _), text in _GIVEN.items():
        if given in text.split():
            found.add(gender)
    for gender, text in _CHARS.items():
        chars = text.split()
        if all(ch in chars for ch in given):
            found.add(gender)
    return found
