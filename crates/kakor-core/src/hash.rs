//! FNV-1a, 32 bits: the catalogue revision and the record checksum.
//!
//! Neither needs to resist an attacker (the record is not a signature);
//! both need to be stable across builds and tiny in the wasm.

pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in bytes {
        hash ^= b as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// Eight lowercase hex digits.
pub fn hex32(value: u32) -> String {
    let mut out = String::with_capacity(8);
    for shift in (0..8).rev() {
        out.push(hex_digit((value >> (shift * 4)) as u8 & 0xf));
    }
    out
}

pub(crate) fn hex_digit(nibble: u8) -> char {
    (if nibble < 10 { b'0' + nibble } else { b'a' + nibble - 10 }) as char
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        assert_eq!(fnv1a(b""), 0x811c_9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c_292c);
        assert_eq!(hex32(0x00ab_0c0f), "00ab0c0f");
    }
}
