//! Vectors and byte blocks moved into allocations of exactly their length, for what the model keeps until the
//! pages are written (#15). `shrink_to_fit` and `into_boxed_slice` ask the allocator to shrink in place, and
//! mimalloc (the binary's allocator) then keeps the whole block when the new size is at least half of it: a
//! vector of 10 grown to 16, or an lz4 block at 60 % of its worst-case bound, stays as large as before.
//! A fresh allocation of the length, and a copy, is what frees the slack.

/// `v` in an allocation of exactly `v.len()` elements (no allocation when empty).
pub fn exact_vec<T>(mut v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut out = Vec::with_capacity(v.len());
    out.append(&mut v);
    out
}

/// `bytes` copied into a block of exactly their length.
pub fn exact_bytes(bytes: &[u8]) -> Box<[u8]> {
    Box::from(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_is_dropped_and_the_elements_kept() {
        let mut v: Vec<String> = Vec::with_capacity(16);
        v.extend((0..10).map(|i| i.to_string()));
        let before = v.as_ptr();
        let v = exact_vec(v);
        assert_eq!((v.len(), v.capacity()), (10, 10));
        assert_ne!(
            v.as_ptr(),
            before,
            "a new allocation, not one shrunk in place"
        );
        assert_eq!(v[9], "9");
    }

    #[test]
    fn an_exact_or_empty_vector_is_left_as_it_is() {
        let v = vec![1u8, 2, 3];
        let before = v.as_ptr();
        let same = exact_vec(v);
        assert_eq!(same.as_ptr(), before);
        let empty: Vec<u64> = Vec::with_capacity(8);
        assert_eq!(exact_vec(empty).capacity(), 0);
        assert_eq!(&*exact_bytes(b"lz4"), b"lz4");
    }
}
