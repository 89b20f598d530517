"""Which column of an extract holds which field: English names, core-banking Chinese headers, --map."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.i18n import _

# The fields of a customer extract, in the order they are documented.
FIELDS = (
    "customer_id", "name", "gender", "birthday", "phone", "manager_id", "manager_name", "branch_id",
    "aum", "aum_peak", "opened_on", "first_activity_on", "last_activity_on", "last_login_on",
    "activity_count_12m", "risk_level", "do_not_call", "consent", "tags",
)
# Read but not stored as such: a resident ID number gives birthday and gender; a branch name
# names a branch the import creates; 'manager' is a manager cell holding an id, a name or both;
# phone_2 is a second phone column (the first that maps to phone after the phone column), whose
# number is taken in a row where it is the better one to call (see rows._either_phone).
HELPER_FIELDS = ("id_number", "branch_name", "manager", "phone_2")
REQUIRED = ("customer_id", "name")
AMOUNT_FIELDS = ("aum", "aum_peak")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer_id": ("客户号", "客户编号", "客户代码", "客户号码", "客户编码", "客户id", "核心客户号", "客户账号", "cust_id",
                    "customer_no", "customer_number", "cif", "cif_no", "cif号", "cif号码"),
    "name": ("姓名", "客户姓名", "客户名称", "客户名", "户名", "customer_name", "full_name"),
    "gender": ("性别", "sex"),
    "birthday": ("出生日期", "生日", "出生年月日", "出生年月", "birth_date", "date_of_birth", "dob"),
    "phone": ("手机号", "手机号码", "手机", "联系电话", "联系方式", "联系手机", "移动电话", "电话", "电话号码", "手机号1",
              "手机号码1", "手机1", "固定电话", "座机", "座机号码", "家庭电话", "办公电话", "mobile", "phone_number", "tel"),
    "phone_2": ("手机号2", "手机号码2", "手机2"),
    "manager_id": ("客户经理号", "客户经理编号", "客户经理工号", "客户经理代码", "管户经理号", "管户经理编号", "经理工号",
                   "经理编号", "rm_id"),
    "manager_name": ("客户经理姓名", "客户经理名称", "管户经理姓名", "rm_name"),
    "manager": ("客户经理", "管户经理", "管户人", "归属客户经理", "rm", "manager"),
    "branch_id": ("所属机构", "机构号", "机构代码", "机构编号", "所属机构号", "所属网点", "网点号", "网点代码", "开户机构",
                  "开户机构号", "归属机构", "归属网点", "所属支行", "开户网点", "branch", "branch_code"),
    "branch_name": ("机构名称", "所属机构名称", "网点名称", "支行名称"),
    "aum": ("资产余额", "aum", "aum余额", "金融资产", "金融资产余额", "管户资产", "总资产", "资产总额", "客户资产", "aum_now"),
    "aum_peak": ("峰值资产", "资产峰值", "历史最高资产", "最高资产", "历史峰值资产", "aum_max", "peak_aum"),
    "opened_on": ("开户日期", "开户时间", "开户日", "建立日期", "建档日期", "open_date", "opened"),
    "first_activity_on": ("首次交易日期", "首笔交易日期", "首次交易日", "首笔交易日", "first_activity", "first_txn_date",
                          "first_transaction_date"),
    "last_activity_on": ("最近交易日期", "最后交易日期", "末次交易日期", "最近一次交易日期", "上次交易日期", "最近交易日",
                         "最后交易日", "末次交易日", "上次交易日", "最近动户日期", "最后动户日期", "上次动户日期", "最近动户日",
                         "最后动户日", "last_activity", "last_txn_date", "last_transaction_date"),
    "last_login_on": ("最近登录日期", "手机银行最近登录日期", "最近登录时间", "最后登录日期", "last_login"),
    "activity_count_12m": ("近12个月交易次数", "近一年交易次数", "近12月交易笔数", "近一年交易笔数", "年交易次数",
                           "activity_count"),
    "risk_level": ("风险等级", "风险评级", "风险承受能力", "风险承受等级", "风险偏好", "risk"),
    "do_not_call": ("是否拒绝营销", "拒绝营销", "勿扰", "免打扰", "是否勿扰", "拒绝电话营销", "dnc"),
    "consent": ("营销授权", "是否同意营销", "营销许可", "是否授权营销", "同意营销", "marketing_consent"),
    "tags": ("标签", "客户标签", "tag", "labels"),
    "id_number": ("证件号码", "证件号", "身份证号", "身份证号码", "证件号码(身份证)", "id_no", "id_card"),
}

_PAREN = re.compile(r"[(（\[【].*?[)）\]】]")
# A column of what a field was, not is (手机号（旧）, 客户经理(原), 电话【曾用】, Phone (old)): it maps to nothing, or an old
# number (kept by head office beside the current one, or in a hidden column) would be the number called.
_FORMER = re.compile(r"[(（\[【]\s*(?:[^)）\]】]*(?:旧|曾用)|原(?:号码?|手机号?|电话)?|old|former|previous)\s*[)）\]】]",
                     re.IGNORECASE)


def normalise(header: str) -> str:
    """Header text as compared: no BOM, brackets, white space (line breaks in a wrapped Excel header
    included), '*' marks, case, '_' or '-' (so Customer ID, customer_id and Customer-Id are one)."""
    h = _PAREN.sub("", str(header).replace("\ufeff", "")).strip().strip("*").lower()
    return "".join(h.split()).replace("-", "").replace("_", "")


_LOOKUP: dict[str, str] = {}
for _field in FIELDS + HELPER_FIELDS:
    _LOOKUP[normalise(_field)] = _field
for _field, _names in SYNONYMS.items():
    for _name in _names:
        _LOOKUP.setdefault(normalise(_name), _field)


# A unit in a header's brackets: 元, 千元, 万(元), 十万(元), 百万(元), 千万(元), 亿(元); a bare 十/百/千
# must say 元, since (百分比) is no unit.
_UNIT = re.compile(r"([十百千]?)([万亿])元?|([十百千])元|元")
_DIGIT_WORDS = {"": 1, "十": 10, "百": 100, "千": 1_000, "万": 10_000, "亿": 100_000_000}
# Currencies other than the yuan, by name or code; a total converted to yuan (折人民币) is in yuan,
# and so is 本外币 (domestic and foreign together, which banks report in yuan).
_FOREIGN = re.compile(r"美元|美金|港币|港幣|港元|欧元|歐元|日元|日币|日圆|英镑|澳元|澳币|加元|加币|新加坡元|新元|瑞郎|法郎|"
                      r"澳门元|澳门币|澳門幣|台币|新台币|韩元|卢布|(?<![本含])外[币幣]|"
                      r"(?<![A-Z])(?:USD|HKD|EUR|JPY|GBP|AUD|CAD|SGD|CHF|MOP|TWD|NTD|KRW|NZD)(?![A-Z])|[$＄€£]")
_IN_YUAN = re.compile(r"折合?(?:人民币|RMB|CNY)")


def _bracketed(header: str) -> str:
    return "".join(_PAREN.findall(str(header))).upper()


def amount_scale(header: str) -> int:
    """The yuan in one unit of the amounts under a header: 10000 for '资产余额(万元)', 1000 for
    '(千元)', 100000000 for '（亿元）', 1 for '(元)' or no unit."""
    found = _UNIT.search(_bracketed(header))
    if found is None:
        return 1
    prefix, big, small = found.groups()
    return _DIGIT_WORDS[prefix or ""] * _DIGIT_WORDS[big or ""] * _DIGIT_WORDS[small or ""]


def has_unit(header: str) -> bool:
    """Whether a header's brackets say the unit of its amounts ('资产余额(元)' does, '资产余额' does not)."""
    return _UNIT.search(_bracketed(header)) is not None


