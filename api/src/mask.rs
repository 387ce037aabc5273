//! Masking of personal information for screens: enough to recognise, not enough to reuse.

/// `13800138000` → `138****8000`.
pub fn phone(phone: &str) -> String {
    keep_ends(phone, 3, 4)
}

/// `张小明` → `张*明`, `张明` → `张*`, `John Smith` → `J********h`.
pub fn name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// `11010519491231002X` → `110105********002X`: the region and the last four, as on a receipt.
pub fn id_number(id: &str) -> String {
    keep_ends(id, 6, 4)
}

fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..head].iter().collect();
    out.push_str(&"*".repeat(chars.len() - head - tail));
    out.extend(&chars[chars.len() - tail..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_as_the_contract_shows() {
        assert_eq!(super::phone("13800000000"), "138****0000");
        assert_eq!(super::name("张小明"), "张*明");
        assert_eq!(super::name("张明"), "张*");
        assert_eq!(super::name("买买提·艾力"), "买****力");
        assert_eq!(super::id_number("11010519491231002X"), "110105********002X");
    }

    #[test]
    fn short_inputs_are_masked_whole() {
        assert_eq!(super::phone("123"), "***");
        assert_eq!(super::name("李"), "*");
    }
}
