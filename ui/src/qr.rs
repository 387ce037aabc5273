//! The QR of a code (an access code, a door's presence code), as one SVG path. The `qrcode` crate only encodes; drawing the dark
//! modules as a single `<path>` keeps the DOM to two nodes and avoids its image/SVG renderers.

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// The modules of a QR code: `width` × `width`, and an SVG path (one unit per module, no quiet
/// zone) that fills the dark ones, a horizontal run at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrPath {
    pub width: usize,
    pub d: String,
}

/// The QR of a string of digits, or `None` for anything else. Access codes are 8–10 digits and
/// presence codes 6: they always fit version 1 in numeric mode (up to 34 digits at level M), so the encoder is driven
/// directly instead of through its general mode optimiser (measured: that path alone cost more
/// wasm than the rest of the encoder).
pub fn qr_path(digits: &str) -> Option<QrPath> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut bits = Bits::new(Version::Normal(1));
    bits.push_numeric_data(digits.as_bytes()).ok()?;
    bits.push_terminator(EcLevel::M).ok()?;
    let code = QrCode::with_bits(bits, EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.into_colors();
    let mut d = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
                d.push_str(&format!("M{x} {y}h{run}v1h-{run}z"));
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Some(QrPath { width, d })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eight_digit_code_fits_the_smallest_qr() {
        let qr = qr_path("48207315").unwrap();
        assert_eq!(qr.width, 21);
        // The top-left finder pattern: a full run of 7 dark modules on the first row.
        assert!(qr.d.starts_with("M0 0h7v1h-7z"));
    }

    #[test]
    fn a_presence_code_fits_the_smallest_qr_too() {
        assert_eq!(qr_path("482073").unwrap().width, 21);
    }

    #[test]
    fn only_digits_are_encoded() {
        assert_eq!(qr_path(""), None);
        assert_eq!(qr_path("12a4"), None);
        assert_eq!(qr_path(&"9".repeat(35)), None, "beyond version 1");
        assert!(qr_path(&"9".repeat(34)).is_some());
    }

    #[test]
    fn the_same_symbol_as_the_general_encoder() {
        let general = QrCode::with_error_correction_level(b"48207315", EcLevel::M).unwrap();
        let qr = qr_path("48207315").unwrap();
        assert_eq!(general.width(), qr.width);
        let mut d = String::new();
        for (y, row) in general.to_colors().chunks(qr.width).enumerate() {
            let mut x = 0;
            while x < qr.width {
                let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
                if run > 0 {
                    d.push_str(&format!("M{x} {y}h{run}v1h-{run}z"));
                }
                x += run.max(1);
            }
        }
        assert_eq!(qr.d, d);
    }

    #[test]
    fn the_path_only_covers_the_dark_modules() {
        let qr = qr_path("1234567890").unwrap();
        let code = QrCode::new(b"1234567890").unwrap();
        let dark = code.to_colors().iter().filter(|c| **c == Color::Dark).count();
        let drawn: usize =
            qr.d.split('M')
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.split('h')
                        .nth(1)
                        .unwrap()
                        .split('v')
                        .next()
                        .unwrap()
                        .parse::<usize>()
                        .unwrap()
                })
                .sum();
        assert_eq!(drawn, dark);
    }
}