def foreign_currency(header: str) -> str | None:
    """The foreign currency a header's brackets name ('资产余额(USD)': 'USD'), or None for yuan."""
    inside = _bracketed(header)
    if _IN_YUAN.search(inside):
        return None
    found = _FOREIGN.search(inside)
    return found[0] if found else None


@dataclass
class ColumnMap:
    """The mapping of one file's columns."""

    header: list[str]
    columns: dict[str, int] = field(default_factory=dict)   # field -> column index
    unmapped: list[str] = field(default_factory=list)       # headers mapped to nothing
    ignored: list[str] = field(default_factory=list)        # headers skipped on purpose (--map 'X=')
    scales: dict[str, int] = field(default_factory=dict)    # amount field -> yuan in one unit of its cells
    notes: list[str] = field(default_factory=list)          # what the summary should say about the header
    # field -> the headers of the columns known as it, the mapped one first, when more than one is
    rivals: dict[str, list[str]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(f in self.columns for f in REQUIRED)


def parse_map_options(entries: list[str] | tuple[str, ...]) -> dict[str, str]:
    """--map 'SOURCE=field' entries as {source as written: field}; an empty field ignores the column. A column
    given two fields, or a field given two columns (but phone: the second is phone_2), is refused before the
    file is read: otherwise the last would win unsaid, and a header left without its field be "no usable
    header"."""
    result: dict[str, str] = {}
    written: dict[str, str] = {}   # each source as compared (exact) -> as first written
    for entry in entries:
        source, sep, target = entry.partition("=")
        source, target = source.strip(), target.strip()
        if not sep or not source:
            raise WorkbenchError(_("--map takes SOURCE=field, not {entry!r}.").format(entry=entry))
        if target and target not in FIELDS + HELPER_FIELDS:
            raise WorkbenchError(_("--map {entry!r}: {field!r} is not a field; use one of {fields}.").format(
                entry=entry, field=target, fields=", ".join(FIELDS + HELPER_FIELDS)))
        first = written.setdefault(exact(source), source)
        if first in result and result[first] != target:
            raise WorkbenchError(_("--map gives the column {column!r} two fields, {first!r} and {second!r}; a column "
                                   "takes one field.").format(column=source, first=result[first], second=target))
        result[first] = target
    columns: dict[str, list[str]] = {}
    for source, target in result.items():
        if target and target != "phone":   # a second phone column is phone_2
            columns.setdefault(target, []).append(source)
    for target, sources in columns.items():
        if len(sources) > 1:
            raise WorkbenchError(_("--map gives the field {field!r} more than one column ({columns}); a field takes "
                                   "one column.").format(field=target, columns=", ".join(sources)))
    return result


def exact(header: str) -> str:
    """Header text as a --map names it exactly: brackets kept, so '资产余额(当前)' is not '资产余额(2024年末)'."""
    return "".join(str(header).replace("\ufeff", "").split()).lower()


def mapped_columns(header: list[str], overrides: dict[str, str]) -> dict[int, str]:
    """The columns each --map source names: those headed exactly as written if any, else those whose
    header is the same but for brackets, case and marks (so '资产余额=aum' takes '资产余额(万元)')."""
    forced: dict[int, str] = {}
    for source, target in overrides.items():
        named = [i for i, h in enumerate(header) if exact(h) == exact(source)] \
            or [i for i, h in enumerate(header) if normalise(h) == normalise(source)]
        forced.update(dict.fromkeys(named, target))
    return forced


def map_columns(header: list[str], overrides: dict[str, str]) -> ColumnMap:
    """Map each header cell to a field: --map first (wherever its column is), then the known names;
    a second phone column is phone_2. Two columns known as the same field are rivals: the first is
    mapped, and the import asks which to use unless the two are headed alike (see ColumnMap.rivals)."""
    mapping = ColumnMap(header=[str(h).strip() for h in header])
    forced = mapped_columns(mapping.header, overrides)
    claimed = set(forced.values()) - {""}
    for index, raw in enumerate(mapping.header):
        key = normalise(raw)
        if index in forced:
            target = forced[index]
        elif not key:
            if raw:
                mapping.unmapped.append(raw)
            continue
        elif _FORMER.search(raw):
            mapping.unmapped.append(raw)
            continue
        else:
            target = _LOOKUP.get(key)
            taken = claimed | mapping.columns.keys()
            if target == "phone" and "phone" in taken and "phone_2" not in taken:
                target = "phone_2"
            elif target in claimed:   # --map gave this field to another column
                target = None
        if target in AMOUNT_FIELDS and (currency := foreign_currency(raw)):
            # Assets are kept in yuan and no exchange rate is known: the column is left out, and why is said.
            mapping.ignored.append(raw)
            mapping.notes.append(_("{column} not imported: its amounts are in {currency}, assets are kept in yuan, "
                                   "and no exchange rate is known").format(column=raw, currency=currency))
        elif target == "":
            mapping.ignored.append(raw)
        elif target is None or target in mapping.columns:
            mapping.unmapped.append(raw)
            if target not in (None, "phone", "phone_2"):   # a third phone column is only left out
                mapping.rivals.setdefault(target, [mapping.header[mapping.columns[target]]]).append(raw)
        else:
            mapping.columns[target] = index
            if target in AMOUNT_FIELDS:
                mapping.scales[target] = amount_scale(raw)
    _settle_manager(mapping)
    if "phone_2" in mapping.columns and "phone" not in mapping.columns:   # mapped by --map alone
        mapping.columns["phone"] = mapping.columns.pop("phone_2")
    return mapping


def _settle_manager(mapping: ColumnMap) -> None:
    """A plain '客户经理' column is the manager's name beside an id column, else an id-or-name cell."""
    if "manager" in mapping.columns and "manager_id" in mapping.columns and "manager_name" not in mapping.columns:
        mapping.columns["manager_name"] = mapping.columns.pop("manager")


def header_problems(mapping: ColumnMap, overrides: dict[str, str]) -> list[str]:
    """Each thing --map must settle before the header can be read, as a clause: a --map source that is no column of
    it, and each field that columns headed differently could be (the fields no column gives are the caller's)."""
    present = {normalise(h) for h in mapping.header}
    problems = [_("no column {column!r}, which --map {entry!r} names").format(column=source, entry=f"{source}={target}")
                for source, target in overrides.items() if normalise(source) not in present]
    for rival_field, headers in mapping.rivals.items():
        if len({exact(h) for h in headers}) > 1:
            problems.append(_("{n} columns that could be {field} ({columns}), e.g. --map '{last}={field}'").format(
                n=len(headers), field=rival_field, columns=", ".join(_("{text!r}").format(text=h) for h in headers),
                last=headers[-1]))
    return problems
