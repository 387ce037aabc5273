//! 简体中文：默认语言。照母语者的说法写，不逐字翻译。

use super::Texts;

pub static ZH: Texts = Texts {
    common: &ui::i18n::ZH,
    queue_title: "实名核验",
    queue_left: "还有 {} 人待核验",
    queue_empty_title: "都核验完了",
    queue_empty_body: "新注册的人会出现在这里。",
    queue_signed_up: "注册时间",
    approve: "通过",
    reject: "驳回",
    reject_reason_label: "驳回原因（对方会看到）",
    reject_reasons: &["姓名和身份证不一致", "身份证号有误", "请带身份证到服务站当面核验"],
    reject_send: "确认驳回",
    shortcuts_hint: "快捷键：A 通过，R 驳回",
    decided_approved: "已通过",
    decided_rejected: "已驳回",

    console_name: "社区自习室 · 管理",
    nav_label: "管理台",
    tools_label: "其他",
    nav_people: "人员",
    to_phone_app: "手机版",
    console_login_sub: "管理员用手机号和密码登录",
    not_manager_title: "这里只有管理员能进",
    not_manager_body: "这个账号不是管理员。订座请用手机版。",
};
