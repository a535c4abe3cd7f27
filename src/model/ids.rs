//! Complaint ids as the merge keeps them.

use rustc_hash::FxBuildHasher;

/// Complaint ids end to end, each with its hash (computed where the id is read, on the
/// reading thread): ids are nearly all distinct, so interning them would only copy them. The
/// id with index `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Debug, Default, Clone)]
pub struct Ids {
    text: String,
    ends: Vec<usize>,
    hashes: Vec<u64>,
}

impl Ids {
    /// The hash [`Ids`] keeps for `id` (FxHash: ids are compared, never shown, by it).
    pub fn hash_of(id: &str) -> u64 {
        use std::hash::BuildHasher;
        FxBuildHasher.hash_one(id)
    }
    /// Keeps an id; returns its index.
    pub fn push(&mut self, id: &str) -> u32 {
        self.text.push_str(id);
        self.ends.push(self.text.len());
        self.hashes.push(Self::hash_of(id));
        (self.ends.len() - 1) as u32
    }
    /// The id at index `i`.
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
    /// The hash of the id at index `i`.
    pub fn hash(&self, i: u32) -> u64 {
        self.hashes[i as usize]
    }
    /// Number of ids kept.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    /// True when no id is kept.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    /// Moves `other`'s ids to the end; returns the index its first id now has.
    pub fn append(&mut self, other: Ids) -> u32 {
        let base = self.len() as u32;
        let shift = self.text.len();
        if self.is_empty() {
            *self = other;
            return base;
        }
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.iter().map(|e| e + shift));
        self.hashes.extend_from_slice(&other.hashes);
        base
    }
    /// Room for `n` more ids of about `bytes` bytes in all.
    pub fn reserve(&mut self, n: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(n);
        self.hashes.reserve(n);
    }
    /// Bytes of id text kept.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Ids;

    /// Ids keep their text and hash through `append`, which shifts the second list's indexes
    /// by the first list's length.
    #[test]
    fn ids_end_to_end() {
        let mut a = Ids::default();
        assert_eq!(a.append(Ids::default()), 0);
        assert_eq!((a.push("XF1"), a.push(""), a.push("信访-2")), (0, 1, 2));
        let mut b = Ids::default();
        b.push("B0");
        b.push("XF1");
        assert_eq!(a.append(b), 3);
        let all: Vec<&str> = (0..a.len() as u32).map(|i| a.get(i)).collect();
        assert_eq!(all, ["XF1", "", "信访-2", "B0", "XF1"]);
        assert_eq!(a.hash(4), a.hash(0));
        assert_eq!(a.hash(2), Ids::hash_of("信访-2"));
        assert_ne!(a.hash(3), a.hash(0));
        assert_eq!(a.text_len(), "XF1信访-2B0XF1".len());
    }
}
